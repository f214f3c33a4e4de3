"""The run config of `kerasgan train`: written into every run folder, read by `--config`.

A config is a flat JSON object whose keys are the `train` flags (`batch_size`
or `batch-size`). Precedence, lowest first: the flag defaults, the run folder's
own `config.json` (so resuming needs only `--out`), the `--config` file, then
the flags typed on the command line. Resuming with settings that differ from
the stored ones is refused with the difference shown, unless `--override`.
"""

import json
import os
import sys

CONFIG_NAME = "config.json"
# Every setting that defines a run (what `--config` reproduces).
RUN_KEYS = ("data", "model", "loss", "epochs", "batch_size", "latent_dim", "image_size", "lr", "beta1",
            "beta2", "steps_per_epoch", "seed", "base_filters", "no_export", "log_dir", "save_every", "keep",
            "jit_compile")
# Settings a resumed run may change without --override: how long to train and what to write.
NOT_COMPARED = frozenset({"epochs", "no_export", "log_dir", "save_every", "keep"})
# Settings --override can change on resume: a new objective and new optimizers.
RECOMPILE_KEYS = frozenset({"loss", "lr", "beta1", "beta2"})
# Settings fixed by the saved networks' shapes.
NETWORK_KEYS = frozenset({"model", "latent_dim", "base_filters", "image_size"})
# Settings fixed by the saved compile: a compiled and an eager step round differently.
STEP_KEYS = frozenset({"jit_compile"})
# Losses whose per-sample gradient penalty batch norm in D breaks: the CLI's dcgan uses layer norm.
PENALIZED = frozenset({"wgan-gp"})
_PROGRESS = {"none": 0, "bar": 1, "epoch": 2}
_LEGACY_VERBOSE = {"0": "none", "1": "bar", "2": "epoch"}


def load(path):
    """Reads a run config file into a dict of `train` settings (underscored keys)."""
    path = os.fspath(path)
    if not path.endswith(".json"):
        raise ValueError(f"--config must be a .json file (a run folder's {CONFIG_NAME}). Received: --config {path}")
    if not os.path.isfile(path):
        raise ValueError(f"--config: no such file: {path}. Pass the config.json of a run folder.")
    with open(path) as f:
        try:
            raw = json.load(f)
        except json.JSONDecodeError as err:
            raise ValueError(f"--config {path} is not valid JSON: {err}") from None
    if not isinstance(raw, dict):
        raise ValueError(f"--config {path} must hold a JSON object of train settings. Received: {type(raw).__name__}")
    config = {key.replace("-", "_"): value for key, value in raw.items()}
    unknown = sorted(set(config) - set(RUN_KEYS))
    if unknown:
        raise ValueError(f"--config {path} has unknown settings {unknown}; valid settings: {', '.join(RUN_KEYS)}")
    return config


def stored(out):
    """The config stored in run folder `out`, or None."""
    path = os.path.join(os.fspath(out), CONFIG_NAME)
    return load(path) if os.path.isfile(path) else None


def train_defaults(args):
    """The settings that replace the flag defaults: `--preset`, the run folder's config, then `--config`."""
    defaults = preset_settings(args.preset) if getattr(args, "preset", None) else {}
    defaults.update(stored(args.out) or {})
    if args.config is not None:
        defaults.update(load(args.config))
    return defaults


