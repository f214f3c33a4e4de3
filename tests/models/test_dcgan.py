import math

import numpy as np
import pytest

from kerasgan.models import dcgan

LATENT = 8
BASE = 4


def _dcgan_param_counts(size, channels, latent_dim, base, k, *, normalization="batch",
                        num_classes=None, embedding_dim=None, pack=1):
    """Counts every weight (trainable and BN statistics) from the architecture's definition."""
    n = int(math.log2(size // 4))
    emb = 0 if num_classes is None else (embedding_dim or min(num_classes, 50))
    table = 0 if num_classes is None else num_classes * emb
    # G: dense (no bias) + BN(4 per channel), (n-1) deconv blocks, deconv to image (+ bias).
    f = base * 2 ** (n - 1)
    g = (latent_dim + emb) * 16 * f + 4 * f + table
    for _ in range(1, n):
        g += k * k * f * (f // 2) + 4 * (f // 2)
        f //= 2
    g += k * k * f * channels + channels
    # D: first conv with bias; the rest normalized; dense logit on 4x4xF.
    d = table
    cin, f = pack * (channels + emb), base
    for i in range(n):
        d += k * k * cin * f
        if i == 0 or normalization is None:
            d += f
        elif normalization == "batch":
            d += 4 * f
        else:  # layer norm over (h, w, c): gamma and beta of shape (h, w, c)
            side = size // 2 ** (i + 1)
            d += 2 * side * side * f
        cin, f = f, f * 2
    d += 16 * cin + 1
    return g, d


@pytest.mark.parametrize("size", [8, 16, 32, 64])
@pytest.mark.parametrize("channels", [1, 3])
def test_shapes_and_parameter_counts(size, channels):
    g, d = dcgan((size, size, channels), LATENT, base_filters=BASE)
    z = np.random.default_rng(0).normal(size=(3, LATENT)).astype("float32")
    x = np.asarray(g(z))
    assert x.shape == (3, size, size, channels)
    assert np.all(np.abs(x) <= 1.0)  # tanh output
    assert tuple(d(x).shape) == (3, 1)
    assert (g.count_params(), d.count_params()) == _dcgan_param_counts(
        size, channels, LATENT, BASE, 4
    )


@pytest.mark.parametrize("normalization", ["layer", None])
def test_discriminator_normalization_options(normalization):
    g, d = dcgan((16, 16, 3), LATENT, base_filters=BASE, normalization=normalization)
    names = [layer.__class__.__name__ for layer in d.layers]
    assert "BatchNormalization" not in names
    assert ("LayerNormalization" in names) == (normalization == "layer")
    assert d.count_params() == _dcgan_param_counts(
        16, 3, LATENT, BASE, 4, normalization=normalization
    )[1]


def test_conditional_shapes_counts_and_label_effect():
    g, d = dcgan((16, 16, 1), LATENT, base_filters=BASE, num_classes=10, embedding_dim=5)
    assert [t.name for t in g.inputs] == ["z", "labels"]
    z = np.zeros((4, LATENT), "float32") + 0.5
    labels_flat = np.array([0, 1, 2, 3])
    x_flat = np.asarray(g([z, labels_flat]))
    x_col = np.asarray(g([z, labels_flat[:, None]]))
    np.testing.assert_allclose(x_flat, x_col)  # (batch,) and (batch, 1) labels agree
    assert x_flat.shape == (4, 16, 16, 1)
    # Same z, different labels: different images.
    assert np.max(np.abs(x_flat[0] - x_flat[1])) > 0
    logits = np.asarray(d([x_flat, labels_flat]))
    assert logits.shape == (4, 1)
    same_image = np.repeat(x_flat[:1], 4, axis=0)
    assert np.ptp(np.asarray(d([same_image, labels_flat]))) > 0
    assert (g.count_params(), d.count_params()) == _dcgan_param_counts(
        16, 1, LATENT, BASE, 4, num_classes=10, embedding_dim=5
    )


def test_pacgan_discriminator():
    _, d = dcgan((16, 16, 1), LATENT, base_filters=BASE, pack=2, num_classes=3, embedding_dim=2)
    x = np.random.default_rng(0).uniform(-1, 1, size=(6, 16, 16, 1)).astype("float32")
    assert tuple(d([x, np.array([0, 1, 2, 0, 1, 2])]).shape) == (3, 1)
    assert d.count_params() == _dcgan_param_counts(
        16, 1, LATENT, BASE, 4, num_classes=3, embedding_dim=2, pack=2
    )[1]


def test_return_features_dict():
    g, d = dcgan((8, 8, 3), LATENT, base_filters=BASE, return_features=True)
    out = d(np.zeros((2, 8, 8, 3), "float32"))
    assert sorted(out) == ["features", "logits"]
    assert tuple(out["logits"].shape) == (2, 1)
    assert tuple(out["features"].shape) == (2, 4 * 4 * BASE)


def test_spectral_norm_wraps_discriminator_layers():
    _, d = dcgan((16, 16, 3), LATENT, base_filters=BASE, spectral_norm=True, normalization=None)
    wrapped = [layer for layer in d.layers if layer.__class__.__name__ == "SpectralNormalization"]
    assert len(wrapped) == 3  # two convolutions and the logit layer


def test_trains_with_xla(gan_helpers):
    g, d = dcgan((8, 8, 1), LATENT, base_filters=BASE)
    real = np.random.default_rng(1).uniform(-1, 1, size=(4, 8, 8, 1)).astype("float32")
    gan_helpers.assert_finite_training(gan_helpers.train_steps(g, d, real, LATENT))


def test_conditional_trains_with_xla(gan_helpers):
    g, d = dcgan((8, 8, 3), LATENT, base_filters=BASE, num_classes=3, spectral_norm=True,
                 normalization="layer", return_features=True)
    real = np.random.default_rng(1).uniform(-1, 1, size=(4, 8, 8, 3)).astype("float32")
    labels = np.array([0, 1, 2, 1], "int32")
    history = gan_helpers.train_steps(g, d, real, LATENT, labels=labels)
    gan_helpers.assert_finite_training(history)


def test_serialization_round_trip(gan_helpers, tmp_path):
    g, d = dcgan((8, 8, 3), LATENT, base_filters=BASE, num_classes=4, return_features=True)
    z = np.random.default_rng(0).normal(size=(2, LATENT)).astype("float32")
    labels = np.array([1, 3], "int32")
    gan_helpers.round_trips(g, [z, labels], tmp_path)
    x = np.asarray(g([z, labels]))
    gan_helpers.round_trips(d, [x, labels], tmp_path)


def test_spectral_norm_round_trip(gan_helpers, tmp_path):
    _, d = dcgan((8, 8, 1), LATENT, base_filters=BASE, spectral_norm=True)
    x = np.random.default_rng(0).uniform(-1, 1, size=(2, 8, 8, 1)).astype("float32")
    gan_helpers.round_trips(d, x, tmp_path)


@pytest.mark.parametrize(
    "image_shape",
    [(12, 12, 3), (16, 32, 3), (16, 16, 2), (4, 4, 1), (16, 16), "32", (16.0, 16, 3)],
)
def test_bad_image_shape(image_shape):
    with pytest.raises(ValueError, match="image_shape") as info:
        dcgan(image_shape, LATENT)
    assert repr(image_shape) in str(info.value)


@pytest.mark.parametrize(
    "kwargs, argument, error",
    [
        ({"latent_dim": 0}, "latent_dim", ValueError),
        ({"latent_dim": 2.5}, "latent_dim", TypeError),
        ({"base_filters": 0}, "base_filters", ValueError),
        ({"kernel_size": -1}, "kernel_size", ValueError),
        ({"normalization": "group"}, "normalization", ValueError),
        ({"num_classes": 1}, "num_classes", ValueError),
        ({"pack": -2}, "pack", ValueError),
        ({"num_classes": "ten"}, "num_classes", TypeError),
        ({"num_classes": 10, "embedding_dim": 0}, "embedding_dim", ValueError),
    ],
)
def test_bad_arguments(kwargs, argument, error):
    kwargs = {"latent_dim": LATENT, **kwargs}
    latent_dim = kwargs.pop("latent_dim")
    with pytest.raises(error, match=f"`{argument}`") as info:
        dcgan((16, 16, 3), latent_dim, **kwargs)
    assert "Received" in str(info.value)
