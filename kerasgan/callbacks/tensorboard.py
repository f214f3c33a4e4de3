"""TensorBoard for GAN training: every logged loss and term, sample grids, metrics.

Summaries are written with `tf.summary.scalar` / `tf.summary.image`, the ops the
`tensorboard` package maintains (install `kerasgan[tensorboard]`). They work
under every Keras backend: TensorFlow is a dependency of kerasgan in any case
(`tf.data`), and the values written are plain numbers and uint8 pictures
copied off the device, so nothing here touches the training graph.
"""

import keras
import numpy as np

from kerasgan._utils import check_positive_int

_writers = {}


def _summary():
    import tensorflow as tf

    if not hasattr(tf.summary, "scalar"):  # tf.summary.scalar/image come from the tensorboard package
        raise ImportError("Writing TensorBoard summaries needs the `tensorboard` package. "
                          "Install it with `pip install kerasgan[tensorboard]`.")
    return tf.summary


def _writer(log_dir):
    log_dir = str(log_dir)
    if log_dir not in _writers:
        _writers[log_dir] = _summary().create_file_writer(log_dir)
    return _writers[log_dir]


def write_image(log_dir, name, picture, step):
    """Writes one uint8 `(H, W[, C])` picture as an image summary."""
    summary = _summary()
    picture = np.asarray(picture, dtype="uint8")
    if picture.ndim == 2:
        picture = picture[..., None]
    with _writer(log_dir).as_default():
        summary.image(name, picture[None], step=int(step))
    _writer(log_dir).flush()


def write_scalars(log_dir, values, step, *, prefix=""):
    """Writes a dict of scalars (non-numeric values are skipped)."""
    summary = _summary()
    with _writer(log_dir).as_default():
        for key, value in values.items():
            try:
                value = float(np.asarray(value))
            except (TypeError, ValueError):
                continue
            summary.scalar(f"{prefix}{key}", value, step=int(step))
    _writer(log_dir).flush()


@keras.saving.register_keras_serializable(package="kerasgan")
class TensorBoard(keras.callbacks.Callback):
    """Writes every value the GAN logs (`d_loss`, `g_loss`, `d/<term>`, `g/<term>`) to TensorBoard.

    Give the same `log_dir` to `SampleGrid`, `Interpolation` and `Evaluate`
    and one TensorBoard run shows the losses, the sample grids and the
    evaluation scalars side by side (`tensorboard --logdir runs/tb`).
    Epoch values are the epoch means Keras reports, at step `epoch + 1` (the
    step the grids use); with `update_freq=n`, the running values of every
    n-th batch are written too, under `batch/`, at the optimizer iteration.
    Non-finite values are written as they are (TensorBoard shows NaN).

    Example:

    ```python
    gan.fit(ds, epochs=10, callbacks=[
        kerasgan.callbacks.TensorBoard("runs/tb"),
        kerasgan.callbacks.SampleGrid("runs/grids", log_dir="runs/tb"),
    ])
    ```

    Args:
        log_dir: The TensorBoard log directory.
        update_freq: `"epoch"`, or write batch values every this many batches
            as well. Defaults to `"epoch"`.
    """

    def __init__(self, log_dir, *, update_freq="epoch"):
        super().__init__()
        self.log_dir = str(log_dir)
        if update_freq != "epoch":
            update_freq = check_positive_int("update_freq", update_freq)
        self.update_freq = update_freq
        self._batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self._batches += 1
        if self.update_freq != "epoch" and self._batches % self.update_freq == 0:
            step = int(self.model.optimizer.iterations) if self.model is not None else self._batches
            write_scalars(self.log_dir, logs or {}, step, prefix="batch/")

    def on_epoch_end(self, epoch, logs=None):
        write_scalars(self.log_dir, logs or {}, epoch + 1)

    def get_config(self):
        return {"log_dir": self.log_dir, "update_freq": self.update_freq}

