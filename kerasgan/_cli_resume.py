"""`kerasgan train`'s argument checks, run config and exact resume (checkpoint every N steps).

The data stream of a run is `kerasgan.data.load(..., repeat=True, start_batch=g)`:
batch g of it is a function of (seed, g), so a run resumed at step g from its
checkpoint (model, optimizers, seed state and progress in one file) trains on
exactly the batches the uninterrupted run trains on, and ends bitwise equal.
"""

import math
import os

from kerasgan.callbacks import _checkpoint_files as files

# The settings that change what a run computes; a resume must not change them.
CONFIG_KEYS = ("data", "model", "loss", "batch_size", "latent_dim", "image_size", "lr", "beta1",
               "beta2", "steps_per_epoch", "seed", "base_filters")
_NEEDS_AUTOENCODER = ("began", "ebgan")


class UsageError(ValueError):
    """A bad flag (exit code 2)."""


def _flag(name):
    return "--" + name.replace("_", "-")


def _check(args, name, ok, what):
    value = getattr(args, name)
    if value is not None and not ok(value):
        raise UsageError(f"{_flag(name)} must be {what}. Received: {_flag(name)} {value}")


def check_train_args(args):
    """Refuses every out-of-range flag before any work starts."""
    for name in ("epochs", "batch_size", "steps_per_epoch", "latent_dim", "image_size",
                 "base_filters", "save_every", "keep"):
        _check(args, name, lambda v: v >= 1, "a positive integer (>= 1)")
    _check(args, "seed", lambda v: 0 <= v < 2**31, "an integer in [0, 2**31)")
    _check(args, "lr", lambda v: math.isfinite(v) and v > 0, "a positive finite number, e.g. 2e-4")
    for name in ("beta1", "beta2"):
        _check(args, name, lambda v: 0 <= v < 1, "in [0, 1), e.g. 0.5 or 0.9")
    if args.loss in _NEEDS_AUTOENCODER:
        raise UsageError(f"--loss {args.loss} needs an autoencoder discriminator (its output is a "
                         "reconstruction of the input); the CLI's mlp and dcgan discriminators "
                         "output one logit. Use another --loss, or the Python API with an "
                         "autoencoder discriminator.")
    check_out_dir(args.out)


def check_out_dir(out):
    """`--out` must be (or become) a writable folder."""
    if os.path.exists(out) and not os.path.isdir(out):
        raise UsageError(f"--out must be a folder; {out} is a file. Pass a folder path.")
    parent = out
    while parent and not os.path.exists(parent):
        parent = os.path.dirname(parent)
    parent = parent or "."
    if not os.path.isdir(parent):
        raise UsageError(f"--out {out} lies under {parent}, which is a file, not a folder.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: {parent} is not writable. Pass a folder you can write to.")


def run_config(args):
    """The run's settings that a resume must keep (a JSON-able dict)."""
    return {key: getattr(args, key) for key in CONFIG_KEYS}


def refuse_changed_config(record, config, path):
    """Raises `UsageError` naming every setting that differs from the checkpoint's."""
    saved = record.get("config")
    if saved is None:
        return
    if files.config_hash(saved) != record.get("config_hash"):
        raise files.CheckpointError(f"{path}: its config record does not match its hash; refusing to resume.")
    diff = files.config_differences(saved, config)
    if diff:
        raise UsageError(f"{path} was trained with other settings; resuming would mix them: "
                         + "; ".join(diff) + ". Pass the original flags, or a new --out.")


def load_stream(args, start_batch):
    import kerasgan

    return kerasgan.data.load(args.data, batch_size=args.batch_size, image_size=args.image_size,
                              seed=args.seed, repeat=True, start_batch=start_batch)


def fit_resumable(gan, args, steps_per_epoch, callbacks, checkpoint, record):
    """Trains to `args.epochs`, starting at the record's (epoch, step) and data position."""
    epoch, step, position = 0, 0, 0
    if record is not None:
        epoch, step, position = int(record["epoch"]), int(record["step"]), int(record["data_batch"])
        checkpoint.resume_from(record)
    common = dict(callbacks=callbacks, verbose=getattr(args, "keras_verbose", 2), shuffle=False)
    if step:  # finish the interrupted epoch first, from its next step
        gan.fit(load_stream(args, position), epochs=epoch + 1, initial_epoch=epoch,
                steps_per_epoch=steps_per_epoch - step, **common)
        for callback in callbacks:
            if hasattr(callback, "append"):
                callback.append = True  # CSVLogger: keep the rows written so far
        epoch, position = epoch + 1, position + steps_per_epoch - step
        if gan.stop_training or epoch >= args.epochs:
            return
    gan.fit(load_stream(args, position), epochs=args.epochs, initial_epoch=epoch,
            steps_per_epoch=steps_per_epoch, **common)