def preset_settings(name):
    """The `train` settings of model preset `name`, for the presets that flags can express
    (an mlp or dcgan pair, a loss preset name, one constant-rate Adam for both players).

    Raises:
        ValueError: for an unknown preset, or one that needs the Python API.
    """
    from kerasgan import presets

    try:
        preset = presets.get(name)
    except ValueError as err:
        raise ValueError(f"--preset: {err}") from None
    g, d = preset.g_optimizer, preset.d_optimizer
    adam = g == d and g.get("class_name") == "Adam" and isinstance(g["config"].get("learning_rate"), float)
    # The CLI's dcgan gets layer norm in D for penalized losses, batch norm otherwise.
    normalization = "layer" if preset.loss in PENALIZED else "batch"
    builder_args = {"mlp": set(), "dcgan": {"base_filters", "normalization"}}.get(preset.model)
    networks = (builder_args is not None and set(preset.model_args) <= builder_args
                and (preset.model != "dcgan" or preset.model_args.get("normalization", "batch") == normalization))
    if not (networks and adam and isinstance(preset.loss, str) and preset.discriminator_steps is None):
        raise ValueError(f"--preset {name} ({preset.model}, {preset.loss}) uses settings the train flags "
                         f"cannot express; train it from Python: kerasgan.GAN.from_preset({name!r}, "
                         "weights=False), then fit it on kerasgan.presets.get(...).dataset().")
    settings = {"data": preset.data, "model": preset.model, "loss": preset.loss, "batch_size": preset.batch_size,
                "latent_dim": preset.latent_dim, "image_size": preset.image_size, "seed": preset.seed,
                "lr": g["config"]["learning_rate"], "beta1": g["config"].get("beta_1", 0.9),
                "beta2": g["config"].get("beta_2", 0.999), "epochs": preset.epochs,
                "steps_per_epoch": preset.steps_per_epoch,
                "base_filters": preset.model_args.get("base_filters")}
    return {key: value for key, value in settings.items() if value is not None}


def run_config(args):
    """The settings of `args` that define the run."""
    return {key: getattr(args, key) for key in RUN_KEYS}


def differences(old, new):
    """`[(key, old value, new value)]` for the compared settings that differ."""
    keys = [key for key in RUN_KEYS if key not in NOT_COMPARED and (key in old or key in new)]
    return [(key, old.get(key), new.get(key)) for key in keys if old.get(key) != new.get(key)]


def check_resume(out, args):
    """Compares run folder `out`'s config with `args`; returns the differing keys.

    Raises:
        ValueError: when they differ without `--override`, or when `--override`
            would change the networks' shapes.
    """
    old = stored(out)
    if old is None:
        return []
    diff = differences(old, run_config(args))
    if not diff:
        return []
    shown = "\n".join(f"  {key}: {before!r} -> {after!r}" for key, before, after in diff)
    path = os.path.join(os.fspath(out), CONFIG_NAME)
    if not args.override:
        raise ValueError(
            f"{out} was trained with other settings ({path}):\n{shown}\n"
            "Drop these flags to resume as stored, start a new --out, or pass --override to resume with "
            "the new settings.")
    fixed = [key for key, _, _ in diff if key in NETWORK_KEYS]
    if fixed:
        raise ValueError(f"--override cannot change {', '.join(fixed)}: the saved networks were built with "
                         f"them ({path}):\n{shown}\nStart a new --out instead.")
    fixed = [key for key, _, _ in diff if key in STEP_KEYS]
    if fixed:
        raise ValueError(f"--override cannot change {', '.join(fixed)}: the saved training step was compiled "
                         f"with it, and a resumed run continues that step ({path}):\n{shown}\n"
                         "Start a new --out instead.")
    print(f"kerasgan: --override: resuming {out} with new settings:\n{shown}")
    return [key for key, _, _ in diff]


def write(out, args):
    """Writes `args`' run config into `out/config.json` (atomically)."""
    from kerasgan.callbacks import checkpoint

    checkpoint.write_json(os.path.join(os.fspath(out), CONFIG_NAME), run_config(args))


def finish_train_args(args):
    """Checks what argparse cannot (a value may come from a config) and resolves `--progress`."""
    if args.data is None:
        raise ValueError("--data is required (or a --config, or a run folder's config.json, that gives it). "
                         "Received no --data.")
    if args.verbose not in (None, "logs", *_LEGACY_VERBOSE):
        raise ValueError(f"--verbose takes no value (show TensorFlow's logs) or 0, 1, 2. Received: --verbose {args.verbose}")
    progress = _LEGACY_VERBOSE.get(args.verbose, args.progress)
    if progress == "auto":
        progress = "bar" if sys.stdout.isatty() else "epoch"
    args.keras_verbose = _PROGRESS[progress]
    return args
