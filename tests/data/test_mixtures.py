"""The ring/grid Gaussian mixtures: geometry, statistics, determinism (NumPy only)."""

import itertools

import numpy as np
import pytest

from kerasgan.data import MIXTURES, mixture_centers, mixture_std, sample_mixture


def test_names():
    assert MIXTURES == ("grid", "ring")


def test_ring_centers_are_eighth_roots_of_unity():
    c = mixture_centers("ring")
    assert c.shape == (8, 2)
    z = c[:, 0] + 1j * c[:, 1]
    np.testing.assert_allclose(z**8, np.ones(8), atol=1e-12)
    np.testing.assert_allclose(np.abs(z), 1.0)
    np.testing.assert_allclose(c[2], [0.0, 1.0], atol=1e-12)  # i = 2 -> angle π/2
    assert len({tuple(np.round(r, 6)) for r in c}) == 8


def test_grid_centers_cover_the_lattice_row_major():
    c = mixture_centers("grid")
    assert c.shape == (25, 2)
    expected = [(a, b) for a, b in itertools.product([-4, -2, 0, 2, 4], repeat=2)]
    np.testing.assert_array_equal(c, np.asarray(expected, dtype=float))


def test_stds():
    assert mixture_std("ring") == 0.01
    assert mixture_std("grid") == 0.05


@pytest.mark.parametrize("name", ["ring", "grid"])
def test_sample_statistics(name):
    n = 50_000
    x, modes = sample_mixture(name, n, seed=1)
    centers, sigma, k = mixture_centers(name), mixture_std(name), len(mixture_centers(name))
    assert x.shape == (n, 2) and x.dtype == np.float32
    assert modes.shape == (n,) and modes.dtype == np.int32
    assert modes.min() == 0 and modes.max() == k - 1
    counts = np.bincount(modes, minlength=k)
    p = 1.0 / k
    # Modes drawn uniformly: every count within 5 binomial standard deviations.
    assert np.all(np.abs(counts - n * p) < 5 * np.sqrt(n * p * (1 - p)))
    for i in range(k):
        pts = x[modes == i].astype(np.float64)
        # Mean within 5 standard errors of the centre, per-coordinate std within 10% of σ.
        assert np.all(np.abs(pts.mean(0) - centers[i]) < 5 * sigma / np.sqrt(len(pts)))
        np.testing.assert_allclose(pts.std(0), sigma, rtol=0.1)


@pytest.mark.parametrize("name", ["ring", "grid"])
def test_labels_are_nearest_modes(name):
    x, modes = sample_mixture(name, 5000, seed=2)
    d = np.linalg.norm(x[:, None, :] - mixture_centers(name)[None], axis=-1)
    np.testing.assert_array_equal(d.argmin(1), modes)
    # Every point lies within 6σ of its centre (a 2-D Gaussian: P(r > 6σ) = e^-18).
    assert d.min(1).max() < 6 * mixture_std(name)


def test_deterministic_by_seed():
    a = sample_mixture("grid", 1000, seed=7)
    b = sample_mixture("grid", 1000, seed=7)
    c = sample_mixture("grid", 1000, seed=8)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_default_size_is_the_pacgan_protocol():
    x, _ = sample_mixture("ring", seed=0)
    assert x.shape == (100_000, 2)


def test_unknown_name():
    with pytest.raises(ValueError, match=r"`name` must be one of \['grid', 'ring'\].*name='spiral'"):
        mixture_centers("spiral")
    with pytest.raises(ValueError, match="`name`"):
        mixture_std("circle")


@pytest.mark.parametrize("bad, error", [(0, ValueError), (2.5, TypeError), (True, TypeError)])
def test_bad_num_samples(bad, error):
    with pytest.raises(error, match="`num_samples` must be a positive integer"):
        sample_mixture("ring", bad)


def test_bad_seed():
    with pytest.raises(TypeError, match="`seed` must be an integer or None. Received: seed='a'"):
        sample_mixture("ring", 10, seed="a")
