import math

import keras
import numpy as np
import pytest

from kerasgan.layers import (
    AdaIN,
    ConstantInput,
    EqualizedConv2D,
    EqualizedDense,
    MappingNetwork,
    NoiseInjection,
    PixelNormalization,
    truncate_w,
)

RNG = np.random.default_rng(0)


def _round_trip(layer, inputs, tmp_path, **call_kwargs):
    """Saves a one-layer functional model and checks the reloaded one matches."""
    if isinstance(inputs, list):
        model_inputs = [keras.Input(np.shape(x)[1:]) for x in inputs]
    else:
        model_inputs = keras.Input(np.shape(inputs)[1:])
    model = keras.Model(model_inputs, layer(model_inputs))
    path = str(tmp_path / f"{layer.name}.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(
        np.asarray(loaded(inputs, **call_kwargs)), np.asarray(model(inputs, **call_kwargs)), rtol=1e-5
    )
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config
    return loaded


def test_equalized_dense_runtime_scale_is_he_constant(tmp_path):
    layer = EqualizedDense(5)
    x = RNG.normal(size=(3, 7)).astype("float32")
    y = np.asarray(layer(x))
    assert math.isclose(layer.runtime_scale, math.sqrt(2.0 / 7))
    kernel, bias = layer.get_weights()
    np.testing.assert_allclose(y, x @ (kernel * math.sqrt(2.0 / 7)) + bias, rtol=1e-5, atol=1e-6)
    _round_trip(layer, x, tmp_path)


def test_equalized_lr_multiplier_and_gain():
    layer = EqualizedDense(400, lr_multiplier=0.01, gain=1.0, bias_init=2.0)
    layer.build((None, 50))
    kernel, bias = layer.get_weights()
    # Stored weights ~ N(0, 1/λ²): std 100; effective weights ~ N(0, gain²/fan_in).
    assert 90 < kernel.std() < 110
    assert math.isclose(layer.runtime_scale, 1.0 / math.sqrt(50) * 0.01)
    np.testing.assert_allclose(bias * 0.01, 2.0)  # the effective bias is bias_init


def test_equalized_conv_matches_scaled_keras_conv(tmp_path):
    layer = EqualizedConv2D(4, 3)
    x = RNG.normal(size=(2, 5, 5, 3)).astype("float32")
    y = np.asarray(layer(x))
    assert math.isclose(layer.runtime_scale, math.sqrt(2.0 / (3 * 3 * 3)))
    reference = keras.layers.Conv2D(4, 3, padding="same")
    reference.build(x.shape)
    kernel, bias = layer.get_weights()
    reference.set_weights([kernel * layer.runtime_scale, bias])
    np.testing.assert_allclose(y, np.asarray(reference(x)), rtol=1e-4, atol=1e-5)
    _round_trip(layer, x, tmp_path)


def test_pixel_norm_gives_unit_mean_square(tmp_path):
    x = RNG.normal(3.0, 5.0, size=(2, 4, 4, 6)).astype("float32")
    y = np.asarray(PixelNormalization()(x))
    np.testing.assert_allclose((y ** 2).mean(axis=-1), 1.0, rtol=1e-5)
    # Direction is kept: y is x divided by a positive per-pixel number.
    ratio = y / x
    np.testing.assert_allclose(ratio, ratio[..., :1] * np.ones_like(ratio), rtol=1e-4)
    _round_trip(PixelNormalization(name="pn"), x, tmp_path)


