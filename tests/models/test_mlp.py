import numpy as np
import pytest

from kerasgan.layers import Maxout
from kerasgan.models import mlp


def _mlp_param_counts(data_dim, latent_dim, g_units, d_units, *, batch_norm=True, pieces=5,
                      maxout=True, emb=0, num_classes=0):
    g, fan_in = num_classes * emb, latent_dim + emb
    for u in g_units:
        g += fan_in * u + (4 * u if batch_norm else u)
        fan_in = u
    g += fan_in * data_dim + data_dim
    d, fan_in = num_classes * emb, data_dim + emb
    for u in d_units:
        width = u * pieces if maxout else u
        d += fan_in * width + width
        fan_in = u
    d += fan_in + 1
    return g, d


def test_pacgan_defaults():
    g, d = mlp(2, 2)
    z = np.random.default_rng(0).normal(size=(5, 2)).astype("float32")
    x = np.asarray(g(z))
    assert x.shape == (5, 2)
    assert tuple(d(x).shape) == (5, 1)
    assert (g.count_params(), d.count_params()) == _mlp_param_counts(
        2, 2, (400,) * 4, (200,) * 3
    )
    assert sum(isinstance(layer, Maxout) for layer in d.layers) == 3
    assert sum(layer.__class__.__name__ == "BatchNormalization" for layer in g.layers) == 4


def test_generator_output_is_linear():
    g, _ = mlp(2, 2, hidden_units=(8,), batch_norm=False)
    # Scale the output weights: a linear output has no bound, tanh would stay in [-1, 1].
    out_layer = g.get_layer("g_out")
    kernel, bias = out_layer.get_weights()
    out_layer.set_weights([kernel * 0.0, bias * 0.0 + 7.0])
    np.testing.assert_allclose(np.asarray(g(np.ones((2, 2), "float32"))), 7.0)


def test_custom_sizes_and_activation():
    g, d = mlp(3, 4, hidden_units=(6, 5), discriminator_units=(7,), batch_norm=False,
               discriminator_activation="leaky_relu")
    assert (g.count_params(), d.count_params()) == _mlp_param_counts(
        3, 4, (6, 5), (7,), batch_norm=False, maxout=False
    )
    assert tuple(g(np.zeros((2, 4), "float32")).shape) == (2, 3)


def test_conditional():
    g, d = mlp(2, 2, hidden_units=(16,), discriminator_units=(8,), num_classes=8)
    z = np.zeros((8, 2), "float32")
    labels = np.arange(8, dtype="int32")
    x = np.asarray(g([z, labels]))
    assert x.shape == (8, 2)
    assert np.max(np.abs(x[0] - x[1])) > 0  # the label changes the sample
    assert tuple(d([x, labels[:, None]]).shape) == (8, 1)
    assert (g.count_params(), d.count_params()) == _mlp_param_counts(
        2, 2, (16,), (8,), emb=8, num_classes=8
    )


def test_return_features():
    _, d = mlp(2, 2, discriminator_units=(8, 6), return_features=True)
    out = d(np.zeros((3, 2), "float32"))
    assert tuple(out["logits"].shape) == (3, 1)
    assert tuple(out["features"].shape) == (3, 6)


def test_trains_with_xla(gan_helpers):
    g, d = mlp(2, 2, hidden_units=(16, 16), discriminator_units=(8, 8), num_classes=4,
               return_features=True)
    real = np.random.default_rng(0).normal(size=(8, 2)).astype("float32")
    labels = np.arange(8, dtype="int32") % 4
    gan_helpers.assert_finite_training(
        gan_helpers.train_steps(g, d, real, 2, labels=labels)
    )


def test_serialization_round_trip(gan_helpers, tmp_path):
    g, d = mlp(2, 3, hidden_units=(8,), discriminator_units=(4,))
    z = np.random.default_rng(0).normal(size=(4, 3)).astype("float32")
    gan_helpers.round_trips(g, z, tmp_path)
    gan_helpers.round_trips(d, np.asarray(g(z)), tmp_path)


@pytest.mark.parametrize(
    "kwargs, argument, error",
    [
        ({"data_dim": 0}, "data_dim", ValueError),
        ({"latent_dim": None}, "latent_dim", TypeError),
        ({"hidden_units": ()}, "hidden_units", ValueError),
        ({"discriminator_units": (4, -1)}, "discriminator_units", ValueError),
        ({"activation": "not_an_activation"}, "activation", ValueError),
        ({"discriminator_activation": "nope"}, "discriminator_activation", ValueError),
        ({"maxout_pieces": 0}, "maxout_pieces", ValueError),
        ({"num_classes": 0}, "num_classes", ValueError),
        ({"pack": 0}, "pack", ValueError),
    ],
)
def test_bad_arguments(kwargs, argument, error):
    args = {"data_dim": 2, "latent_dim": 2}
    for key in ("data_dim", "latent_dim"):
        if key in kwargs:
            args[key] = kwargs.pop(key)
    with pytest.raises(error, match=f"`{argument}`") as info:
        mlp(args["data_dim"], args["latent_dim"], **kwargs)
    assert "Received" in str(info.value)


@pytest.mark.parametrize("pack", [2, 3, 4])
def test_pacgan_discriminator(pack):
    _, d = mlp(2, 2, discriminator_units=(8, 8), pack=pack)
    x = np.random.default_rng(0).normal(size=(12, 2)).astype("float32")
    assert tuple(d(x).shape) == (12 // pack, 1)
    # The first maxout layer sees pack * data_dim inputs.
    g_count, d_count = _mlp_param_counts(2 * pack, 2, (1,), (8, 8))
    assert d.count_params() == d_count
    # Swapping two packs swaps their logits: each logit depends on its own pack only.
    swapped = np.concatenate([x[pack:2 * pack], x[:pack], x[2 * pack:]])
    a, b = np.asarray(d(x)), np.asarray(d(swapped))
    np.testing.assert_allclose(a[[1, 0]], b[:2], rtol=1e-5)
