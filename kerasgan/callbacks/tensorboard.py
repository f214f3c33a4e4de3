"""TensorBoard writing for kerasgan's callbacks (TensorFlow's summary API)."""

import numpy as np

_writers = {}


def _writer(log_dir):
    import tensorflow as tf

    if log_dir not in _writers:
        _writers[log_dir] = tf.summary.create_file_writer(log_dir)
    return _writers[log_dir]


def write_image(log_dir, name, picture, step):
    """Writes one uint8 `(H, W, C)` picture as an image summary."""
    import tensorflow as tf

    picture = np.asarray(picture)
    if picture.ndim == 2:
        picture = picture[..., None]
    with _writer(log_dir).as_default():
        tf.summary.image(name, picture[None], step=step)
    _writer(log_dir).flush()


def write_scalars(log_dir, values, step):
    """Writes a dict of scalars."""
    import tensorflow as tf

    with _writer(log_dir).as_default():
        for key, value in values.items():
            tf.summary.scalar(key, float(value), step=step)
    _writer(log_dir).flush()
