"""The files of `Checkpoint`: one `.keras` file holding the GAN *and* its progress.

The progress record (epoch, step, data position, optimizer iterations, config
hash) is an extra entry of the `.keras` zip, written into the temporary file
before it is fsynced and renamed: the model and its progress can never
disagree, and there is no side file. The last `keep` files are kept as
`<stem>.keras` (newest), `<stem>.1.keras`, `<stem>.2.keras`, ...
"""

import hashlib
import json
import os
import re
import zipfile

import keras
import numpy as np

from kerasgan import _keras_private

PROGRESS_ENTRY = "kerasgan_progress.json"
FORMAT = 1


class CheckpointError(ValueError):
    """A checkpoint that cannot be resumed from: unreadable, or its progress refused."""


class UnreadableCheckpoint(CheckpointError):
    """The file is not a complete `.keras` file (a fall-back to an older one is safe)."""


def config_hash(config):
    """A short, stable hash of a run's settings (a JSON-able dict, e.g. the CLI arguments)."""
    text = json.dumps(config, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def config_differences(saved, current):
    """`["--lr: 0.0002 -> 0.001", ...]`: the settings that differ between two configs."""
    keys = sorted(set(saved) | set(current))
    return [f"--{k.replace('_', '-')}: {saved.get(k)!r} -> {current.get(k)!r}"
            for k in keys if saved.get(k) != current.get(k)]


def previous_path(filepath, index):
    """`run/gan.keras`, 2 -> `run/gan.2.keras`."""
    return f"{filepath[:-len('.keras')]}.{index}.keras"


def candidates(filepath):
    """The checkpoint files of `filepath`, newest first: itself, then `<stem>.1.keras`, ..."""
    directory = os.path.dirname(os.path.abspath(filepath))
    stem = os.path.basename(filepath)[:-len(".keras")]
    pattern = re.compile(re.escape(stem) + r"\.(\d+)\.keras$")
    older = sorted((int(m.group(1)), os.path.join(directory, name))
                   for name in (os.listdir(directory) if os.path.isdir(directory) else ())
                   for m in [pattern.match(name)] if m)
    found = [filepath] if os.path.exists(filepath) else []
    return found + [path for _, path in older]


def temp_prefix(filepath):
    return f".tmp-{os.path.basename(filepath)}-"


def remove_stale_temps(filepath):
    """Deletes the temporary files a killed save of `filepath` left behind; returns their names."""
    directory = os.path.dirname(os.path.abspath(filepath))
    prefix = temp_prefix(filepath)
    stale = [name for name in os.listdir(directory) if name.startswith(prefix)] if os.path.isdir(directory) else []
    for name in stale:
        os.remove(os.path.join(directory, name))
    return stale


def non_finite_variables(model):
    """Paths of the model's variables (non-trainable and optimizer state included) holding NaN/inf."""
    seen, bad = set(), []
    optimizer = getattr(model, "optimizer", None)
    for var in list(model.variables) + list(getattr(optimizer, "variables", [])):
        if id(var) in seen:
            continue
        seen.add(id(var))
        value = np.asarray(keras.ops.convert_to_numpy(var))
        if np.issubdtype(value.dtype, np.floating) and not np.isfinite(value).all():
            bad.append(getattr(var, "path", var.name))
    return bad


def optimizer_iterations(gan):
    return {"g_iterations": int(keras.ops.convert_to_numpy(gan.g_optimizer.iterations)),
            "d_iterations": int(keras.ops.convert_to_numpy(gan.d_optimizer.iterations))}


def _rotate(filepath, keep):
    """Shifts the older files by one, hard-linking the current newest to `<stem>.1.keras`."""
    for index in range(keep - 1, 1, -1):
        if os.path.exists(previous_path(filepath, index - 1)):
            os.replace(previous_path(filepath, index - 1), previous_path(filepath, index))
    if keep >= 2 and os.path.exists(filepath):
        link = previous_path(filepath, 1) + ".link"
        if os.path.exists(link):
            os.remove(link)
        try:
            os.link(filepath, link)
        except OSError:  # a file system without hard links
            import shutil

            shutil.copyfile(filepath, link)
        os.replace(link, previous_path(filepath, 1))


def save(gan, filepath, progress, keep):
    """Writes `gan` and `progress` atomically (temp file, fsync, rename), keeping `keep` files."""
    from kerasgan._utils import write_atomically

    record = dict(progress, format=FORMAT, **optimizer_iterations(gan))

    _keras_private.cache_saving_skipsets()

    def write(tmp):
        keras.Model.save(gan, tmp, overwrite=True)
        with zipfile.ZipFile(tmp, "a") as archive:
            archive.writestr(PROGRESS_ENTRY, json.dumps(record, sort_keys=True))

    write_atomically(filepath, write, suffix=".keras", prefix=temp_prefix(filepath), fsync=True,
                     before_replace=lambda tmp: _rotate(filepath, keep))
    return record


def read_progress(path):
    """The progress record inside a checkpoint.

    Raises `UnreadableCheckpoint` for a file that is not a complete zip, and
    `CheckpointError` for a readable file without (or with a broken) record.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                raise zipfile.BadZipFile("a member fails its CRC check")
            names = archive.namelist()
            raw = archive.read(PROGRESS_ENTRY) if PROGRESS_ENTRY in names else None
    except (zipfile.BadZipFile, EOFError, OSError) as err:
        raise UnreadableCheckpoint(f"{path} is not a complete .keras file ({err})") from err
    if raw is None:
        raise CheckpointError(
            f"{path} holds no progress record (epoch, step, data position), so resuming from "
            "it would silently retrain on trained weights. Refusing; start a new run with a "
            "new --out, or resume from a file written by kerasgan's Checkpoint.")
    try:
        record = json.loads(raw)
        for key in ("epoch", "step", "global_step", "g_iterations", "d_iterations"):
            int(record[key])
    except (ValueError, KeyError, TypeError) as err:
        raise CheckpointError(f"{path}: its progress record is broken ({err!r}); refusing to resume.") from err
    return record


def check_progress(gan, record, path):
    """Refuses a record that disagrees with the model's optimizer iteration counts."""
    actual = optimizer_iterations(gan)
    wrong = {k: (record[k], v) for k, v in actual.items() if int(record[k]) != v}
    spe = record.get("steps_per_epoch")
    if spe and record["epoch"] * spe + record["step"] != record["global_step"]:
        wrong["global_step"] = (record["global_step"], record["epoch"] * spe + record["step"])
    if wrong:
        detail = ", ".join(f"{k}: record {a}, model {b}" for k, (a, b) in sorted(wrong.items()))
        raise CheckpointError(f"{path}: the progress record disagrees with the model ({detail}); "
                              "refusing to resume from it.")


def load_latest(filepath, log=print):
    """`(gan, record, path)` from the newest readable checkpoint of `filepath`.

    An unreadable newest file is reported through `log` and the previous one is
    tried; a file whose progress is missing or disagrees raises `CheckpointError`.
    """
    paths = candidates(filepath)
    problems = []
    for path in paths:
        try:
            record = read_progress(path)
            gan = keras.models.load_model(path)
        except UnreadableCheckpoint as err:
            problems.append(str(err))
            log(f"kerasgan: {err}; falling back to the previous checkpoint.")
            continue
        except (ValueError, OSError, KeyError) as err:
            if isinstance(err, CheckpointError):
                raise
            problems.append(f"{path}: {type(err).__name__}: {err}")
            log(f"kerasgan: {path} cannot be loaded ({type(err).__name__}: {err}); "
                "falling back to the previous checkpoint.")
            continue
        check_progress(gan, record, path)
        if path != paths[0]:
            log(f"kerasgan: resuming from the previous checkpoint {path}.")
        return gan, record, path
    raise CheckpointError(f"No readable checkpoint of {filepath}: " + "; ".join(problems or ["none found"]))
