import numpy as np
import pytest

from kerasgan.layers import ConditionalBatchNormalization
from kerasgan.models import biggan

LATENT, F, SHARED = 12, 8, 6


@pytest.mark.parametrize("size", [8, 16, 32, 64])
@pytest.mark.parametrize("num_classes", [None, 5])
def test_shapes_and_parameter_counts(size, num_classes, gan_helpers):
    g, d = biggan((size, size, 3), LATENT, base_filters=F, num_classes=num_classes, shared_dim=SHARED)
    z = np.random.default_rng(0).normal(size=(2, LATENT)).astype("float32")
    labels = np.array([4, 0])
    x = np.asarray(g(z if num_classes is None else [z, labels]))
    assert x.shape == (2, size, size, 3)
    assert tuple(d(x if num_classes is None else [x, labels]).shape) == (2, 1)
    assert (g.count_params(), d.count_params()) == gan_helpers.resnet_param_counts(
        size, 3, LATENT, F, num_classes=num_classes, g_sn=True, attention=True,
        hierarchical=True, shared_dim=SHARED,
    )


def test_hierarchical_latent_reaches_every_block():
    g, _ = biggan((16, 16, 3), LATENT, base_filters=F, num_classes=3, shared_dim=SHARED)
    cbns = [l for l in g.layers if isinstance(l, ConditionalBatchNormalization)]
    assert len(cbns) == 4  # two per block, two blocks
    # z splits into 3 chunks of 4; each block's condition is [shared embedding, its chunk].
    for layer in cbns:
        assert layer.gamma_kernel.shape == (SHARED + 4, F)
    # Changing only the last chunk of z changes the image through the last block's CBN.
    for layer in cbns:
        layer.gamma_kernel.assign(np.random.default_rng(1).normal(size=(SHARED + 4, F)))
    z = np.random.default_rng(2).normal(size=(1, LATENT)).astype("float32")
    z2 = z.copy()
    z2[0, -4:] += 1.0
    labels = np.array([1])
    a = np.asarray(g([z, labels], training=False))
    b = np.asarray(g([z2, labels], training=False))
    assert np.max(np.abs(a - b)) > 1e-6
    assert g.get_layer("g_project_sn").input.shape[-1] == 4  # only z_0 feeds the dense input


@pytest.mark.slow
def test_trains_with_xla(gan_helpers):
    g, d = biggan((8, 8, 3), LATENT, base_filters=F, num_classes=2, shared_dim=SHARED)
    real = np.random.default_rng(3).uniform(-1, 1, size=(4, 8, 8, 3)).astype("float32")
    history = gan_helpers.train_steps(g, d, real, LATENT, labels=np.array([0, 1, 1, 0], "int32"))
    gan_helpers.assert_finite_training(history)


def test_serialization_round_trip(gan_helpers, tmp_path):
    g, d = biggan((8, 8, 1), LATENT, base_filters=F, num_classes=3, shared_dim=SHARED)
    z = np.random.default_rng(4).normal(size=(2, LATENT)).astype("float32")
    labels = np.array([0, 2], "int32")
    gan_helpers.round_trips(g, [z, labels], tmp_path)
    gan_helpers.round_trips(d, [np.asarray(g([z, labels])), labels], tmp_path)


def test_bad_arguments():
    with pytest.raises(ValueError, match="`latent_dim`") as info:
        biggan((64, 64, 3), 3)
    assert "at least 5" in str(info.value)
    with pytest.raises(ValueError, match="`shared_dim`"):
        biggan((16, 16, 3), LATENT, shared_dim=0)
