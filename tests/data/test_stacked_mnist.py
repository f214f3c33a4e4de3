"""Stacked-MNIST: three independent MNIST digits as R, G, B, arrays and `load` pipeline."""

import numpy as np
import pytest

from kerasgan.data import load, mnist_arrays, stacked_mnist_arrays
from kerasgan.data.stacked_mnist import DEFAULT_NUM_SAMPLES, mode_of, stacked_indices


def test_each_channel_is_an_mnist_image_and_the_label_is_its_digit_triple():
    x, modes = stacked_mnist_arrays(500, seed=4)
    assert x.shape == (500, 28, 28, 3) and x.dtype == np.float32 and modes.dtype == np.int32
    base, digits = mnist_arrays("train")
    index = stacked_indices(len(base), 500, 4)
    for c in range(3):
        np.testing.assert_array_equal(x[..., c], base[index[:, c], ..., 0])
    np.testing.assert_array_equal(modes, 100 * digits[index[:, 0]] + 10 * digits[index[:, 1]]
                                  + digits[index[:, 2]])
    assert mode_of(np.array([[3, 0, 7]])).tolist() == [307]


def test_channels_are_drawn_independently_and_cover_the_1000_modes():
    x, modes = stacked_mnist_arrays(26_000, seed=0)
    assert x.min() == -1.0 and x.max() == 1.0
    assert len(np.unique(modes)) == 1000
    hundreds, tens = modes // 100, (modes // 10) % 10
    # independent channels: the joint digit counts match the product of the marginals
    joint = np.histogram2d(hundreds, tens, bins=10)[0] / len(modes)
    product = np.outer(np.bincount(hundreds) / len(modes), np.bincount(tens) / len(modes))
    assert np.abs(joint - product).max() < 0.003
    assert not np.array_equal(x[..., 0], x[..., 1])


def test_seeded_and_split():
    a, ya = stacked_mnist_arrays(200, seed=1)
    b, yb = stacked_mnist_arrays(200, seed=1)
    c, _ = stacked_mnist_arrays(200, seed=2)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a, c)
    test, _ = mnist_arrays("test")
    x, _ = stacked_mnist_arrays(50, split="test", seed=0)
    index = stacked_indices(10_000, 50, 0)
    np.testing.assert_array_equal(x[..., 1], test[index[:, 1], ..., 0])


def test_pipeline_equals_the_arrays():
    ds = load("stacked_mnist", batch_size=100, num_samples=1000, labels=True, seed=7,
              shuffle=False)
    x_spec, y_spec = ds.element_spec
    assert x_spec.shape.as_list() == [100, 28, 28, 3] and y_spec.shape.as_list() == [100]
    xs, ys = zip(*ds.as_numpy_iterator())
    x_ref, y_ref = stacked_mnist_arrays(1000, seed=7)
    np.testing.assert_array_equal(np.concatenate(xs), x_ref)
    np.testing.assert_array_equal(np.concatenate(ys), y_ref)
    shuffled = np.concatenate(list(load("stacked_mnist", batch_size=100, num_samples=1000,
                                        labels=True, seed=7).map(lambda x, y: y)
                                   .as_numpy_iterator()))
    assert sorted(shuffled.tolist()) == sorted(y_ref.tolist())
    assert not np.array_equal(shuffled, y_ref)


def test_default_size_32x32_and_argument_errors():
    ds = load("stacked_mnist", batch_size=64, seed=0)
    assert int(ds.cardinality()) == DEFAULT_NUM_SAMPLES // 64 == 2000
    ds32 = load("stacked_mnist", batch_size=10, num_samples=20, image_size=32, seed=0)
    batch = next(ds32.as_numpy_iterator())
    assert batch.shape == (10, 32, 32, 3) and batch.min() >= -1.0 and batch.max() <= 1.0
    with pytest.raises(ValueError, match="`channels` does not apply to 'stacked_mnist'"):
        load("stacked_mnist", batch_size=8, channels=1)
    with pytest.raises(ValueError, match="`split` must be one of .* for 'stacked_mnist'"):
        stacked_mnist_arrays(10, split="valid")
    with pytest.raises(ValueError, match="`num_samples` must be a positive integer"):
        stacked_mnist_arrays(0)