def test_adain_output_has_style_mean_and_std(tmp_path):
    x = RNG.normal(2.0, 3.0, size=(3, 6, 6, 4)).astype("float32")
    w = RNG.normal(size=(3, 5)).astype("float32")
    layer = AdaIN(epsilon=0.0)
    layer([x, w])
    for dense in (layer.style_scale, layer.style_bias):  # make the styles non-trivial
        dense.kernel.assign(RNG.normal(size=dense.kernel.shape).astype("float32"))
    y = np.asarray(layer([x, w]))
    # The styles computed independently from the affine maps' stored weights.
    def affine(dense):
        kernel, bias = (np.asarray(v) for v in (dense.kernel, dense.bias))
        return w @ (kernel / math.sqrt(5)) + bias
    ys, yb = affine(layer.style_scale), affine(layer.style_bias)
    np.testing.assert_allclose(y.mean(axis=(1, 2)), yb, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(y.std(axis=(1, 2)), np.abs(ys), rtol=1e-4, atol=1e-4)
    _round_trip(AdaIN(name="adain"), [x, w], tmp_path)


def test_noise_effect_scales_with_its_weight(tmp_path):
    x = RNG.normal(size=(2, 4, 4, 3)).astype("float32")
    noise = RNG.normal(size=(2, 4, 4, 1)).astype("float32")
    layer = NoiseInjection(seed=1)
    np.testing.assert_array_equal(np.asarray(layer(x)), x)  # scale starts at 0
    layer.scale.assign(np.array([0.5, 1.0, -2.0], "float32"))
    effect = np.asarray(layer(x, noise=noise)) - x
    np.testing.assert_allclose(effect, noise * np.array([0.5, 1.0, -2.0]), rtol=1e-5, atol=1e-6)
    layer.scale.assign(np.array([1.0, 2.0, -4.0], "float32"))
    np.testing.assert_allclose(np.asarray(layer(x, noise=noise)) - x, 2 * effect, rtol=1e-5, atol=1e-6)
    drawn = np.asarray(layer(np.zeros((2, 4, 4, 3), "float32")))
    assert np.std(drawn[..., 0]) > 0.3 and np.max(np.abs(drawn[0] - drawn[1])) > 0
    np.testing.assert_allclose(drawn[..., 1], 2 * drawn[..., 0], rtol=1e-5, atol=1e-6)
    assert NoiseInjection.from_config(layer.get_config()).seed == 1


def test_constant_input(tmp_path):
    layer = ConstantInput(5, size=4)
    out = np.asarray(layer(np.zeros((3, 7), "float32")))
    assert out.shape == (3, 4, 4, 5)
    np.testing.assert_array_equal(out[0], out[2])
    _round_trip(layer, np.zeros((2, 7), "float32"), tmp_path)


def test_truncate_w_psi_zero_and_one():
    w = RNG.normal(size=(4, 6)).astype("float32")
    w_avg = RNG.normal(size=(6,)).astype("float32")
    np.testing.assert_allclose(np.asarray(truncate_w(w, w_avg, 0.0)), np.broadcast_to(w_avg, w.shape))
    np.testing.assert_allclose(np.asarray(truncate_w(w, w_avg, 1.0)), w, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(truncate_w(w, w_avg, 0.5)), (w + w_avg) / 2, rtol=1e-5)


def test_mapping_network_tracks_mean_and_truncates(tmp_path):
    mapping = MappingNetwork(6, num_ws=3, num_layers=2, w_avg_beta=0.9, style_mixing=0.0)
    z = RNG.normal(size=(5, 4)).astype("float32")
    ws = np.asarray(mapping(z))  # inference, ψ = 1
    assert ws.shape == (5, 3, 6)
    np.testing.assert_allclose(ws[:, 0], ws[:, 2])
    w = np.asarray(mapping.map(z))
    np.testing.assert_allclose(ws[:, 1], w, rtol=1e-6)
    mapping(z, training=True)
    np.testing.assert_allclose(np.asarray(mapping.w_avg), 0.1 * w.mean(axis=0), rtol=1e-5, atol=1e-7)
    mapping.truncation_psi.assign(0.0)  # ψ = 0 maps every z to w̄
    truncated = np.asarray(mapping(RNG.normal(size=(5, 4)).astype("float32")))
    np.testing.assert_allclose(truncated, np.broadcast_to(np.asarray(mapping.w_avg), truncated.shape), rtol=1e-6)
    assert len(mapping.trainable_weights) == 4  # two dense layers
    assert {w.name for w in mapping.non_trainable_weights} == {"w_avg", "truncation_psi"}
    loaded = _round_trip(mapping, z, tmp_path)
    np.testing.assert_allclose(np.asarray(loaded.layers[1].w_avg), np.asarray(mapping.w_avg))


def test_mapping_network_style_mixing():
    mapping = MappingNetwork(4, num_ws=6, num_layers=2, style_mixing=1.0, seed=3)
    z = RNG.normal(size=(3, 4)).astype("float32")
    w = np.asarray(mapping.map(z))
    for _ in range(3):
        ws = np.asarray(mapping(z, training=True))
        same = np.all(np.isclose(ws, w[:, None]), axis=(0, 2))
        cutoff = int(np.argmin(same))
        assert 1 <= cutoff < 6  # the first styles come from z, the rest from another z
        assert same[:cutoff].all() and not same[cutoff:].any()
    no_mixing = MappingNetwork(4, num_ws=6, num_layers=2, style_mixing=0.0)
    ws = np.asarray(no_mixing(z, training=True))
    np.testing.assert_allclose(ws, np.repeat(np.asarray(no_mixing.map(z))[:, None], 6, 1), rtol=1e-6)


@pytest.mark.parametrize(
    "factory, argument",
    [
        (lambda: EqualizedDense(0), "units"),
        (lambda: EqualizedDense(3, gain=0), "gain"),
        (lambda: EqualizedConv2D(3, 0), "kernel_size"),
        (lambda: EqualizedConv2D(3, 3, lr_multiplier=-1.0), "lr_multiplier"),
        (lambda: PixelNormalization(epsilon=-1), "epsilon"),
        (lambda: AdaIN(epsilon="x"), "epsilon"),
        (lambda: ConstantInput(0), "channels"),
        (lambda: MappingNetwork(0), "w_dim"),
        (lambda: MappingNetwork(8, style_mixing=1.5), "style_mixing"),
        (lambda: MappingNetwork(8, w_avg_beta=-0.1), "w_avg_beta"),
        (lambda: MappingNetwork(8, lr_multiplier=0), "lr_multiplier"),
    ],
)
def test_bad_arguments(factory, argument):
    with pytest.raises(ValueError, match=f"`{argument}`") as info:
        factory()
    assert "Received" in str(info.value)


def test_noise_seed_type():
    with pytest.raises(TypeError, match="`seed`"):
        NoiseInjection(seed="a")
