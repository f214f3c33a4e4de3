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


def _epoch_batches(n, batch_size, shuffle, seed, drop_remainder):
    """`one_pass(p)`: the batches of index pass `p`, a permutation that is a function of (seed, p)."""
    seed_t = tf.constant(seed, tf.int64)

    def one_pass(p):
        idx = tf.range(n, dtype=tf.int64)
        if shuffle:
            idx = tf.random.experimental.stateless_shuffle(idx, seed=tf.stack([seed_t, p]))
        return tf.data.Dataset.from_tensor_slices(idx).batch(batch_size, drop_remainder=drop_remainder)

    return one_pass


def batches_per_pass(n, batch_size, drop_remainder):
    """Batches in one pass over `n` examples."""
    return n // batch_size if drop_remainder else -(-n // batch_size)


def index_stream(n, *, batch_size, shuffle=True, seed=None, drop_remainder=True, repeat=False,
                 start_batch=0):
    """Batches of example indices whose order is a function of (seed, pass, batch).

    Pass `p` is the permutation `stateless_shuffle(range(n), seed=(seed, p))`. With
    `repeat`, the stream is pass 0, 1, 2, ... from `start_batch` on, a pure function
    of its arguments (what an exact resume needs). Without, each iteration of the
    dataset is one pass, numbered by the variable `dataset.kerasgan_pass`, which
    `GAN.fit` sets to `initial_epoch`: a resumed `fit` sees the epoch's own order.

    Returns:
        `(dataset, pass_variable_or_None)`.
    """
    if seed is None:
        seed = int(np.random.randint(0, 2**31 - 1))
    per_pass = batches_per_pass(n, batch_size, drop_remainder)
    one_pass = _epoch_batches(n, batch_size, shuffle, seed, drop_remainder)
    if repeat:
        first, skip = divmod(int(start_batch), per_pass)
        return tf.data.Dataset.counter(first, dtype=tf.int64).flat_map(one_pass).skip(skip), None
    if start_batch:
        raise ValueError(f"`start_batch` needs repeat=True. Received: start_batch={start_batch!r}")
    counter = tf.Variable(0, dtype=tf.int64, trainable=False, name="kerasgan_pass")
    ds = tf.data.Dataset.from_tensors(tf.constant(0, tf.int64)).map(lambda _: counter.assign_add(1) - 1)
    ds = ds.flat_map(one_pass).apply(tf.data.experimental.assert_cardinality(per_pass))
    return ds, counter


def attach_position(ds, counter, per_pass):
    """Records the pass counter and the batches per pass on the final dataset."""
    ds.kerasgan_pass = counter
    ds.batches_per_pass = per_pass
    return ds


def from_arrays(x, y=None, *, batch_size, shuffle=True, seed=None, drop_remainder=True,
                repeat=False, deterministic=True, start_batch=0):
    """A `tf.data.Dataset` of batches drawn from in-memory arrays.

    The pipeline shuffles *indices* (a perfect shuffle of the whole dataset,
    a new permutation every pass, each a function of `seed` and the pass
    number, see `index_stream`), batches them and gathers each batch with one
    vectorized `tf.gather`, scaling uint8 data to [-1, 1] on the fly. That is
    faster than slicing element by element and keeps uint8 data at a quarter
    of the memory of float32.

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
        start_batch: With `repeat`, start the stream at this batch (a resumed
            run's data position). Defaults to 0.

    Returns:
        A `tf.data.Dataset` of `x` batches, or `(x, y)` batches when `y` is given.
    """
    n = len(x)
    if np.issubdtype(x.dtype, np.floating) and not np.isfinite(x).all():
        raise ValueError(f"The data holds {int(np.size(x) - np.isfinite(x).sum())} NaN or infinite "
                         "value(s); a GAN would train on them. Clean the array first. "
                         f"Received: an array of shape {x.shape}")
    x_t = tf.constant(x)
    y_t = None if y is None else tf.constant(np.asarray(y, dtype="int32"))
    ds, counter = index_stream(n, batch_size=batch_size, shuffle=shuffle, seed=seed,
                               drop_remainder=drop_remainder, repeat=repeat, start_batch=start_batch)

    if y_t is None:
        def gather(idx):
            return scale_to_unit_range(tf.gather(x_t, idx))
    else:
        def gather(idx):
            return scale_to_unit_range(tf.gather(x_t, idx)), tf.gather(y_t, idx)

    ds = ds.map(gather, num_parallel_calls=tf.data.AUTOTUNE, deterministic=deterministic)
    ds = finish(ds, deterministic=deterministic)
    return attach_position(ds, counter, batches_per_pass(n, batch_size, drop_remainder))


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
