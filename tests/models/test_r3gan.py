"""`models.r3gan`: R3GAN's backbone (Huang et al. 2024, Sec. 3.3)."""

import keras
import numpy as np
import pytest

import kerasgan

SMALL = {"width": 16, "cardinality": 4, "blocks": 1}


def _block_params(c, e, g):
    wide = c * e
    # 1×1 expand (+bias), 3×3 grouped (+bias: wide/g inputs per filter), 1×1 project.
    return c * wide + wide + 9 * wide * (wide // g) + wide + wide * c


@pytest.mark.parametrize("size, stages, s0", [(32, 4, 4), (28, 3, 7)])
def test_shapes_and_parameter_counts(size, stages, s0):
    g, d = kerasgan.models.r3gan((size, size, 3), 64)        # preset "small": 64 ch, 8 groups
    z = np.random.default_rng(0).normal(size=(2, 64)).astype("float32")
    x = g(z)
    assert tuple(x.shape) == (2, size, size, 3) and tuple(d(x).shape) == (2, 1)
    block = _block_params(64, 2, 8)
    assert g.count_params() == stages * block + 64 * 64 + s0 * s0 * 64 + 64 * 3
    lowpass = (stages - 1) * 16 * 64                          # fixed, non-trainable
    assert d.count_params() == stages * block + 3 * 64 + lowpass + s0 * s0 * 64 + 64
    grouped = g.get_layer("g_stage0_block0_grouped")
    assert grouped.groups == 8 and tuple(grouped.kernel.shape) == (3, 3, 16, 128)
    assert len(d.non_trainable_weights) == stages - 1


def test_conditional_pair_takes_labels_and_labels_change_outputs():
    g, d = kerasgan.models.r3gan((16, 16, 1), 8, num_classes=10, **SMALL)
    z = np.zeros((2, 8), "float32")
    x = g([z, np.array([[1], [2]], "int32")])
    assert tuple(x.shape) == (2, 16, 16, 1)
    assert not np.allclose(keras.ops.convert_to_numpy(x[0]), keras.ops.convert_to_numpy(x[1]))
    logits = d([keras.ops.convert_to_numpy(x), np.array([[1], [2]], "int32")])
    assert tuple(logits.shape) == (2, 1)
    assert g.get_layer("g_label_embedding").output_dim == 8     # G: latent_dim
    assert d.get_layer("d_label_embedding").output_dim == 16    # D: last width


def test_no_normalization_layers():
    g, d = kerasgan.models.r3gan((32, 32, 3), 16, **SMALL)
    names = [type(layer).__name__ for m in (g, d) for layer in m.layers]
    assert not [n for n in names if "Normalization" in n], names
    assert "Conv2D" in names and "Add" in names


def test_every_residual_block_is_the_identity_at_initialization():
    g, d = kerasgan.models.r3gan((16, 16, 3), 16, width=16, cardinality=4, blocks=2)
    rng = np.random.default_rng(0)
    for model in (g, d):
        adds = [layer for layer in model.layers if isinstance(layer, keras.layers.Add)]
        assert len(adds) == 2 * 3                              # 3 stages × 2 blocks
        probe = keras.Model(model.inputs, [t for a in adds for t in (a.input[0], a.output)])
        x = rng.normal(size=(2, *model.input_shape[1:])).astype("float32")
        outs = [keras.ops.convert_to_numpy(t) for t in probe([x])]
        for before, after in zip(outs[::2], outs[1::2]):
            np.testing.assert_array_equal(before, after)
        # ...while the branch's inner layers are not degenerate (the fix-up gains).
        inner = model.get_layer(adds[0].name.replace("_add", "_expand"))
        assert 0 < float(np.std(keras.ops.convert_to_numpy(inner.kernel))) < 1


def test_save_and_load_with_safe_mode(tmp_path):
    g, d = kerasgan.models.r3gan((8, 8, 1), 8, **SMALL)
    x = np.random.default_rng(1).normal(size=(2, 8, 8, 1)).astype("float32")
    d.save(tmp_path / "d.keras")
    again = keras.models.load_model(tmp_path / "d.keras", safe_mode=True)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(again(x)),
                               keras.ops.convert_to_numpy(d(x)), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kwargs, argument", [
    ({"image_shape": (30, 30, 3)}, "image_shape"),
    ({"image_shape": (32, 32, 3), "preset": "huge"}, "preset"),
    ({"image_shape": (32, 32, 3), "width": (64, 64)}, "width"),
    ({"image_shape": (32, 32, 3), "cardinality": 7}, "cardinality"),
])
def test_bad_arguments_name_the_argument(kwargs, argument):
    with pytest.raises(ValueError, match=f"`{argument}`.*Received"):
        kerasgan.models.r3gan(latent_dim=8, **kwargs)
