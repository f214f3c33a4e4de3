import numpy as np
import pytest

from kerasgan.layers import SelfAttention
from kerasgan.models import sagan

LATENT, F = 8, 8


def _attention_input_size(model):
    layer = next(l for l in model.layers if isinstance(l, SelfAttention))
    return layer.input.shape[1]


@pytest.mark.parametrize("size", [8, 16, 32, 64])
@pytest.mark.parametrize("num_classes", [None, 4])
def test_shapes_counts_and_attention_placement(size, num_classes, gan_helpers):
    g, d = sagan((size, size, 1), LATENT, base_filters=F, num_classes=num_classes)
    z = np.random.default_rng(0).normal(size=(2, LATENT)).astype("float32")
    labels = np.array([1, 2])
    x = np.asarray(g(z if num_classes is None else [z, labels]))
    assert x.shape == (2, size, size, 1)
    assert tuple(d(x if num_classes is None else [x, labels]).shape) == (2, 1)
    assert (g.count_params(), d.count_params()) == gan_helpers.resnet_param_counts(
        size, 1, LATENT, F, num_classes=num_classes, g_sn=True, attention=True
    )
    expected = max(4, size // 2)
    assert _attention_input_size(g) == expected
    assert _attention_input_size(d) == expected


def test_attention_resolution_choice_and_none(gan_helpers):
    g, d = sagan((32, 32, 3), LATENT, base_filters=F, attention_resolution=8)
    assert _attention_input_size(g) == 8 and _attention_input_size(d) == 8
    g, d = sagan((16, 16, 3), LATENT, base_filters=F, attention_resolution=None)
    assert not any(isinstance(l, SelfAttention) for l in g.layers + d.layers)
    assert g.count_params() == gan_helpers.resnet_param_counts(16, 3, LATENT, F, g_sn=True)[0]


@pytest.mark.slow
def test_trains_with_xla(gan_helpers):
    g, d = sagan((8, 8, 3), LATENT, base_filters=F, num_classes=2)
    real = np.random.default_rng(1).uniform(-1, 1, size=(4, 8, 8, 3)).astype("float32")
    history = gan_helpers.train_steps(g, d, real, LATENT, labels=np.array([0, 1, 1, 0], "int32"))
    gan_helpers.assert_finite_training(history)


def test_serialization_round_trip(gan_helpers, tmp_path):
    g, d = sagan((16, 16, 3), LATENT, base_filters=F, return_features=True)
    z = np.random.default_rng(2).normal(size=(2, LATENT)).astype("float32")
    gan_helpers.round_trips(g, z, tmp_path)
    gan_helpers.round_trips(d, np.asarray(g(z)), tmp_path)


@pytest.mark.parametrize("value", [64, 4, 12, "all"])
def test_bad_attention_resolution(value):
    with pytest.raises(ValueError, match="`attention_resolution`") as info:
        sagan((32, 32, 3), LATENT, attention_resolution=value)
    assert repr(value) in str(info.value)
