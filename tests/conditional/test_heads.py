import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import priors
from kerasgan.layers import AuxiliaryClassifierHead, LatentCodeHead, ProjectionHead


def _np(x):
    return ops.convert_to_numpy(x)


@pytest.mark.parametrize("hidden_units", [None, 16])
def test_auxiliary_classifier_head_shapes(hidden_units):
    head = AuxiliaryClassifierHead(7, hidden_units=hidden_units)
    assert head(np.zeros((5, 12), "float32")).shape == (5, 7)
    conv = AuxiliaryClassifierHead(3, hidden_units=hidden_units)
    assert conv(np.zeros((2, 4, 4, 8), "float32")).shape == (2, 3)  # image features are flattened


def test_latent_code_head_width_follows_the_codes():
    prior = priors.Joint(noise=priors.Normal(5), code=[priors.Categorical(10), priors.Uniform(2)])
    features = np.zeros((4, 32), "float32")
    assert LatentCodeHead(prior)(features).shape == (4, 12)
    assert LatentCodeHead(prior, learn_std=True)(features).shape == (4, 14)
    assert LatentCodeHead(priors.Categorical(3), hidden_units=None)(features).shape == (4, 3)


def test_projection_head_is_linear_logit_plus_class_projection():
    rng = np.random.default_rng(0)
    head = ProjectionHead(4)
    h = rng.normal(size=(6, 5)).astype("float32")
    y = np.array([0, 1, 2, 3, 1, 0], "int32")
    out = _np(head([h, y]))
    assert out.shape == (6, 1)
    w, b, emb = (_np(v) for v in (head.kernel, head.bias, head.embeddings))
    expected = h @ w + b + np.sum(emb[y] * h, axis=1, keepdims=True)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(head([h, y[:, None]])), out, rtol=1e-6)  # (batch, 1) labels too


def test_heads_give_float32_under_mixed_precision():
    keras.config.set_dtype_policy("mixed_bfloat16")
    h = np.ones((2, 8), "float32")
    assert keras.backend.standardize_dtype(AuxiliaryClassifierHead(3)(h).dtype) == "float32"
    assert keras.backend.standardize_dtype(ProjectionHead(3)([h, np.zeros(2, "int32")]).dtype) == "float32"


@pytest.mark.parametrize(
    "make, inputs",
    [
        (lambda: AuxiliaryClassifierHead(5, hidden_units=8), lambda: np.ones((3, 6), "float32")),
        (
            lambda: LatentCodeHead(priors.Joint(noise=priors.Normal(2), code=[priors.Categorical(4), priors.Normal(1)]),
                                   hidden_units=8, learn_std=True),
            lambda: np.ones((3, 6), "float32"),
        ),
        (lambda: ProjectionHead(5), lambda: [np.ones((3, 6), "float32"), np.array([0, 4, 2], "int32")]),
    ],
)
def test_heads_serialize_round_trip(make, inputs, tmp_path):
    head = make()
    expected = _np(head(inputs()))
    config = head.get_config()
    restored = type(head).from_config(config)
    restored(inputs())
    restored.set_weights(head.get_weights())
    np.testing.assert_allclose(_np(restored(inputs())), expected, rtol=1e-6)
    # And inside a saved model, with safe_mode.
    x = keras.Input((6,))
    if isinstance(head, ProjectionHead):
        y = keras.Input((1,), dtype="int32")
        model = keras.Model([x, y], make()([x, y]))
        data = [np.ones((3, 6), "float32"), np.array([[0], [4], [2]], "int32")]
    else:
        model = keras.Model(x, make()(x))
        data = np.ones((3, 6), "float32")
    path = str(tmp_path / "m.keras")
    model.save(path)
    loaded = keras.models.load_model(path, safe_mode=True)
    np.testing.assert_allclose(_np(loaded(data)), _np(model(data)), rtol=1e-6)


def test_head_arguments_are_checked():
    with pytest.raises(ValueError, match="num_classes"):
        AuxiliaryClassifierHead(1)
    with pytest.raises(TypeError, match="num_classes"):
        ProjectionHead("8")
    with pytest.raises(TypeError, match="hidden_units"):
        AuxiliaryClassifierHead(3, hidden_units=2.5)
    with pytest.raises(TypeError, match="code"):
        LatentCodeHead(8)
    with pytest.raises(ValueError, match="features, labels"):
        ProjectionHead(3)(np.ones((2, 4), "float32"))


def test_builders_accept_num_classes_and_the_gan_reads_it():
    g, d = kerasgan.models.mlp(2, 2, num_classes=6, hidden_units=(8,), discriminator_units=(8,))
    gan = kerasgan.GAN(g, d)
    assert gan.conditional and gan.num_classes == 6
    assert kerasgan.GAN(g, d, num_classes=6).num_classes == 6
    with pytest.raises(ValueError, match="num_classes"):
        kerasgan.GAN(g, d, num_classes=1)
