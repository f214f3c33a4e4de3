"""scikit-learn's bundled 8×8 handwritten digits, as images in [-1, 1].

NumPy and Keras only (no TensorFlow): the arrays also feed the digits
classifier that the metrics train.
"""

import numpy as np

from kerasgan.data import _arrays

NUM_DIGITS = 1797


def _sklearn_digits():
    try:
        from sklearn.datasets import load_digits
    except ImportError as e:
        raise ImportError(
            'The "digits" dataset needs scikit-learn, which bundles it (no download). '
            'Install it with: pip install "kerasgan[datasets]"'
        ) from e
    bunch = load_digits()
    return bunch.images, bunch.target


def digits_arrays(*, image_size=None, channels=1, num_samples=None, seed=None):
    """The bundled digits as NumPy arrays scaled to [-1, 1].

    scikit-learn's copy of the UCI optical digits: 1,797 grayscale 8×8 images
    with integer intensities in [0, 16], ten classes. They are scaled as

    x = v / 8 - 1,   v ∈ [0, 16]  ->  x ∈ [-1, 1],

    then optionally resized (bilinear; `_arrays.resize`) and tiled to 3 channels.
    No download: the data ship with scikit-learn.

    Args:
        image_size: `None` (8×8), an int or `(height, width)`; 16 or 32 suit
            the DCGAN builders. Defaults to `None`.
        channels: 1 or 3 (the gray value repeated). Defaults to 1.
        num_samples: Keep a random subset of this many digits (drawn with
            `seed`). Defaults to `None` (all 1,797, in scikit-learn's order).
        seed: Integer seed for the subset. Defaults to `None`.

    Returns:
        `(x, y)`: float32 images `(n, h, w, channels)` in [-1, 1] and int32
        labels `(n,)` in 0..9.

    Example:

    ```python
    x, y = kerasgan.data.digits_arrays(image_size=16)   # (1797, 16, 16, 1)
    ```

    Reference:
        Alpaydin & Kaynak, 1998, "Optical Recognition of Handwritten Digits",
        UCI Machine Learning Repository (the 8×8 preprocessed version).
    """
    size = _arrays.check_image_size(image_size)
    channels = _arrays.check_channels(channels) or 1
    seed = _arrays.check_seed(seed)
    images, target = _sklearn_digits()
    keep = _arrays.subsample(len(images), num_samples, seed, "digits")
    x = images[keep].astype("float32")[..., None] / 8.0 - 1.0
    x = np.clip(_arrays.resize(x, size), -1.0, 1.0)
    x = _arrays.convert_channels(x, channels)
    return x.astype("float32"), target[keep].astype("int32")
