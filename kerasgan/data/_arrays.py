"""NumPy helpers shared by the in-memory sources: argument checks, resizing, scaling.

Backend-free: resizing goes through `keras.ops.image.resize`.
"""

import numpy as np
from keras import ops

from kerasgan._utils import check_number, check_positive_int


def check_seed(seed):
    """Raises unless `seed` is None or an integer."""
    if isinstance(seed, np.integer):
        seed = int(seed)
    return check_number("seed", seed, integer=True, allow_none=True)


def check_image_size(image_size):
    """`None`, an int `s` or a pair `(h, w)` of positive ints -> `None` or `(h, w)`."""
    if image_size is None:
        return None
    if isinstance(image_size, (int, np.integer)) and not isinstance(image_size, bool):
        check_positive_int("image_size", int(image_size))
        return (int(image_size), int(image_size))
    if isinstance(image_size, (tuple, list)) and len(image_size) == 2 and all(
        isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s >= 1
        for s in image_size
    ):
        return (int(image_size[0]), int(image_size[1]))
    raise ValueError(
        "`image_size` must be a positive integer or a pair (height, width) of "
        f"positive integers. Received: image_size={image_size!r}"
    )


def check_channels(channels):
    """`None`, 1 or 3."""
    if channels is not None and (isinstance(channels, bool) or channels not in (1, 3)):
        raise ValueError(
            f"`channels` must be 1 (grayscale), 3 (RGB) or None. Received: channels={channels!r}"
        )
    return channels


def resize(x, size):
    """Resizes a `(n, h, w, c)` array to `size` = (h', w'), bilinearly.

    Downsampling uses an antialiasing (triangle) filter, upsampling plain
    bilinear interpolation; both keep values inside the input's range.
    Returns float32.
    """
    x = np.asarray(x, dtype="float32")
    if size is None or tuple(x.shape[1:3]) == tuple(size):
        return x
    out = ops.image.resize(
        x, size, interpolation="bilinear", antialias=True, data_format="channels_last"
    )
    return np.asarray(ops.convert_to_numpy(out), dtype="float32")


def convert_channels(x, channels):
    """Converts `(n, h, w, c)` images between 1 and 3 channels (ITU-R 601 luma)."""
    if channels is None or x.shape[-1] == channels:
        return x
    if x.shape[-1] == 1 and channels == 3:
        return np.repeat(x, 3, axis=-1)
    if x.shape[-1] == 3 and channels == 1:
        weights = np.asarray([0.2989, 0.5870, 0.1140], dtype="float32")
        gray = (x.astype("float32") @ weights)[..., None]
        if x.dtype == np.uint8:
            return np.clip(np.round(gray), 0, 255).astype("uint8")
        return gray.astype(x.dtype)
    raise ValueError(
        f"Cannot convert images with {x.shape[-1]} channels to channels={channels}; "
        "only 1 <-> 3 conversions are supported. Pass channels=None to keep them."
    )


def subsample(n_total, num_samples, seed, what):
    """Indices of `num_samples` of `n_total` items (all of them, in order, when None)."""
    if num_samples is None:
        return np.arange(n_total)
    check_positive_int("num_samples", num_samples)
    if num_samples > n_total:
        raise ValueError(
            f"`num_samples` must be at most the {n_total} {what} available. "
            f"Received: num_samples={num_samples}"
        )
    if num_samples == n_total:
        return np.arange(n_total)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n_total, size=num_samples, replace=False))


def check_batch_fits(batch_size, n, drop_remainder):
    """An empty dataset is a silent failure: refuse it."""
    if n == 0:
        raise ValueError("The data holds no examples; there is nothing to train on. Pass a "
                         "non-empty source.")
    if drop_remainder and batch_size > n:
        raise ValueError(
            f"`batch_size` must be at most the number of examples ({n}) when "
            "drop_remainder=True, or the dataset is empty. Lower batch_size or pass "
            f"drop_remainder=False. Received: batch_size={batch_size}"
        )


def check_start_batch(start_batch, repeat):
    """`start_batch`: an int >= 0, and non-zero only with `repeat=True`."""
    check_number("start_batch", start_batch, low=0, integer=True)
    if start_batch and not repeat:
        raise ValueError("`start_batch` positions an endless stream; pass repeat=True with it. "
                         f"Received: start_batch={start_batch!r}, repeat=False")
