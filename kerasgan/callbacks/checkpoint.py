"""Safe checkpoints: save only healthy models, stop on NaN, never half-write a file."""

import json
import math
import os

import keras

from kerasgan._utils import check_positive_int, write_atomically
from kerasgan.callbacks import _checkpoint_files as files


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
    """Stops training as soon as a logged loss or penalty is NaN or infinite, and says so.

    Unlike `keras.callbacks.TerminateOnNaN`, which watches only `loss`, this
    watches every value the GAN logs (`d_loss`, `g_loss`, penalties). `GAN.fit`
    adds one unless `stop_on_nan=False`. The message names the terms, the epoch
    and the step; `GAN.fit` refuses non-finite array data and `kerasgan.data`
    non-finite in-memory data before training, so for those the batch itself
    was finite and the cause is the training.

    Attributes:
        stopped_at: `(epoch, step)` of the stop (1-based step), or None.
        bad_keys: The non-finite terms.
    """

    def __init__(self):
        super().__init__()
        self.stopped_at = None
        self.bad_keys = []
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        bad = _non_finite(logs)
        if bad and self.stopped_at is None:
            self.stopped_at = (self._epoch, batch + 1)
            self.bad_keys = sorted(bad)
            self.model.stop_training = True
            print(
                f"\nkerasgan: training stopped at epoch {self._epoch + 1}, step {batch + 1}: "
                f"{', '.join(self.bad_keys)} became NaN or infinite (the batch was "
                f"{_batch_note(self.model)}). The last checkpoint (if any) is kept unchanged. "
                "Lower the learning rates, add a gradient penalty, or check the data range."
            )


def _batch_note(model):
    return getattr(model, "_kerasgan_batch_note", "not checked: a foreign data source")


class Checkpoint(keras.callbacks.Callback):
    """Saves the whole GAN and its progress in one `.keras` file, atomically.

    The file holds the networks, both optimizers, the seed and hook state, and
    a progress record: epoch, step, data position, optimizer iteration counts
    and `config_hash` (see `kerasgan.callbacks.checkpoint.load_latest`). It is
    written to a temporary sibling, fsynced and renamed into place; the last
    `keep` files are kept (`gan.keras`, `gan.1.keras`, ...), so a newest file
    that is damaged later still leaves the previous one. Temporary files of a
    killed save are removed when training begins. A save is skipped, and the
    last good file kept, when a loss logged since the last save or any variable
    (non-trainable state and optimizer slots included) is NaN or infinite.

    Args:
        filepath: Destination `.keras` file.
        every_n_epochs: Save at the end of every n-th epoch. Defaults to 1.
        save_every: Also save every this many training steps, so that a killed
            run loses at most this many steps (the `kerasgan train --save-every`
            flag). Defaults to None (epoch ends only).
        keep: Checkpoint files kept (>= 1). Defaults to 2.
        config: A JSON-able dict of the run's settings, recorded with its hash
            so that a resume can refuse changed settings. Defaults to None.
        steps_per_epoch: Recorded in the progress (and checked on resume).
            Defaults to None (Keras's).
    """

    def __init__(self, filepath, *, every_n_epochs=1, save_every=None, keep=2, config=None,
                 steps_per_epoch=None):
        super().__init__()
        self.filepath = os.fspath(filepath)
        if not self.filepath.endswith(".keras"):
            raise ValueError(f"`filepath` must end in .keras. Received: filepath={self.filepath!r}")
        self.every_n_epochs = check_positive_int("every_n_epochs", every_n_epochs)
        self.save_every = check_positive_int("save_every", save_every, allow_none=True)
        self.keep = check_positive_int("keep", keep)
        self.steps_per_epoch = check_positive_int("steps_per_epoch", steps_per_epoch, allow_none=True)
        self.config = dict(config) if config is not None else None
        self.saved_epochs = []
        self.skipped_epochs = []
        self.saved_steps = []
        self._epoch, self._step, self._global = 0, 0, 0
        self._bad_since_save = False
        self._due = False

    def resume_from(self, record):
        """Continues the step count of a run resumed from `record` (a progress record)."""
        self._epoch, self._step, self._global = (int(record["epoch"]), int(record["step"]),
                                                 int(record["global_step"]))

    def on_train_begin(self, logs=None):
        stale = files.remove_stale_temps(self.filepath)
        if stale:
            print(f"kerasgan: removed {len(stale)} temporary file(s) of an interrupted save: "
                  + ", ".join(stale))

    def on_epoch_begin(self, epoch, logs=None):
        if epoch != self._epoch:
            self._epoch, self._step = epoch, 0
        steps = (self.params or {}).get("steps")
        self._epoch_steps = self._step + steps if steps else None

    def on_train_batch_end(self, batch, logs=None):
        self._step += 1
        self._global += 1
        self._bad_since_save |= bool(_non_finite(logs))
        if self.save_every and self._global % self.save_every == 0:
            if self._step == getattr(self, "_epoch_steps", None):
                self._due = True  # the epoch end saves it
            else:
                self._save(self._epoch, self._step)

    def on_epoch_end(self, epoch, logs=None):
        self._bad_since_save |= bool(_non_finite(logs))
        self._epoch, self._step = epoch + 1, 0
        if self._due or (epoch + 1) % self.every_n_epochs == 0:
            self._due = False
            if self._save(epoch + 1, 0):
                self.saved_epochs.append(epoch + 1)
            else:
                self.skipped_epochs.append(epoch + 1)

    def _save(self, epoch, step):
        bad = ["a logged loss"] if self._bad_since_save else []
        bad += files.non_finite_variables(self.model)
        self._bad_since_save = False
        if bad:
            print(f"\nkerasgan: not saving epoch {epoch}, step {step}: {', '.join(bad[:5])} "
                  f"{'is' if len(bad) == 1 else 'are'} NaN or infinite; {self.filepath} is kept unchanged.")
            return False
        progress = {"epoch": epoch, "step": step, "global_step": self._global,
                    "data_batch": self._global, "steps_per_epoch": self.steps_per_epoch}
        if self.config is not None:
            progress.update(config=self.config, config_hash=files.config_hash(self.config))
        files.save(self.model, self.filepath, progress, self.keep)
        self.saved_steps.append(self._global)
        return True


def saved_epoch(filepath):
    """The epoch recorded in a checkpoint's progress, or 0 when there is no file."""
    if not os.path.exists(os.fspath(filepath)):
        return 0
    return int(files.read_progress(os.fspath(filepath))["epoch"])


load_latest = files.load_latest
config_hash = files.config_hash
CheckpointError = files.CheckpointError
