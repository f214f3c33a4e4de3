"""TensorBoard writing for kerasgan's callbacks.

Summaries are written with TensorFlow's core `tf.summary.write` op and the
plugins' metadata, so the `tensorboard` package is needed only to *view* them,
not to write them.
"""

import numpy as np

from kerasgan.callbacks import images

_writers = {}


def _writer(log_dir):
    import tensorflow as tf

    log_dir = str(log_dir)
    if log_dir not in _writers:
        _writers[log_dir] = tf.summary.create_file_writer(log_dir)
    return _writers[log_dir]


def _metadata(plugin, data_class):
    from tensorflow.core.framework import summary_pb2

    return summary_pb2.SummaryMetadata(
        plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name=plugin),
        data_class=getattr(summary_pb2, data_class),
    )


def write_image(log_dir, name, picture, step):
    """Writes one uint8 `(H, W[, C])` picture as an image summary (PNG-encoded)."""
    import tensorflow as tf

    picture = np.asarray(picture)
    height, width = picture.shape[:2]
    png = images.encode_png(picture)
    tensor = tf.constant([str(width).encode(), str(height).encode(), png])
    with _writer(log_dir).as_default():
        tf.summary.write(name, tensor, step=step, metadata=_metadata("images", "DATA_CLASS_BLOB_SEQUENCE"))
    _writer(log_dir).flush()


def write_scalars(log_dir, values, step, *, prefix=""):
    """Writes a dict of scalars."""
    import tensorflow as tf

    metadata = _metadata("scalars", "DATA_CLASS_SCALAR")
    with _writer(log_dir).as_default():
        for key, value in values.items():
            tf.summary.write(f"{prefix}{key}", tf.constant(float(value), tf.float32), step=step, metadata=metadata)
    _writer(log_dir).flush()
