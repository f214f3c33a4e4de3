"""models.progressive / progressive_grow: shapes, parameter counts, the α = 0 identity."""

import keras
import numpy as np
import pytest

from kerasgan.models import progressive, progressive_grow, progressive_resolution
from tests.models.conftest import train_steps

L, F, C = 6, 4, 3


def _param_counts(resolution):
    """All weights of G and D at `resolution`, from the paper's Table 2 layout."""
    blocks = int(np.log2(resolution // 4))
    conv3 = 9 * F * F + F
    g = L * 16 * F + 16 * F + conv3 + blocks * 2 * conv3 + (F * C + C)
    d = (C * F + F) + blocks * 2 * conv3
    if resolution > 4:
        g += (F * C + C) + 1  # the lower resolution's toRGB and α
        d += (C * F + F) + 1  # the lower resolution's fromRGB and α
    d += 9 * (F + 1) * F + F + 16 * F * F + F + F + 1  # stddev conv, dense, logit
    return g, d


@pytest.mark.parametrize("max_resolution", [8, 16, 32, 64])
def test_shapes_and_parameter_counts(max_resolution):
    z = np.random.default_rng(0).normal(size=(4, L)).astype("float32")
    for resolution in sorted({4, max_resolution // 2, max_resolution}):
        g, d = progressive(max_resolution, L, resolution=resolution, channels=C, filters=F)
        x = np.asarray(g(z))
        assert x.shape == (4, max_resolution, max_resolution, C)
        assert tuple(d(x).shape) == (4, 1)
        assert (g.count_params(), d.count_params()) == _param_counts(resolution)
        assert progressive_resolution(g) == resolution


def test_image_below_max_resolution_is_blocky():
    """At resolution 4 of 16, the image is a 4×4 image upsampled by nearest neighbours."""
    g, _ = progressive(16, L, channels=1, filters=F)
    x = np.asarray(g(np.ones((1, L), "float32")))[0, :, :, 0]
    np.testing.assert_array_equal(x, np.kron(x[::4, ::4], np.ones((4, 4), "float32")))


def test_alpha_zero_equals_the_upsampled_lower_resolution():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(8, L)).astype("float32")
    real = rng.uniform(-1, 1, size=(8, 16, 16, C)).astype("float32")
    g, d = progressive(16, L, channels=C, filters=F)
    for resolution in (8, 16):
        g_new, d_new = progressive_grow(g, d)
        assert progressive_resolution(g_new) == resolution
        assert float(g_new.get_layer("g_fade").alpha.numpy()) == 0.0
        np.testing.assert_allclose(np.asarray(g_new(z)), np.asarray(g(z)), atol=1e-5)
        np.testing.assert_allclose(np.asarray(d_new(real)), np.asarray(d(real)), atol=1e-4)
        for layer in ("g_fade", "d_fade"):
            (g_new if layer[0] == "g" else d_new).get_layer(layer).alpha.assign(1.0)
        # With α = 1 the new block is in use, and the image has detail finer
        # than the previous resolution's pixels.
        x = np.asarray(g_new(z))
        step = 16 // resolution
        coarse = np.repeat(np.repeat(x[:, ::2 * step, ::2 * step], 2 * step, 1), 2 * step, 2)
        assert np.abs(x - coarse).max() > 1e-3
        g, d = g_new, d_new


def test_grown_pair_trains_under_xla_without_nan():
    g, d = progressive(8, L, resolution=8, channels=1, filters=F)
    real = np.random.default_rng(2).uniform(-1, 1, size=(8, 8, 8, 1)).astype("float32")
    losses = train_steps(g, d, real, L, steps=2)
    assert np.all(np.isfinite(losses))


def test_grow_copies_shared_weights():
    g, d = progressive(16, L, channels=C, filters=F)
    g8, d8 = progressive_grow(g, d)
    for old, new in ((g, g8), (d, d8)):
        for layer in old.layers:
            names = [l.name for l in new.layers]
            if layer.weights and layer.name in names:
                for a, b in zip(layer.weights, new.get_layer(layer.name).weights):
                    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"max_resolution": 12}, "max_resolution"),
        ({"resolution": 32}, "resolution"),
        ({"resolution": 6}, "resolution"),
        ({"filters": 0}, "filters"),
        ({"latent_dim": -1}, "latent_dim"),
    ],
)
def test_bad_arguments(kwargs, name):
    args = {"max_resolution": 16, "latent_dim": L, **kwargs}
    with pytest.raises(ValueError, match=name):
        progressive(**args)


def test_grow_refuses_other_networks():
    g = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="generator"):
        progressive_resolution(g)
    g, d = progressive(16, L, resolution=8, filters=F)
    with pytest.raises(ValueError, match="resolution"):
        progressive_grow(g, d, resolution=4)
