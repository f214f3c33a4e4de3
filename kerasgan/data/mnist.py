"""MNIST and Fashion-MNIST as NumPy arrays, online through Keras or offline from kerasgan's copy.

Backend-free: `keras.datasets` reads plain `.npz` files, and kerasgan's
offline copy (`kerasgan.data.mnist_offline`) is NumPy only.
"""

import os

import numpy as np

from kerasgan.data import _arrays

NAMES = ("mnist", "fashion_mnist")
SPLITS = ("train", "test", "train+test")
_KERAS_FILES = {"mnist": "mnist.npz", "fashion_mnist": "fashion-mnist"}


def _keras_home():
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def keras_cached(name):
    """Whether `keras.datasets.<name>` has its files in `~/.keras/datasets/`."""
    path = os.path.join(_keras_home(), "datasets", _KERAS_FILES[name])
    return os.path.isfile(path) or (os.path.isdir(path) and bool(os.listdir(path)))


def _from_keras(name):
    import keras

    module = keras.datasets.mnist if name == "mnist" else keras.datasets.fashion_mnist
    (x_train, y_train), (x_test, y_test) = module.load_data()
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def _offline_error(name, error):
    if name == "fashion_mnist":
        return ConnectionError(
            "Could not load 'fashion_mnist': keras.datasets.fashion_mnist.load_data() "
            f"failed ({type(error).__name__}: {error}) and kerasgan has no offline copy of "
            "Fashion-MNIST. On a machine with network, run "
            "`python -c \"import keras; keras.datasets.fashion_mnist.load_data()\"` and copy "
            f"{os.path.join(_keras_home(), 'datasets', 'fashion-mnist')} here."
        )
    from kerasgan.data import mnist_offline

    return ConnectionError(
        "Could not load 'mnist': keras.datasets.mnist.load_data() failed "
        f"({type(error).__name__}: {error}) and kerasgan's offline copy "
        f"{mnist_offline.cache_path()!r} does not exist. Without network, make it with: "
        f"{mnist_offline.INSTALL} && {mnist_offline.PREPARE} "
        f"(or {mnist_offline.MAKE_STEP})."
    )


def mnist_source(name="mnist"):
    """Where `load_mnist_raw(name)` reads from now: "keras", "kerasgan" or "download".

    In order: Keras's own cache (`~/.keras/datasets/`, hash-checked by
    Keras); for MNIST, kerasgan's offline copy (checksum-verified, the same
    70,000 images); otherwise a `keras.datasets` download.
    """
    if keras_cached(name):
        return "keras"
    if name == "mnist":
        from kerasgan.data import mnist_offline

        if os.path.isfile(mnist_offline.cache_path()):
            return "kerasgan"
    return "download"


def load_mnist_raw(name="mnist"):
    """The four uint8 arrays of MNIST or Fashion-MNIST, from the first source that works.

    Returns:
        A dict with `x_train` (60,000, 28, 28), `y_train`, `x_test`
        (10,000, 28, 28) and `y_test`, all uint8.

    Raises:
        ConnectionError: Offline, with no local copy; the message names the
            pip command and make step (MNIST) or the files to copy.
    """
    source = mnist_source(name)
    if source == "kerasgan":
        from kerasgan.data import mnist_offline

        return mnist_offline.read_mnist()
    try:
        return _from_keras(name)
    except Exception as e:  # keras.utils.get_file raises a bare Exception offline
        if not _is_fetch_failure(e):
            raise
        raise _offline_error(name, e) from e


def _is_fetch_failure(error):
    while error is not None:
        if isinstance(error, OSError) or "URL fetch failure" in str(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def check_split(split, name):
    if split not in SPLITS:
        raise ValueError(
            f"`split` must be one of {', '.join(repr(s) for s in SPLITS)} for {name!r}. "
            f"Received: split={split!r}"
        )
    return split


def mnist_split(name="mnist", split="train"):
    """uint8 images `(n, 28, 28)` and int32 labels of one split ("train+test": both)."""
    check_split(split, name)
    raw = load_mnist_raw(name)
    if split == "train+test":
        x = np.concatenate([raw["x_train"], raw["x_test"]])
        y = np.concatenate([raw["y_train"], raw["y_test"]])
    else:
        x, y = raw[f"x_{split}"], raw[f"y_{split}"]
    return x, np.asarray(y, dtype="int32")


def mnist_uint8(name="mnist", split="train", *, num_samples=None, seed=None,
                image_size=None, channels=None):
    """`(x, y)` for `kerasgan.data.load`: uint8 `(n, 28, 28, 1)` unless resized (float)."""
    x, y = mnist_split(name, split)
    keep = _arrays.subsample(len(x), num_samples, seed, f"{name} {split} images")
    x, y = x[keep][..., None], y[keep]
    size = _arrays.check_image_size(image_size)
    if size is not None and size != (28, 28):
        x = np.clip(_arrays.resize(x.astype("float32") / 127.5 - 1.0, size), -1.0, 1.0)
    return _arrays.convert_channels(x, channels), y


def mnist_arrays(split="train", *, name="mnist", num_samples=None, seed=None,
                 image_size=None, channels=1):
    """MNIST or Fashion-MNIST as float32 images in [-1, 1] and int32 labels.

    Pixels v ∈ {0, ..., 255} are scaled as x = v / 127.5 − 1. The source is
    `keras.datasets` (its cache `~/.keras/datasets/`, or a download) or, for
    MNIST without network, kerasgan's offline copy made by
    `kerasgan.data.mnist_offline.prepare_mnist()`; both hold the same images in
    the same order (60,000 train, 10,000 test).

    Args:
        split: `"train"` (60,000), `"test"` (10,000) or `"train+test"`
            (70,000). Defaults to `"train"`.
        name: `"mnist"` or `"fashion_mnist"`. Defaults to `"mnist"`.
        num_samples: Keep a random subset of this size (drawn with `seed`).
            Defaults to None (all, in order).
        seed: Seed of the subset. Defaults to None.
        image_size: Resize to this size (bilinear, e.g. 32 for DCGANs).
            Defaults to None (28×28).
        channels: 1, or 3 (gray repeated). Defaults to 1.

    Returns:
        `(x, y)`: float32 `(n, h, w, channels)` in [-1, 1], int32 `(n,)`.

    Example:

    ```python
    x, y = kerasgan.data.mnist_arrays("test")   # (10000, 28, 28, 1), (10000,)
    ```

    Reference:
        LeCun, Bottou, Bengio & Haffner, 1998, "Gradient-based learning applied
        to document recognition" (MNIST; CC BY-SA 3.0, Y. LeCun and C. Cortes).
        Xiao, Rasul & Vollgraf, 2017, "Fashion-MNIST" (MIT licence).
    """
    if name not in NAMES:
        raise ValueError(f"`name` must be 'mnist' or 'fashion_mnist'. Received: name={name!r}")
    x, y = mnist_uint8(name, split, num_samples=num_samples, seed=seed,
                       image_size=image_size, channels=_arrays.check_channels(channels))
    if x.dtype == np.uint8:
        x = x.astype("float32") / 127.5 - 1.0
    return x.astype("float32"), y
