import math

import keras
import numpy as np
import pytest

import kerasgan
from kerasgan.layers import AdaIN, MappingNetwork, NoiseInjection
from kerasgan.models import stylegan

LATENT, W_DIM, F, MAP_LAYERS = 6, 5, 4, 2


def _stylegan_param_counts(size, channels):
    """All weights, from the paper's synthesis network (Fig. 1b) and the ProGAN critic."""
    n = int(math.log2(size // 4))
    num_ws = 2 * (n + 1)
    mapping = LATENT * W_DIM + W_DIM + (MAP_LAYERS - 1) * (W_DIM * W_DIM + W_DIM)
    mapping += W_DIM + 1  # tracked w̄ and the truncation ψ
    synthesis = 16 * F  # the learned constant
    synthesis += (num_ws - 1) * (9 * F * F + F)  # every layer but the first convolves
    synthesis += num_ws * (F + 2 * (W_DIM * F + F))  # noise scales and AdaIN's two affine maps
    synthesis += F * channels + channels
    d = channels * F + F + n * 2 * (9 * F * F + F)
    d += 9 * (F + 1) * F + F  # 3x3 conv after the minibatch-stddev channel
    d += 16 * F * F + F + F + 1
    return mapping + synthesis, d


@pytest.mark.parametrize("size", [8, 16, 32, 64])
def test_shapes_and_parameter_counts(size):
    g, d = stylegan((size, size, 3), LATENT, w_dim=W_DIM, base_filters=F, mapping_layers=MAP_LAYERS)
    z = np.random.default_rng(0).normal(size=(4, LATENT)).astype("float32")
    x = np.asarray(g(z))
    assert x.shape == (4, size, size, 3)
    assert tuple(d(x).shape) == (4, 1)
    assert (g.count_params(), d.count_params()) == _stylegan_param_counts(size, 3)
    n = int(math.log2(size // 4))
    assert sum(isinstance(l, AdaIN) for l in g.layers) == 2 * (n + 1)
    assert sum(isinstance(l, NoiseInjection) for l in g.layers) == 2 * (n + 1)


def test_truncation_psi_zero_gives_one_image():
    g, _ = stylegan((8, 8, 1), LATENT, w_dim=W_DIM, base_filters=F, mapping_layers=MAP_LAYERS)
    mapping = g.get_layer("mapping")
    assert isinstance(mapping, MappingNetwork)
    mapping.w_avg.assign(np.random.default_rng(1).normal(size=(W_DIM,)).astype("float32"))
    z = np.random.default_rng(2).normal(size=(3, LATENT)).astype("float32")
    assert np.max(np.ptp(np.asarray(g(z)), axis=0)) > 1e-6
    mapping.truncation_psi.assign(0.0)
    images = np.asarray(g(z))  # noise scales are 0 at initialization
    np.testing.assert_allclose(images, np.broadcast_to(images[:1], images.shape), atol=1e-6)


@pytest.mark.slow
def test_trains_with_xla(gan_helpers):
    g, d = stylegan((8, 8, 1), LATENT, w_dim=W_DIM, base_filters=F, mapping_layers=MAP_LAYERS, seed=0)
    real = np.random.default_rng(3).uniform(-1, 1, size=(4, 8, 8, 1)).astype("float32")
    gan_helpers.assert_finite_training(gan_helpers.train_steps(g, d, real, LATENT))
    assert np.any(np.asarray(g.get_layer("mapping").w_avg) != 0)  # tracked during training


def test_serialization_round_trip(gan_helpers, tmp_path):
    g, d = stylegan((8, 8, 3), LATENT, w_dim=W_DIM, base_filters=F, mapping_layers=MAP_LAYERS,
                    return_features=True, seed=4)
    z = np.random.default_rng(5).normal(size=(4, LATENT)).astype("float32")
    loaded = gan_helpers.round_trips(g, z, tmp_path)
    assert loaded.get_layer("mapping").get_config()["num_ws"] == 4
    gan_helpers.round_trips(d, np.asarray(g(z)), tmp_path)


@pytest.mark.parametrize(
    "kwargs, argument",
    [({"w_dim": 0}, "w_dim"), ({"base_filters": 0}, "base_filters"),
     ({"group_size": 0}, "group_size"), ({"mapping_layers": 0}, "mapping_layers")],
)
def test_bad_arguments(kwargs, argument):
    with pytest.raises(ValueError, match=f"`{argument}`"):
        stylegan((16, 16, 3), LATENT, **kwargs)
    with pytest.raises(ValueError, match="`image_shape`"):
        stylegan((16, 16, 4), LATENT)


def test_saved_gan_keeps_the_networks_seed_generators(tmp_path):
    # Keras saves no SeedGenerator state; the GAN saves its networks' (noise inputs,
    # style mixing), so a resumed run draws the noise the uninterrupted one would.
    g, d = kerasgan.models.stylegan((8, 8, 1), 8, base_filters=4, mapping_layers=1, seed=0)
    for layer in g.layers:
        if isinstance(layer, kerasgan.layers.NoiseInjection):
            layer.scale.assign(np.ones(layer.scale.shape, "float32"))
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.Adam(), keras.optimizers.Adam())
    z = np.ones((2, 8), "float32")
    for _ in range(3):  # advance every noise layer's state
        g(z, training=True)
    path = str(tmp_path / "gan.keras")
    gan.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(loaded.generator(z)),
                                  keras.ops.convert_to_numpy(g(z)))
