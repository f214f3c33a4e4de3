"""SpectralNormalization: W / σ(W) as a reparametrization (Miyato et al. 2018)."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers, ops

from kerasgan.layers import SpectralNormalization


def _np(x):
    return np.asarray(ops.convert_to_numpy(x), dtype="float64")


def _unit(x):
    return x / np.linalg.norm(x)


def _swap_last(k):
    return np.swapaxes(k, -1, -2)


@pytest.mark.parametrize(
    "layer, inputs, as_matrix, from_matrix",
    [
        (layers.Dense(5), np.ones((2, 7), "float32"), lambda k: k, lambda m, shape: m),
        (layers.Conv2D(6, 3), np.ones((2, 5, 5, 4), "float32"),
         lambda k: k.reshape(-1, 6), lambda m, shape: m.reshape(shape)),
        # (3, 3, out=6, in=4): grouped by output channel, as PyTorch's spectral_norm.
        (layers.Conv2DTranspose(6, 3, 2), np.ones((2, 5, 5, 4), "float32"),
         lambda k: _swap_last(k).reshape(-1, 6),
         lambda m, shape: _swap_last(m.reshape(shape[:-2] + (shape[-1], shape[-2])))),
        (layers.Embedding(10, 3), np.array([1, 2]), lambda k: k, lambda m, shape: m),
    ],
    ids=["dense", "conv2d", "conv2d_transpose", "embedding"],
)
def test_sigma_is_the_largest_singular_value_and_the_kernel_is_left_alone(
    layer, inputs, as_matrix, from_matrix
):
    sn = SpectralNormalization(layer, power_iterations=40)
    sn(inputs)  # builds
    shape = tuple(sn.kernel.shape)
    rows, cols = as_matrix(np.zeros(shape)).shape
    # A kernel with singular values 3, 1, 0.5, ...: the power iteration converges as 3^-2k.
    rng = np.random.default_rng(0)
    q1, _ = np.linalg.qr(rng.normal(size=(rows, rows)))
    q2, _ = np.linalg.qr(rng.normal(size=(cols, cols)))
    spectrum = np.zeros((rows, cols))
    singular = [3.0, 1.0] + [0.5] * (min(rows, cols) - 2)
    spectrum[np.arange(len(singular)), np.arange(len(singular))] = singular
    matrix = q1 @ spectrum @ q2.T
    sn.kernel.assign(from_matrix(matrix, shape).astype("float32"))
    np.testing.assert_allclose(as_matrix(_np(sn.kernel)), matrix, atol=1e-6)  # layout as claimed
    sn(inputs, training=True)
    np.testing.assert_allclose(_np(sn.sigma()[0]), 3.0, rtol=1e-5)
    sn(inputs, training=True)  # a second call: the stored kernel is still W, not W/σ
    np.testing.assert_allclose(as_matrix(_np(sn.kernel)), matrix, atol=1e-6)


def test_output_is_the_layer_run_with_the_normalized_kernel():
    keras.utils.set_random_seed(1)
    dense = layers.Dense(4, activation="tanh")
    sn = SpectralNormalization(dense, power_iterations=60)
    x = np.random.default_rng(0).normal(size=(3, 6)).astype("float32")
    y = _np(sn(x, training=True))
    kernel, bias = _np(dense.kernel), _np(dense.bias)
    expected = np.tanh(x @ (kernel / np.linalg.norm(kernel, ord=2)) + bias)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(_np(sn(x)), y, rtol=1e-5, atol=1e-6)  # inference: same W_SN


def test_inference_before_training_bounds_sigma_from_below():
    # ũ starts random: σ = ‖Wᵀũ‖ / ‖ũ‖ is then a lower bound of the largest singular value.
    keras.utils.set_random_seed(6)
    sn = SpectralNormalization(layers.Dense(16))
    sn(np.ones((2, 32), "float32"))
    estimate = float(_np(sn.sigma()[0]))
    assert 0.2 * np.linalg.norm(_np(sn.kernel), ord=2) < estimate <= np.linalg.norm(_np(sn.kernel), ord=2)


def test_only_training_calls_refine_u():
    sn = SpectralNormalization(layers.Dense(3))
    x = np.ones((2, 4), "float32")
    sn(x)
    u0 = _np(sn.vector_u)
    sn(x, training=False)
    np.testing.assert_array_equal(_np(sn.vector_u), u0)
    sn(x, training=True)
    assert not np.allclose(_np(sn.vector_u), u0)
    np.testing.assert_allclose(np.linalg.norm(_np(sn.vector_u)), 1.0, rtol=1e-5)


def test_gradient_through_sigma_is_eq_12():
    # ∂L/∂W = (G - ⟨G, W_SN⟩ ṽũᵀ) / σ with G = ∂L/∂W_SN, ũ and ṽ from the power step.
    keras.utils.set_random_seed(2)
    dense = layers.Dense(3, use_bias=False)
    sn = SpectralNormalization(dense)
    x = np.random.default_rng(1).normal(size=(5, 4)).astype("float32")
    r = np.random.default_rng(2).normal(size=(5, 3)).astype("float32")
    sn.build((None, 4))
    kernel, u_old = _np(dense.kernel), _np(sn.vector_u)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(sn(x, training=True) * r)
    grad = tape.gradient(loss, dense.kernel).numpy()

    v = _unit(kernel @ u_old)          # ṽ ← Wᵀũ (kernel is Wᵀ: (in, out))
    u = _unit(kernel.T @ v)            # ũ ← Wṽ
    sigma = v @ kernel @ u
    w_sn = kernel / sigma
    g = x.T.astype("float64") @ r      # ∂L/∂W_SN for L = Σ r ⊙ (x W_SN)
    expected = (g - np.sum(g * w_sn) * np.outer(v, u)) / sigma
    np.testing.assert_allclose(grad, expected, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(_np(sn.vector_u), u, rtol=1e-5)
    # Without the σ term (differentiating at the normalized kernel only) it would be
    # g / σ: the difference is the rank-one term along ṽũᵀ.
    assert np.abs(grad - g / sigma).max() > 1e-2


def test_a_spectrally_normalized_relu_network_is_1_lipschitz():
    # Each layer's operator norm is 1 once ũ has converged, and ReLU is 1-Lipschitz,
    # so |D(x) - D(y)| <= ‖x - y‖ (Miyato et al. 2018, Section 2.1).
    keras.utils.set_random_seed(3)
    net = keras.Sequential([
        keras.Input((8,)),
        SpectralNormalization(layers.Dense(32, activation="relu", kernel_initializer=
                                           keras.initializers.RandomNormal(stddev=2.0)),
                              power_iterations=80),
        SpectralNormalization(layers.Dense(1, kernel_initializer=
                                           keras.initializers.RandomNormal(stddev=2.0)),
                              power_iterations=80),
    ])
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(2, 2000, 8)).astype("float32")
    net(x, training=True)  # converge ũ
    gap = np.abs(_np(net(x)) - _np(net(y)))[:, 0]
    distance = np.linalg.norm(x - y, axis=1)
    assert np.max(gap / distance) <= 1.0 + 1e-4
    unnormalized = keras.Sequential([keras.Input((8,)), net.layers[0].layer, net.layers[1].layer])
    plain_gap = np.abs(_np(unnormalized(x)) - _np(unnormalized(y)))[:, 0]
    assert np.max(plain_gap / distance) > 2.0  # the same weights, unnormalized, are not


def test_saves_and_loads_with_its_u(tmp_path):
    keras.utils.set_random_seed(4)
    model = keras.Sequential([keras.Input((4,)), SpectralNormalization(layers.Dense(3), name="sn")])
    x = np.random.default_rng(5).normal(size=(2, 4)).astype("float32")
    model(x, training=True)
    path = str(tmp_path / "sn.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(_np(loaded(x)), _np(model(x)), rtol=1e-6)
    np.testing.assert_array_equal(_np(loaded.get_layer("sn").vector_u),
                                  _np(model.get_layer("sn").vector_u))
    assert loaded.get_layer("sn").power_iterations == 1


def test_mixed_precision_computes_sigma_in_float32():
    keras.utils.set_random_seed(5)
    layer = layers.Dense(3, dtype="mixed_bfloat16")
    sn = SpectralNormalization(layer, power_iterations=60, dtype="mixed_bfloat16")
    y = sn(np.ones((2, 4), "float32"), training=True)
    assert keras.backend.standardize_dtype(y.dtype) == "bfloat16"
    assert sn.vector_u.dtype == "float32"
    kernel = _np(layer.kernel)
    np.testing.assert_allclose(_np(sn.sigma()[0]), np.linalg.norm(kernel, ord=2), rtol=1e-4)


def test_rejects_layers_without_a_kernel_and_bad_arguments():
    with pytest.raises(ValueError, match="`layer` must hold its weight matrix"):
        SpectralNormalization(layers.ReLU())(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="power_iterations"):
        SpectralNormalization(layers.Dense(2), power_iterations=0)
    with pytest.raises(ValueError, match="epsilon"):
        SpectralNormalization(layers.Dense(2), epsilon=-1.0)
