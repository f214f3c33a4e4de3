import keras
import numpy as np
import pytest
import tensorflow as tf

from kerasgan.layers import SelfAttention


def _numpy_attention(x, wf, wg, wh, wv, gamma):
    b, hgt, wid, c = x.shape
    flat = x.reshape(b, hgt * wid, c)
    f, g, h = flat @ wf, flat @ wg, flat @ wh
    out = np.zeros_like(flat)
    for n in range(b):
        s = f[n] @ g[n].T  # s[i, j] = f(x_i) . g(x_j)
        beta = np.exp(s - s.max(axis=0, keepdims=True))
        beta /= beta.sum(axis=0, keepdims=True)  # softmax over i for each j
        out[n] = (beta.T @ h[n]) @ wv  # o_j = v(sum_i beta[i, j] h_i)
    return x + gamma * out.reshape(x.shape)


def test_identity_at_initialization():
    x = np.random.default_rng(0).normal(size=(2, 4, 4, 16)).astype("float32")
    np.testing.assert_array_equal(np.asarray(SelfAttention()(x)), x)


def test_value_against_numpy_with_nonzero_gamma():
    layer = SelfAttention(reduction=4)
    x = np.random.default_rng(1).normal(size=(2, 3, 3, 8)).astype("float32")
    layer(x)
    layer.gamma.assign(0.7)
    expected = _numpy_attention(
        x.astype("float64"), *(np.asarray(l.kernel) for l in (layer.f, layer.g, layer.h, layer.v)), 0.7
    )
    np.testing.assert_allclose(np.asarray(layer(x)), expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("spectral_norm", [False, True])
def test_not_identity_after_one_gradient_step(spectral_norm):
    layer = SelfAttention(spectral_norm=spectral_norm)
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 4, 4, 16)).astype("float32")
    target = rng.normal(size=x.shape).astype("float32")
    layer(x)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x, training=True) * target)
    grads = tape.gradient(loss, layer.trainable_variables)
    keras.optimizers.SGD(0.1).apply_gradients(zip(grads, layer.trainable_variables))
    assert float(layer.gamma) != 0.0
    assert np.max(np.abs(np.asarray(layer(x)) - x)) > 1e-4


def test_serialization_round_trip(tmp_path):
    inputs = keras.Input((4, 4, 8))
    model = keras.Model(inputs, SelfAttention(reduction=2, spectral_norm=True, name="att")(inputs))
    layer = model.get_layer("att")
    assert {"reduction", "spectral_norm"} <= set(layer.get_config())
    layer.gamma.assign(0.5)
    x = np.random.default_rng(3).normal(size=(2, 4, 4, 8)).astype("float32")
    path = str(tmp_path / "att.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(np.asarray(loaded(x)), np.asarray(model(x)), rtol=1e-5)
    restored = SelfAttention.from_config(layer.get_config())
    assert (restored.reduction, restored.spectral_norm) == (2, True)


def test_bad_arguments():
    with pytest.raises(ValueError, match="`reduction`"):
        SelfAttention(reduction=0)
    with pytest.raises(ValueError, match="height, width"):
        SelfAttention()(np.zeros((2, 8), "float32"))
