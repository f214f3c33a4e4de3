"""`kerasgan.data.load`: one entry point for every data source."""

import os

from kerasgan._utils import check_positive_int
from kerasgan.data import _arrays
from kerasgan.data.mixtures import DEFAULT_NUM_SAMPLES, MIXTURES

MNIST_FAMILY = ("mnist", "fashion_mnist", "stacked_mnist")
BUILTINS = ("digits",) + MNIST_FAMILY + MIXTURES


def _check_bool(name, value):
    if not isinstance(value, bool):
        raise TypeError(f"`{name}` must be True or False. Received: {name}={value!r}")


def _reject(source, **kwargs):
    for name, value in kwargs.items():
        if value is not None:
            raise ValueError(
                f"`{name}` does not apply to {source}; leave it as None. "
                f"Received: {name}={value!r}"
            )


def _unknown(name_or_path):
    return ValueError(
        "`name_or_path` must be a built-in dataset name ("
        + ", ".join(repr(b) for b in BUILTINS)
        + "), 'tfds:<name>', or an existing folder of images or .npz/.npy file. "
        f"Received: name_or_path={name_or_path!r}, which is none of these "
        "(no such file or directory)."
    )


def load(name_or_path, *, batch_size, labels=False, shuffle=True, seed=None,
         num_samples=None, image_size=None, channels=None, drop_remainder=True,
         repeat=False, cache=True, deterministic=True, split="train", data_dir=None,
         start_batch=0):
    """Loads a dataset as a batched `tf.data.Dataset` ready for `GAN.fit`.

    Images come out float32 in [-1, 1] (uint8 values v are mapped to
    v / 127.5 - 1), matching a `tanh` generator. The Gaussian mixtures come out
    in their benchmark coordinates (see `sample_mixture`).

    Sources:

    - `"ring"`, `"grid"`: the PacGAN/VEEGAN Gaussian mixtures (8 modes on the
      unit circle, σ = 0.01; 25 modes on {-4, -2, 0, 2, 4}², σ = 0.05), 2-D
      points *not* rescaled. `num_samples` defaults to 100,000; the points
      are drawn once with `seed`. Labels are mode indices.
    - `"digits"`: scikit-learn's bundled 8×8 digits (1,797 images, no
      download), shape `(8, 8, 1)` or resized with `image_size`.
    - `"mnist"`, `"fashion_mnist"`: 28×28×1, `split="train"` (60,000) or
      `"test"` (10,000), through `keras.datasets`; MNIST also works offline
      from kerasgan's converted copy (see `kerasgan.data.mnist_arrays`).
    - `"stacked_mnist"`: three independent MNIST digits as R, G, B (28×28×3,
      1,000 modes; labels are the modes 100·d_R + 10·d_G + d_B);
      `num_samples` defaults to 128,000 (see `stacked_mnist_arrays`).
    - a folder: every .png/.jpg/.jpeg below it; with `labels=True` each
      sub-folder is a class (sorted names; `dataset.class_names`).
    - a `.npz` file with an array `x` (and labels `y`), or a `.npy` array.
    - `"tfds:<name>"`: `tensorflow_datasets.load(name, split=split)`, using
      the `"image"` and `"label"` features.

    Args:
        name_or_path: A built-in name, `"tfds:<name>"`, or a path.
        batch_size: Examples per batch (required).
        labels: Yield `(x, label)` pairs with int32 labels. Defaults to False.
        shuffle: Shuffle, and reshuffle every epoch. Defaults to True.
        seed: Integer seed for sampling, subsets and shuffling; the same seed
            gives the same batches. Defaults to None.
        num_samples: Use this many examples (a random subset drawn with
            `seed`). Defaults to None (all; 100,000 for the mixtures).
        image_size: An int or `(height, width)` to resize images to
            (bilinear; antialiased when shrinking). Defaults to None (keep;
            a folder's images must then share one size).
        channels: 1 or 3 to convert images. Defaults to None (the source's own:
            1 for digits, 3 for folders).
        drop_remainder: Drop the last incomplete batch, so every batch has
            `batch_size` examples. Defaults to True.
        repeat: Repeat forever (pass `steps_per_epoch` to `fit`). Defaults
            to False.
        cache: Cache decoded images in memory after the first epoch (folders,
            TFDS; in-memory sources are cached by nature). Defaults to True.
        deterministic: Keep the element order reproducible; False lets
            parallel decoding deliver out of order (faster). Defaults to True.
        split: The TFDS split, or the MNIST split (`"train"`, `"test"`,
            `"train+test"`). Defaults to `"train"`.
        data_dir: The TFDS data directory. Defaults to None (TFDS's default).
        start_batch: With `repeat=True` and an in-memory source (the built-in
            names, `.npz`/`.npy` files), start the stream at this batch: the
            order of in-memory sources is a function of (seed, pass, batch),
            so a resumed run reads exactly the batches it would have read
            (the `kerasgan train` command resumes this way). Defaults to 0.

    Returns:
        A `tf.data.Dataset` of float32 batches, or `(x, y)` batches.

    Example:

    ```python
    ds = kerasgan.data.load("digits", batch_size=64, image_size=16)
    ring = kerasgan.data.load("ring", batch_size=100, labels=True, seed=0)
    ```

    Reference:
        Lin et al., 2018, "PacGAN", Section 5.1 (the mixtures).
    """
    check_positive_int("batch_size", batch_size)
    for flag in ("labels", "shuffle", "drop_remainder", "repeat", "cache", "deterministic"):
        _check_bool(flag, locals()[flag])
    seed = _arrays.check_seed(seed)
    check_positive_int("num_samples", num_samples, allow_none=True)
    _arrays.check_image_size(image_size)
    channels = _arrays.check_channels(channels)
    _arrays.check_start_batch(start_batch, repeat)
    pipeline = dict(batch_size=batch_size, shuffle=shuffle, seed=seed,
                    drop_remainder=drop_remainder, repeat=repeat,
                    deterministic=deterministic)

    if isinstance(name_or_path, str) and name_or_path.startswith("tfds:"):
        from kerasgan.data import tfds

        _reject("'tfds:<name>' (in-memory sources only)", start_batch=start_batch or None)
        return tfds.load_tfds(name_or_path[len("tfds:"):], split=split, data_dir=data_dir,
                              labels=labels, num_samples=num_samples, image_size=image_size,
                              channels=channels, cache=cache, **pipeline)
    if not isinstance(name_or_path, (str, os.PathLike)):
        raise TypeError(
            "`name_or_path` must be a string or a path. "
            f"Received: name_or_path={name_or_path!r} of type {type(name_or_path).__name__}"
        )
    _reject("this source (only to 'tfds:<name>')", data_dir=data_dir)
    in_memory = name_or_path in BUILTINS and name_or_path != "stacked_mnist" or os.path.isfile(name_or_path)
    if start_batch and not in_memory:
        raise ValueError("`start_batch` applies to in-memory sources (built-in names, .npz/.npy "
                         f"files) only. Received: start_batch={start_batch!r} for {name_or_path!r}")
    if name_or_path not in MNIST_FAMILY:
        _reject("this source (only to 'tfds:<name>' and the MNIST datasets)",
                split=None if split == "train" else split)

    if name_or_path == "stacked_mnist":
        from kerasgan.data.stacked_mnist import stacked_mnist_dataset

        _reject("'stacked_mnist' (always 3 channels)", channels=channels)
        return stacked_mnist_dataset(num_samples=num_samples, split=split,
                                     image_size=image_size, labels=labels, **pipeline)
    if name_or_path in ("mnist", "fashion_mnist"):
        from kerasgan.data.mnist import mnist_uint8

        x, y = mnist_uint8(name_or_path, split, num_samples=num_samples, seed=seed,
                           image_size=image_size, channels=channels)
    elif name_or_path in BUILTINS:
        x, y = _builtin(name_or_path, num_samples=num_samples, image_size=image_size,
                        channels=channels, seed=seed)
    elif os.path.isdir(name_or_path):
        from kerasgan.data import folder

        return folder.load_folder(name_or_path, labels=labels, num_samples=num_samples,
                                  image_size=image_size, channels=channels, cache=cache,
                                  **pipeline)
    elif os.path.isfile(name_or_path):
        from kerasgan.data import files

        x, y = files.load_file(name_or_path, labels=labels, num_samples=num_samples,
                               image_size=image_size, channels=channels, seed=seed)
    else:
        raise _unknown(name_or_path)

    return _in_memory(x, y if labels else None, start_batch=start_batch, **pipeline)


def _builtin(name, *, num_samples, image_size, channels, seed):
    if name == "digits":
        from kerasgan.data.digits import digits_arrays

        return digits_arrays(image_size=image_size, channels=channels or 1,
                             num_samples=num_samples, seed=seed)
    from kerasgan.data.mixtures import sample_mixture

    _reject(f"the {name!r} mixture (2-D points)", image_size=image_size, channels=channels)
    return sample_mixture(name, num_samples or DEFAULT_NUM_SAMPLES, seed=seed)


def _in_memory(x, y, *, batch_size, drop_remainder, **pipeline):
    _arrays.check_batch_fits(batch_size, len(x), drop_remainder)
    from kerasgan.data.pipeline import from_arrays

    return from_arrays(x, y, batch_size=batch_size, drop_remainder=drop_remainder, **pipeline)
