"""`jit_compile="auto"`: the measured rule (docs/performance.md) and its validation."""

import keras
import pytest
from keras import layers

import kerasgan
from kerasgan import _jit
from tests.conftest import tiny_mlp_pair


def _on_cpu_only():
    return all(d.lower().startswith("cpu") for d in keras.distribution.list_devices())


def _conv_pair():
    g = keras.Sequential([keras.Input((4,)), layers.Dense(8 * 8), layers.Reshape((8, 8, 1))])
    d = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(2, 3), layers.Flatten(), layers.Dense(1)])
    return g, d


def test_auto_on_cpu_compiles_dense_networks_and_not_convolutional_ones():
    assert _on_cpu_only()  # this suite runs on CPU machines
    backend = keras.backend.backend()
    g, d = kerasgan.models.dcgan((8, 8, 1), 4, base_filters=2, spectral_norm=True)
    got = [_jit.resolve_jit_compile("auto", pair) for pair in (tiny_mlp_pair(), _conv_pair(), (g, d))]
    if backend == "tensorflow":
        # Dense nets: XLA; convolutions (also wrapped in SpectralNormalization): no XLA.
        assert got == [True, False, False]
    else:  # JAX always compiles; torch.compile is opt-in.
        assert got == [backend == "jax"] * 3


def test_explicit_settings_pass_through():
    assert _jit.resolve_jit_compile(True, _conv_pair()) is True
    assert _jit.resolve_jit_compile(False, tiny_mlp_pair()) is False


def test_compile_applies_the_rule():
    g, d = tiny_mlp_pair()
    gan = kerasgan.GAN(g, d)
    gan.compile(keras.optimizers.Adam(), keras.optimizers.Adam())
    assert gan.jit_compile is (keras.backend.backend() != "torch")
    g, d = _conv_pair()
    gan = kerasgan.GAN(g, d)
    gan.compile(keras.optimizers.Adam(), keras.optimizers.Adam(), jit_compile=False)
    assert gan.jit_compile is False


def test_bad_jit_compile_names_the_argument():
    with pytest.raises(ValueError, match="jit_compile") as info:
        _jit.resolve_jit_compile("fast")
    assert "'fast'" in str(info.value)
