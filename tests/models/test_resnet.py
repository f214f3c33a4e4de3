import keras
import numpy as np
import pytest

from kerasgan.models import resnet

LATENT, F = 8, 8


@pytest.mark.parametrize("size", [8, 16, 32, 64])
@pytest.mark.parametrize("num_classes", [None, 4])
def test_shapes_and_parameter_counts(size, num_classes, gan_helpers):
    g, d = resnet((size, size, 3), LATENT, base_filters=F, num_classes=num_classes)
    z = np.random.default_rng(0).normal(size=(2, LATENT)).astype("float32")
    labels = np.array([0, 3])
    x = np.asarray(g(z if num_classes is None else [z, labels]))
    assert x.shape == (2, size, size, 3)
    assert np.all(np.abs(x) <= 1.0)
    logits = d(x if num_classes is None else [x, labels])
    assert tuple(logits.shape) == (2, 1)
    assert (g.count_params(), d.count_params()) == gan_helpers.resnet_param_counts(
        size, 3, LATENT, F, num_classes=num_classes
    )


def test_spectral_norm_default_and_off(gan_helpers):
    _, d = resnet((16, 16, 1), LATENT, base_filters=F)
    kinds = [layer.__class__.__name__ for layer in d.layers]
    assert kinds.count("SpectralNormalization") == 3 + 2 * 2 + 1  # block 0, two plain, logit
    assert "Conv2D" not in kinds
    _, d_plain = resnet((16, 16, 1), LATENT, base_filters=F, spectral_norm=False)
    assert "SpectralNormalization" not in [l.__class__.__name__ for l in d_plain.layers]
    assert d_plain.count_params() == gan_helpers.resnet_param_counts(16, 1, LATENT, F, d_sn=False)[1]


def test_projection_discriminator_uses_labels():
    g, d = resnet((8, 8, 3), LATENT, base_filters=F, num_classes=3, return_features=True)
    embedding = d.get_layer("d_projection_embedding_sn")  # spectrally normalized, as in the paper
    embedding.layer.embeddings.assign(
        np.random.default_rng(2).normal(size=(3, F)).astype("float32")
    )
    x = np.repeat(np.random.default_rng(3).uniform(-1, 1, (1, 8, 8, 3)).astype("float32"), 3, 0)
    out = d([x, np.array([0, 1, 2])])
    logits, features = np.asarray(out["logits"]), np.asarray(out["features"])
    emb = np.asarray(embedding.layer.embeddings) / float(embedding.sigma()[0])
    # logit(y) - logit(y') = <e_y - e_y', phi(x)>, e the normalized embedding.
    np.testing.assert_allclose(
        logits[1, 0] - logits[0, 0], (emb[1] - emb[0]) @ features[0], rtol=1e-4, atol=1e-4
    )


@pytest.mark.slow
def test_conditional_trains_with_xla_keeping_spectral_norm(gan_helpers):
    keras.utils.set_random_seed(0)
    g, d = resnet((8, 8, 3), LATENT, base_filters=F, num_classes=3)
    wrapped = [l for l in d.layers if l.__class__.__name__ == "SpectralNormalization"]

    def largest_singular_value(layer):
        kernel = np.asarray(layer.kernel)
        return np.linalg.norm(kernel.reshape(-1, kernel.shape[-1]), ord=2)

    before = {}
    for layer in wrapped:  # blow the kernels up: sigma(W) 5 times larger
        layer.kernel.assign(5.0 * np.asarray(layer.kernel))
        before[layer.name] = largest_singular_value(layer)
    real = np.random.default_rng(4).uniform(-1, 1, size=(4, 8, 8, 3)).astype("float32")
    history = gan_helpers.train_steps(g, d, real, LATENT, labels=np.array([0, 1, 2, 0], "int32"),
                                      steps=10)
    gan_helpers.assert_finite_training(history)
    # The kernels keep their scale (W is reparametrized, not rescaled in place), and
    # the power iteration, one step per training call, has caught up with σ(W): the
    # kernels D runs with, W / σ, have a largest singular value near 1.
    for layer in wrapped:
        sigma = largest_singular_value(layer)
        assert abs(sigma - before[layer.name]) < 0.2 * before[layer.name], (layer.name, sigma)
        assert 0.99 < sigma / float(layer.sigma()[0]) < 1.1, (layer.name, sigma)


def test_serialization_round_trip(gan_helpers, tmp_path):
    g, d = resnet((8, 8, 1), LATENT, base_filters=F, num_classes=3)
    z = np.random.default_rng(5).normal(size=(2, LATENT)).astype("float32")
    labels = np.array([2, 0], "int32")
    gan_helpers.round_trips(g, [z, labels], tmp_path)
    gan_helpers.round_trips(d, [np.asarray(g([z, labels])), labels], tmp_path)


@pytest.mark.parametrize(
    "args, kwargs, argument, error",
    [
        (((24, 24, 3), LATENT), {}, "image_shape", ValueError),
        (((16, 16, 3), -1), {}, "latent_dim", ValueError),
        (((16, 16, 3), LATENT), {"base_filters": 0}, "base_filters", ValueError),
        (((16, 16, 3), LATENT), {"num_classes": 1}, "num_classes", ValueError),
    ],
)
def test_bad_arguments(args, kwargs, argument, error):
    with pytest.raises(error, match=f"`{argument}`"):
        resnet(*args, **kwargs)
