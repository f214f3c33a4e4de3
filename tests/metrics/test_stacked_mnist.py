"""Stacked-MNIST mode coverage and the shipped MNIST classifier (runs on TF and JAX)."""

import math
import os

import keras
import numpy as np
import pytest

from kerasgan.data import mnist_arrays, stacked_mnist_arrays
from kerasgan.metrics import (StackedMNISTModes, build_mnist_classifier, mnist_classifier,
                              stacked_mnist_modes)
from kerasgan.metrics import mnist_net as classifier_module
from kerasgan.metrics.stacked_mnist import PROTOCOL_SAMPLES


@pytest.fixture(scope="module")
def judge():
    return mnist_classifier()


class _Brightness:
    """A stand-in classifier: the digit is round(9 · mean brightness in [0, 1])."""

    def __call__(self, x):
        x = keras.ops.convert_to_numpy(x)
        digit = np.rint(9 * (x.reshape(len(x), -1).mean(axis=1) + 1) / 2).astype(int)
        return np.eye(10)[digit]


def _images(digit_triples, size=28):
    t = np.asarray(digit_triples, dtype="float32")
    return np.broadcast_to(2 * t[:, None, None, :] / 9 - 1, (len(t), size, size, 3)).copy()


def test_shipped_classifier_reaches_99_percent_on_the_mnist_test_set(judge):
    x, y = mnist_arrays("test")
    accuracy = float(np.mean(judge.predict(x, batch_size=1000, verbose=0).argmax(1) == y))
    assert accuracy >= 0.99
    assert abs(accuracy - classifier_module.TEST_ACCURACY) < 0.002  # the figure in the docs
    assert os.path.getsize(classifier_module.WEIGHTS) < 1_000_000
    assert judge.count_params() == build_mnist_classifier().count_params() < 100_000


def test_the_weights_ship_as_package_data():
    import fnmatch
    import pathlib
    import tomllib

    root = pathlib.Path(classifier_module.__file__).parent
    pyproject = tomllib.loads((root.parents[1] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["kerasgan.metrics"]
    relative = pathlib.Path(classifier_module.WEIGHTS).relative_to(root).as_posix()
    assert any(fnmatch.fnmatch(relative, p) for p in patterns)


def test_real_stacked_mnist_covers_the_1000_modes(judge):
    x, modes = stacked_mnist_arrays(PROTOCOL_SAMPLES, seed=0)
    result = StackedMNISTModes(judge)(x)
    assert result["num_samples"] == PROTOCOL_SAMPLES == 26_000
    assert result["modes"] >= 995 and result["kl"] <= 0.05
    # the classifier reads back the triples the data was built from (≈ 0.995³ of them)
    digits = StackedMNISTModes(judge).digits(x[:2000])
    read = 100 * digits[:, 0] + 10 * digits[:, 1] + digits[:, 2]
    assert np.mean(read == modes[:2000]) > 0.97


def test_constant_generator_scores_one_mode(judge):
    x, _ = stacked_mnist_arrays(1, seed=3)
    constant = np.repeat(x, 2000, axis=0)
    result = stacked_mnist_modes(constant, judge)
    assert result["modes"] == 1
    assert result["kl"] == pytest.approx(math.log(1000))
    assert result["histogram"].sum() == 2000


def test_kl_of_known_histograms_with_a_stand_in_classifier():
    metric = StackedMNISTModes(_Brightness(), batch_size=7)
    metric.update_state(_images([[1, 2, 3]] * 30 + [[9, 0, 4]] * 10))
    metric.update_state(_images([[0, 0, 0]] * 40, size=32))  # resized, still read as 000
    result = metric.result()
    assert result["modes"] == 3 and result["num_samples"] == 80
    assert result["histogram"][123] == 30 and result["histogram"][904] == 10
    p = np.array([30, 10, 40]) / 80
    assert result["kl"] == pytest.approx(float(np.sum(p * np.log(1000 * p))))
    every = _images([[i // 100, (i // 10) % 10, i % 10] for i in range(1000)])
    uniform = stacked_mnist_modes(every, _Brightness())
    assert uniform["modes"] == 1000 and uniform["kl"] == pytest.approx(0.0, abs=1e-12)


def test_uint8_and_float_inputs_agree(judge):
    x, _ = stacked_mnist_arrays(300, seed=5)
    as_uint8 = np.rint((x + 1) * 127.5).astype(np.uint8)
    np.testing.assert_array_equal(StackedMNISTModes(judge).digits(x),
                                  StackedMNISTModes(judge).digits(as_uint8))


def test_errors():
    metric = StackedMNISTModes(_Brightness())
    with pytest.raises(ValueError, match="no samples"):
        metric.result()
    with pytest.raises(ValueError, match=r"`samples` must be Stacked-MNIST images of shape "
                                         r"\(num_samples, height, width, 3\).*\(4, 28, 28, 1\)"):
        metric.update_state(np.zeros((4, 28, 28, 1)))
    with pytest.raises(ValueError, match=r"uint8 images in \[0, 255\] or floats in "
                                         r"\[-1, 1\].*x / 127.5 - 1"):
        metric.update_state(np.full((2, 28, 28, 3), 255.0))
    with pytest.raises(ValueError, match=r"`classifier` must map .* \(n, 10\).*\(6, 3\)"):
        StackedMNISTModes(lambda x: np.zeros((len(x), 3)))(np.zeros((2, 28, 28, 3)))
    with pytest.raises(TypeError, match="`classifier` must be a callable"):
        StackedMNISTModes("lenet")
    with pytest.raises(ValueError, match="`batch_size` must be a positive integer"):
        StackedMNISTModes(batch_size=0)
    with pytest.raises(FileNotFoundError, match="`weights` must be an existing .weights.h5"):
        mnist_classifier("/nonexistent.weights.h5")


def test_serialization_round_trip():
    metric = StackedMNISTModes(batch_size=500, name="sm")
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(metric))
    assert isinstance(restored, StackedMNISTModes)
    assert restored.get_config() == metric.get_config() == {
        "classifier": None, "batch_size": 500, "name": "sm"}
