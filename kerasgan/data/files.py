"""Arrays saved with NumPy: a `.npz` archive (`x`, optional `y`) or a `.npy` array."""

import os

import numpy as np

from kerasgan.data import _arrays


def _read(path, labels):
    try:
        return _read_arrays(path, labels)
    except (ValueError, OSError, EOFError) as err:
        if str(path) in str(err):
            raise
        raise ValueError(f"Cannot read {str(path)!r} as a NumPy file ({type(err).__name__}: {err}). "
                         "Pass a file written by np.save / np.savez (without pickled objects).") from err


def _read_arrays(path, labels):
    suffix = os.path.splitext(str(path))[1].lower()
    if suffix not in (".npz", ".npy"):
        raise ValueError(
            "`name_or_path` must be a folder of images or a .npz/.npy file. "
            f"Received: name_or_path={str(path)!r} (suffix {suffix!r})"
        )
    if suffix == ".npy":
        if labels:
            raise ValueError(
                "`labels=True` needs labels, and a .npy file holds one array. Save "
                "np.savez(path, x=x, y=y) instead, or pass labels=False. "
                f"Received: labels=True with {str(path)!r}"
            )
        return np.load(path, allow_pickle=False), None
    with np.load(path, allow_pickle=False) as archive:
        keys = sorted(archive.files)
        if "x" not in keys:
            raise ValueError(
                f"A .npz file must hold the examples under the key 'x' (and labels under "
                f"'y'). Received: {str(path)!r} with keys {keys}"
            )
        if labels and "y" not in keys:
            raise ValueError(
                f"`labels=True` needs labels under the key 'y' of the .npz file. "
                f"Received: {str(path)!r} with keys {keys}"
            )
        return archive["x"], (archive["y"] if labels else None)


def _check_x(x, path):
    where = f"in {str(path)!r}"
    if x.ndim not in (2, 3, 4):
        raise ValueError(
            "The examples must be vectors (n, d) or images (n, h, w) / (n, h, w, c). "
            f"Received: shape {x.shape} {where}"
        )
    if np.issubdtype(x.dtype, np.integer) and not np.issubdtype(x.dtype, np.bool_):
        if x.dtype != np.uint8 and x.ndim > 2:
            if x.size and (x.min() < 0 or x.max() > 255):
                raise ValueError(
                    f"Integer images must lie in [0, 255]. Received: values in "
                    f"[{x.min()}, {x.max()}] {where}"
                )
            x = x.astype("uint8")
        return x if x.ndim > 2 else x.astype("float32")
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            "The examples must be uint8 images in [0, 255] or floating point data. "
            f"Received: dtype {x.dtype} {where}"
        )
    if not np.all(np.isfinite(x)):
        raise ValueError(f"The examples contain NaN or infinite values {where}.")
    if x.ndim > 2 and x.size and (x.min() < -1.001 or x.max() > 1.001):
        raise ValueError(
            "Floating-point images must already be scaled to [-1, 1]. Received: values "
            f"in [{x.min():.4g}, {x.max():.4g}] {where}. Save uint8 images in [0, 255] "
            "(kerasgan scales them), or rescale: x / 127.5 - 1 for [0, 255], "
            "2 * x - 1 for [0, 1]."
        )
    return x.astype("float32")


def _check_y(y, n, path):
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != n or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"The labels 'y' must be {n} integers, one per example, shape ({n},). "
            f"Received: shape {y.shape}, dtype {y.dtype} in {str(path)!r}"
        )
    if y.size and y.min() < 0:
        raise ValueError(f"The labels 'y' must be >= 0. Received: min {y.min()} in {str(path)!r}")
    return y.astype("int32")


def load_file(path, *, labels=False, num_samples=None, image_size=None, channels=None,
              seed=None):
    """Reads examples (and labels) from a `.npz` or `.npy` file.

    - uint8 (or integer-in-[0, 255]) images stay uint8 and are scaled to
      [-1, 1] as v / 127.5 - 1 batch by batch in the pipeline;
    - floating-point images must already lie in [-1, 1] (checked);
    - 2-D data `(n, d)` are vectors, used as they are (no scaling);
    - `(n, h, w)` images get a channel axis.

    Args:
        path: The file.
        labels: Also return the `y` array of a `.npz`. Defaults to False.
        num_samples: Keep a random subset of this size (with `seed`).
            Defaults to None (all).
        image_size: Resize images to this size (bilinear). Defaults to None.
        channels: Convert images to 1 or 3 channels. Defaults to None.
        seed: Seed for the subset. Defaults to None.

    Returns:
        `(x, y)` NumPy arrays; `y` is None unless `labels`.
    """
    x, y = _read(path, labels)
    x = _check_x(np.asarray(x), path)
    if y is not None:
        y = _check_y(y, len(x), path)
    if x.ndim == 2 and (image_size is not None or channels is not None):
        raise ValueError(
            "`image_size` and `channels` apply to images, and this file holds vectors "
            f"of shape {x.shape}. Received: image_size={image_size!r}, channels={channels!r}"
        )
    keep = _arrays.subsample(len(x), num_samples, seed, "examples")
    x = x[keep]
    y = None if y is None else y[keep]
    if x.ndim == 3:
        x = x[..., None]
    if x.ndim == 4:
        size = _arrays.check_image_size(image_size)
        if size is not None and tuple(x.shape[1:3]) != size:
            scaled = x.astype("float32") / 127.5 - 1.0 if x.dtype == np.uint8 else x
            x = np.clip(_arrays.resize(scaled, size), -1.0, 1.0)
        x = _arrays.convert_channels(x, channels)
    return x, y
