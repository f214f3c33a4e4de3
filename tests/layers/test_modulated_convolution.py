"""ModulatedConv2D: StyleGAN2's weight (de)modulation (Karras et al. 2020, Sec. 2.2)."""

import numpy as np
import pytest
from keras import ops

import keras
from kerasgan.layers import ModulatedConv2D


def _layer(demodulate, style, cin=64, filters=32, w_dim=8, seed=0):
    keras.utils.set_random_seed(seed)
    layer = ModulatedConv2D(filters, 3, demodulate=demodulate, use_bias=False)
    layer.build([(None, 16, 16, cin), (None, w_dim)])
    # s = A(w): zero affine kernel and a bias of `style` give s_i = style for every channel.
    layer.affine.kernel.assign(np.zeros(layer.affine.kernel.shape, "float32"))
    layer.affine.bias.assign(np.full(layer.affine.bias.shape, style, "float32"))
    return layer


def _interior_std(layer, cin=64, w_dim=8):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(8, 16, 16, cin)).astype("float32")
    y = ops.convert_to_numpy(layer([x, np.zeros((8, w_dim), "float32")]))
    return float(y[:, 1:-1, 1:-1].std())   # away from the zero padding


def test_demodulation_gives_unit_variance_outputs_whatever_the_style():
    # Eq. 2-3: for i.i.d. unit-variance inputs, demodulated outputs have unit std.
    for style in (0.3, 1.0, 4.0):
        std = _interior_std(_layer(True, style))
        assert abs(std - 1.0) < 0.05, (style, std)
    # Without demodulation the style scales the output (what AdaIN had to normalize).
    small, large = (_interior_std(_layer(False, s)) for s in (0.5, 2.0))
    assert large / small == pytest.approx(4.0, rel=1e-3)


def test_equals_the_per_sample_modulated_kernel_convolution():
    # The fused path (scale inputs, shared kernel, scale outputs) is the convolution
    # with each sample's own modulated and demodulated kernel w''.
    keras.utils.set_random_seed(3)
    layer = ModulatedConv2D(5, 3)
    rng = np.random.default_rng(4)
    x = rng.normal(size=(3, 6, 6, 4)).astype("float32")
    w = rng.normal(size=(3, 7)).astype("float32")
    y = ops.convert_to_numpy(layer([x, w]))
    s = ops.convert_to_numpy(layer.styles(w))
    kernel = ops.convert_to_numpy(layer.kernel) * layer.runtime_scale
    for b in range(3):
        k = kernel * s[b][None, None, :, None]
        k = k / np.sqrt((k ** 2).sum(axis=(0, 1, 2), keepdims=True) + 1e-8)
        expected = ops.convert_to_numpy(ops.conv(x[b : b + 1], k, padding="same"))[0]
        np.testing.assert_allclose(y[b], expected + ops.convert_to_numpy(layer.bias), atol=1e-4)


def test_upsampling_serialization_and_bad_inputs(tmp_path):
    x, w = keras.Input((4, 4, 3)), keras.Input((6,))
    model = keras.Model([x, w], ModulatedConv2D(2, up=True, name="mod")([x, w]))
    data = [np.ones((2, 4, 4, 3), "float32"), np.ones((2, 6), "float32")]
    assert model(data).shape == (2, 8, 8, 2)
    path = str(tmp_path / "m.keras")
    model.save(path)
    np.testing.assert_allclose(keras.models.load_model(path)(data), model(data), atol=1e-6)
    with pytest.raises(ValueError, match=r"\[x, w\]"):
        ModulatedConv2D(2)(np.ones((1, 4, 4, 3), "float32"))
    with pytest.raises(TypeError, match="`demodulate`"):
        ModulatedConv2D(2, demodulate="yes")
    with pytest.raises(ValueError, match="`epsilon`"):
        ModulatedConv2D(2, epsilon=0.0)
