"""Turning in-memory arrays into a batched, shuffled, prefetched `tf.data.Dataset`."""

import numpy as np
import tensorflow as tf

from kerasgan.data.labels import LABEL_RANGE_FIX


def scale_to_unit_range(x):
    """uint8 [0, 255] -> float32 [-1, 1]; floats are cast to float32 unchanged."""
    if x.dtype == tf.uint8:
        return tf.cast(x, tf.float32) / 127.5 - 1.0
    return tf.cast(x, tf.float32)


def finish(ds, *, deterministic):
    """Prefetches and applies the determinism option: the last stage of every pipeline."""
    options = tf.data.Options()
    options.deterministic = bool(deterministic)
    return ds.with_options(options).prefetch(tf.data.AUTOTUNE)


def from_arrays(x, y=None, *, batch_size, shuffle=True, seed=None, drop_remainder=True,
                repeat=False, deterministic=True):
    """A `tf.data.Dataset` of batches drawn from in-memory arrays.

    The pipeline shuffles *indices* (a perfect shuffle of the whole dataset,
    reshuffled every epoch, reproducible with `seed`), batches them and
    gathers each batch with one vectorized `tf.gather`, scaling uint8 data to
    [-1, 1] on the fly. That is faster than slicing element by element and
    keeps uint8 data at a quarter of the memory of float32.

    Args:
        x: A NumPy array `(n, ...)`: uint8 (scaled to [-1, 1] batch by batch)
            or floating point (cast to float32 as is).
        y: Optional integer labels `(n,)`, yielded as int32.
        batch_size: Examples per batch.
        shuffle: Shuffle every epoch. Defaults to True.
        seed: Shuffle seed. Defaults to None.
        drop_remainder: Drop the last, smaller batch. Defaults to True.
        repeat: Repeat forever (then pass `steps_per_epoch` to `fit`).
            Defaults to False.
        deterministic: Keep element order fixed. Defaults to True.

    Returns:
        A `tf.data.Dataset` of `x` batches, or `(x, y)` batches when `y` is given.
    """
    n = len(x)
    x_t = tf.constant(x)
    y_t = None if y is None else tf.constant(np.asarray(y, dtype="int32"))
    ds = tf.data.Dataset.range(n)
    if shuffle:
        ds = ds.shuffle(n, seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)

    if y_t is None:
        def gather(idx):
            return scale_to_unit_range(tf.gather(x_t, idx))
    else:
        def gather(idx):
            return scale_to_unit_range(tf.gather(x_t, idx)), tf.gather(y_t, idx)

    ds = ds.map(gather, num_parallel_calls=tf.data.AUTOTUNE, deterministic=deterministic)
    return finish(ds, deterministic=deterministic)


def check_label_range(ds, num_classes):
    """`ds` with a stage that fails on a batch whose labels leave `[0, num_classes)`.

    `ds` yields `(x, y, ...)` tuples with integer labels `y`; any other element
    structure is returned unchanged. The check runs in the input pipeline, on
    the host, so the compiled train step stays as it is. `num_classes=None`
    checks only that labels are non-negative.
    """
    spec = ds.element_spec
    if not isinstance(spec, tuple) or len(spec) < 2:
        return ds
    label_spec = spec[1]
    if not isinstance(label_spec, tf.TensorSpec) or not label_spec.dtype.is_integer:
        return ds
    high = "num_classes - 1" if num_classes is None else num_classes - 1
    message = (
        f"The dataset's labels must lie in [0, {high}]; this batch's lowest and highest "
        f"label follow. {LABEL_RANGE_FIX}"
    )

    def check(*element):
        y = element[1]
        ok = tf.reduce_all(y >= 0)
        if num_classes is not None:
            ok = tf.logical_and(ok, tf.reduce_all(y < tf.cast(num_classes, y.dtype)))
        assertion = tf.debugging.Assert(ok, [message, tf.reduce_min(y), tf.reduce_max(y)])
        with tf.control_dependencies([assertion]):
            y = tf.identity(y)
        return (element[0], y) + tuple(element[2:])

    return ds.map(check)
