"""Safe checkpoints: save only healthy models, stop on NaN, never half-write a file."""

import json
import math
import os

import keras
import numpy as np

from kerasgan._utils import check_positive_int, write_atomically


def _non_finite(logs):
    bad = []
    for key, value in (logs or {}).items():
        try:
            value = float(value)
        except (TypeError, ValueError):
            continue
        if not math.isfinite(value):
            bad.append(key)
    return bad


def write_json(path, payload):
    """Writes JSON atomically (temporary sibling + rename)."""
    def write(tmp):
        with open(tmp, "w") as f:
            json.dump(payload, f, indent=2)

    write_atomically(path, write, suffix=".json")


class StopOnNaN(keras.callbacks.Callback):
    """Stops training as soon as a logged loss is NaN or infinite, and says so.

    Unlike `keras.callbacks.TerminateOnNaN`, which watches only `loss`, this
    watches every value the GAN logs (`d_loss`, `g_loss`, penalties).
    """

    def __init__(self):
        super().__init__()
        self.stopped_at = None
        self.bad_keys = []

    def on_train_batch_end(self, batch, logs=None):
        bad = _non_finite(logs)
        if bad and self.stopped_at is None:
            self.stopped_at = batch
            self.bad_keys = bad
            self.model.stop_training = True
            print(
                f"\nkerasgan: training stopped at batch {batch}: {', '.join(sorted(bad))} "
                "became NaN or infinite. The last checkpoint (if any) is kept unchanged. "
                "Lower the learning rates, add a gradient penalty, or check the data range."
            )


class Checkpoint(keras.callbacks.Callback):
    """Saves the whole GAN to `filepath` (`.keras`) at the end of healthy epochs.

    An epoch whose logs hold a NaN or an infinite value, or whose weights are not
    finite, is not saved: the last good file stays in place. Saving is atomic.
    Beside the model, `<filepath>.json` records the last saved epoch, so a run
    can resume with `initial_epoch` (the `kerasgan train` command does).

    Args:
        filepath: Destination `.keras` file.
        every_n_epochs: Defaults to 1.
    """

    def __init__(self, filepath, *, every_n_epochs=1):
        super().__init__()
        self.filepath = os.fspath(filepath)
        if not self.filepath.endswith(".keras"):
            raise ValueError(f"`filepath` must end in .keras. Received: filepath={self.filepath!r}")
        self.every_n_epochs = check_positive_int("every_n_epochs", every_n_epochs)
        self.saved_epochs = []
        self.skipped_epochs = []

    @property
    def state_path(self):
        return self.filepath + ".json"

    def _weights_finite(self):
        return all(np.isfinite(keras.ops.convert_to_numpy(v)).all() for v in self.model.trainable_variables)

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        if _non_finite(logs) or not self._weights_finite():
            self.skipped_epochs.append(epoch + 1)
            return
        self.model.save(self.filepath)
        write_json(self.state_path, {"epoch": epoch + 1})
        self.saved_epochs.append(epoch + 1)


def saved_epoch(filepath):
    """The epoch recorded beside a checkpoint, or 0 when there is none."""
    try:
        with open(os.fspath(filepath) + ".json") as f:
            return int(json.load(f)["epoch"])
    except (OSError, ValueError, KeyError):
        return 0
