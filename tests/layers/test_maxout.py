import keras
import numpy as np
import pytest

from kerasgan.layers import Maxout


def test_value_against_numpy():
    layer = Maxout(3, pieces=2)
    x = np.random.default_rng(0).normal(size=(4, 5)).astype("float32")
    y = np.asarray(layer(x))
    kernel, bias = layer.get_weights()
    expected = (x @ kernel + bias).reshape(4, 3, 2).max(axis=-1)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)
    assert layer.compute_output_shape((None, 5)) == (None, 3)


def test_serialization_round_trip():
    layer = Maxout(4, pieces=3, name="mx")
    config = layer.get_config()
    assert {"units", "pieces", "kernel_initializer"} <= set(config)
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(layer))
    assert isinstance(restored, Maxout)
    assert (restored.units, restored.pieces) == (4, 3)


@pytest.mark.parametrize("kwargs, argument", [({"units": 0}, "units"), ({"pieces": 0}, "pieces")])
def test_bad_arguments(kwargs, argument):
    args = {"units": 2, **kwargs}
    units = args.pop("units")
    with pytest.raises(ValueError, match=f"`{argument}`"):
        Maxout(units, **args)
