"""The bundled digits as arrays: scaling, resizing, channels, subsets, missing sklearn."""

import sys

import numpy as np
import pytest
from sklearn.datasets import load_digits

from kerasgan.data import digits_arrays


def _bilinear_half_pixel(img, out):
    """Reference bilinear upsampling (half-pixel centres, edge clamp) in NumPy."""
    n = img.shape[0]
    src = (np.arange(out) + 0.5) * n / out - 0.5
    src = np.clip(src, 0, n - 1)
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    w = src - lo
    m = np.zeros((out, n))
    m[np.arange(out), lo] += 1 - w
    m[np.arange(out), hi] += w
    return m @ img @ m.T


def test_scaling_matches_sklearn():
    ref = load_digits()
    x, y = digits_arrays()
    assert x.shape == (1797, 8, 8, 1) and x.dtype == np.float32
    assert y.dtype == np.int32
    np.testing.assert_array_equal(y, ref.target)
    np.testing.assert_allclose(x[..., 0], ref.images / 8.0 - 1.0, atol=1e-6)
    assert x.min() == -1.0 and x.max() == 1.0


@pytest.mark.parametrize("size", [16, 32])
def test_resize_is_bilinear(size):
    ref = load_digits().images / 8.0 - 1.0
    x, _ = digits_arrays(image_size=size)
    assert x.shape == (1797, size, size, 1)
    assert x.min() >= -1.0 and x.max() <= 1.0
    for i in (0, 5, 1000):
        np.testing.assert_allclose(x[i, ..., 0], _bilinear_half_pixel(ref[i], size), atol=1e-5)


def test_non_square_size_and_three_channels():
    x, _ = digits_arrays(image_size=(16, 8), channels=3)
    assert x.shape == (1797, 16, 8, 3)
    np.testing.assert_array_equal(x[..., 0], x[..., 2])


def test_subset_is_seeded_and_labels_follow():
    full_x, full_y = digits_arrays()
    a, ya = digits_arrays(num_samples=100, seed=3)
    b, _ = digits_arrays(num_samples=100, seed=3)
    c, _ = digits_arrays(num_samples=100, seed=4)
    assert a.shape == (100, 8, 8, 1)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    # Every kept image is one of the originals, with its own label.
    flat = full_x.reshape(1797, -1)
    for img, label in zip(a[:10], ya[:10]):
        idx = np.flatnonzero((flat == img.reshape(-1)).all(1))
        assert label in full_y[idx]


def test_too_many_samples():
    with pytest.raises(ValueError, match="`num_samples` must be at most the 1797 digits.*num_samples=2000"):
        digits_arrays(num_samples=2000)


@pytest.mark.parametrize("bad", [0, -3, (16,), (16, 0), 2.5, "16"])
def test_bad_image_size(bad):
    with pytest.raises(ValueError, match="`image_size` must be"):
        digits_arrays(image_size=bad)


@pytest.mark.parametrize("bad", [2, 4, 0, True])
def test_bad_channels(bad):
    with pytest.raises(ValueError, match="`channels` must be 1.*Received: channels="):
        digits_arrays(channels=bad)


def test_missing_sklearn_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match=r'pip install "kerasgan\[datasets\]"'):
        digits_arrays()
