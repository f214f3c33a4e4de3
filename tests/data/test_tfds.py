"""`"tfds:<name>"` with a stand-in `tensorflow_datasets` module (no install, no network)."""

import sys
import types

import numpy as np
import pytest
import tensorflow as tf

from kerasgan.data import load


class _ReadConfig:
    def __init__(self, shuffle_seed=None):
        self.shuffle_seed = shuffle_seed


def _fake_tfds(monkeypatch, load_fn):
    module = types.ModuleType("tensorflow_datasets")
    module.load = load_fn
    module.ReadConfig = _ReadConfig
    monkeypatch.setitem(sys.modules, "tensorflow_datasets", module)
    return module


@pytest.fixture
def fake_mnist(monkeypatch):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(30, 4, 4, 1), dtype=np.uint8)
    labels = np.arange(30) % 10
    calls = []

    def fake_load(name, *, split, data_dir, shuffle_files, read_config):
        calls.append(dict(name=name, split=split, data_dir=data_dir,
                          shuffle_files=shuffle_files, seed=read_config.shuffle_seed))
        return tf.data.Dataset.from_tensor_slices({"image": images, "label": labels})

    _fake_tfds(monkeypatch, fake_load)
    return images, labels, calls


def _epoch(ds):
    batches = list(ds.as_numpy_iterator())
    if isinstance(batches[0], tuple):
        return tuple(np.concatenate(parts) for parts in zip(*batches))
    return np.concatenate(batches)


def test_images_and_labels_scaled(fake_mnist):
    images, labels, calls = fake_mnist
    ds = load("tfds:mnist", batch_size=10, labels=True, shuffle=False, split="test",
              data_dir="/data/tfds")
    assert calls == [dict(name="mnist", split="test", data_dir="/data/tfds",
                          shuffle_files=False, seed=None)]
    assert ds.element_spec[0].shape == (10, 4, 4, 1) and ds.element_spec[1].dtype == tf.int32
    x, y = _epoch(ds)
    np.testing.assert_allclose(x, images / 127.5 - 1.0, atol=1e-6)
    np.testing.assert_array_equal(y, labels)


def test_shuffled_resized_rgb_subset(fake_mnist):
    images, _, calls = fake_mnist
    ds = load("tfds:mnist", batch_size=5, image_size=8, channels=3, num_samples=20, seed=4)
    assert calls[-1]["shuffle_files"] is True and calls[-1]["seed"] == 4
    x = _epoch(ds)
    assert x.shape == (20, 8, 8, 3)
    assert x.min() >= -1 and x.max() <= 1
    np.testing.assert_array_equal(x[..., 0], x[..., 2])
    # The per-image means survive resizing: compare as multisets with the first 20 images.
    means = np.sort(x.mean(axis=(1, 2, 3)))
    np.testing.assert_allclose(means, np.sort(images[:20].mean(axis=(1, 2, 3)) / 127.5 - 1), atol=0.03)


def test_missing_tfds_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorflow_datasets", None)
    with pytest.raises(ImportError, match="pip install tensorflow-datasets"):
        load("tfds:mnist", batch_size=8)


class RequestException(IOError):
    """Shaped like `requests.exceptions.RequestException` (requests is not a dependency)."""


def _requests_style():
    raise RequestException("Max retries exceeded (Network is unreachable)")


def _wrapped_refusal():
    try:
        raise ConnectionRefusedError("[Errno 111] Connection refused")
    except ConnectionRefusedError as inner:
        raise RuntimeError("download failed") from inner


@pytest.mark.parametrize("fail", [_requests_style, _wrapped_refusal])
def test_offline_download_is_explained(monkeypatch, fail):
    def fake_load(name, **kwargs):
        fail()

    _fake_tfds(monkeypatch, fake_load)
    with pytest.raises(ConnectionError, match="no network access") as info:
        load("tfds:cifar10", batch_size=8, data_dir="/mnt/tfds")
    message = str(info.value)
    assert "tfds build cifar10 --data_dir DIR" in message
    assert "data_dir='DIR'" in message and "data_dir='/mnt/tfds'" in message


def test_other_errors_pass_through(monkeypatch):
    def fake_load(name, **kwargs):
        raise KeyError("something else")

    _fake_tfds(monkeypatch, fake_load)
    with pytest.raises(KeyError, match="something else"):
        load("tfds:mnist", batch_size=8)


def test_unknown_dataset_name(monkeypatch):
    class DatasetNotFoundError(ValueError):
        pass

    def fake_load(name, **kwargs):
        raise DatasetNotFoundError(f"Dataset {name} not found.")

    _fake_tfds(monkeypatch, fake_load)
    with pytest.raises(ValueError, match="no dataset named 'mnsit'.*name_or_path='tfds:mnsit'"):
        load("tfds:mnsit", batch_size=8)


def test_empty_name():
    with pytest.raises(ValueError, match="`name_or_path` must name a dataset after 'tfds:'"):
        load("tfds:", batch_size=8)


def test_missing_features(monkeypatch):
    def fake_load(name, **kwargs):
        return tf.data.Dataset.from_tensor_slices({"img": np.zeros((4, 2, 2, 1), np.uint8)})

    _fake_tfds(monkeypatch, fake_load)
    with pytest.raises(ValueError, match=r"reads the 'image' feature.*\['img'\]"):
        load("tfds:odd", batch_size=2)


def test_missing_label_feature(monkeypatch):
    def fake_load(name, **kwargs):
        return tf.data.Dataset.from_tensor_slices({"image": np.zeros((4, 2, 2, 1), np.uint8)})

    _fake_tfds(monkeypatch, fake_load)
    with pytest.raises(ValueError, match="reads the 'label' feature.*Pass labels=False"):
        load("tfds:nolabels", batch_size=2, labels=True)


def test_variable_size_needs_image_size(monkeypatch):
    def fake_load(name, **kwargs):
        gen = lambda: iter([{"image": np.zeros((3, 5, 3), np.uint8)}])  # noqa: E731
        sig = {"image": tf.TensorSpec((None, None, 3), tf.uint8)}
        return tf.data.Dataset.from_generator(gen, output_signature=sig)

    _fake_tfds(monkeypatch, fake_load)
    with pytest.raises(ValueError, match="`image_size` is required"):
        load("tfds:photos", batch_size=1)
    x = _epoch(load("tfds:photos", batch_size=1, image_size=4))
    assert x.shape == (1, 4, 4, 3)


def test_batch_larger_than_split(fake_mnist):
    with pytest.raises(ValueError, match="`batch_size` must be at most the number of examples \\(30\\)"):
        load("tfds:mnist", batch_size=31)
