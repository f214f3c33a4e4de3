import math

import numpy as np
import pytest

from kerasgan.models import autoencoder_discriminator, dcgan, mlp

F, CODE = 4, 6


def _image_param_count(size, channels):
    n = int(math.log2(size // 4))
    total, cin, f = 0, channels, F
    for _ in range(n):
        total += 16 * cin * f + f
        cin, f = f, f * 2
    top = cin  # filters at 4x4
    total += 16 * top * CODE + CODE  # code
    total += CODE * 16 * top + 16 * top  # decoder projection
    f = top
    for _ in range(n):
        out = max(f // 2, F)
        total += 16 * f * out + out
        f = out
    return total + 9 * f * channels + channels


@pytest.mark.parametrize("size", [8, 16, 32, 64])
@pytest.mark.parametrize("channels", [1, 3])
def test_image_shapes_energy_and_counts(size, channels):
    d = autoencoder_discriminator((size, size, channels), code_dim=CODE, base_filters=F)
    x = np.random.default_rng(0).uniform(-1, 1, size=(3, size, size, channels)).astype("float32")
    out = d(x)
    assert sorted(out) == ["aux", "features", "logits"]
    assert tuple(out["logits"].shape) == (3, 1)
    assert tuple(out["features"].shape) == (3, CODE)
    recon = np.asarray(out["aux"])
    assert recon.shape == x.shape
    np.testing.assert_allclose(
        np.asarray(out["logits"])[:, 0], ((x - recon) ** 2).mean(axis=(1, 2, 3)), rtol=1e-5
    )
    assert d.count_params() == _image_param_count(size, channels)


def test_vector_l1_energy_and_counts():
    d = autoencoder_discriminator(2, code_dim=3, hidden_units=(8, 5), energy="l1")
    x = np.random.default_rng(1).normal(size=(4, 2)).astype("float32")
    out = d(x)
    recon = np.asarray(out["aux"])
    np.testing.assert_allclose(np.asarray(out["logits"])[:, 0], np.abs(x - recon).mean(axis=1), rtol=1e-5)
    # enc 2->8->5->code 3, dec 3->5->8->2.
    expected = (2 * 8 + 8) + (8 * 5 + 5) + (5 * 3 + 3) + (3 * 5 + 5) + (5 * 8 + 8) + (8 * 2 + 2)
    assert d.count_params() == expected


def test_energy_of_one_sample_independent_of_batch():
    d = autoencoder_discriminator((8, 8, 1), code_dim=CODE, base_filters=F)
    rng = np.random.default_rng(2)
    x = rng.uniform(-1, 1, size=(1, 8, 8, 1)).astype("float32")
    a = np.asarray(d(np.concatenate([x, rng.uniform(-1, 1, (3, 8, 8, 1))]).astype("float32"))["logits"])
    b = np.asarray(d(np.concatenate([x, np.zeros((1, 8, 8, 1))]).astype("float32"))["logits"])
    np.testing.assert_allclose(a[0], b[0], rtol=1e-5)


def test_trains_with_xla(gan_helpers):
    g, _ = dcgan((8, 8, 1), 4, base_filters=F)
    d = autoencoder_discriminator((8, 8, 1), code_dim=CODE, base_filters=F)
    real = np.random.default_rng(3).uniform(-1, 1, size=(4, 8, 8, 1)).astype("float32")
    gan_helpers.assert_finite_training(gan_helpers.train_steps(g, d, real, 4))


def test_vector_trains_with_xla(gan_helpers):
    g, _ = mlp(2, 2, hidden_units=(8,))
    d = autoencoder_discriminator(2, code_dim=2, hidden_units=(8,))
    real = np.random.default_rng(4).normal(size=(8, 2)).astype("float32")
    gan_helpers.assert_finite_training(gan_helpers.train_steps(g, d, real, 2))


def test_serialization_round_trip(gan_helpers, tmp_path):
    d = autoencoder_discriminator((8, 8, 3), code_dim=CODE, base_filters=F, energy="l1")
    x = np.random.default_rng(5).uniform(-1, 1, size=(2, 8, 8, 3)).astype("float32")
    loaded = gan_helpers.round_trips(d, x, tmp_path)
    assert loaded.get_layer("energy").get_config()["kind"] == "l1"


@pytest.mark.parametrize(
    "args, kwargs, argument",
    [
        ((0,), {}, "image_shape_or_dim"),
        (((12, 12, 3),), {}, "image_shape_or_dim"),
        (((8, 8, 3),), {"code_dim": 0}, "code_dim"),
        (((8, 8, 3),), {"energy": "l2"}, "energy"),
        ((2,), {"hidden_units": ()}, "hidden_units"),
    ],
)
def test_bad_arguments(args, kwargs, argument):
    with pytest.raises(ValueError, match=f"`{argument}`") as info:
        autoencoder_discriminator(*args, **kwargs)
    assert "Received" in str(info.value)
