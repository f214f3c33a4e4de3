import keras
import numpy as np
import pytest

from kerasgan.layers import ReconstructionEnergy


@pytest.mark.parametrize("kind", ["mse", "l1"])
def test_value_against_numpy(kind):
    rng = np.random.default_rng(0)
    x, r = rng.normal(size=(3, 2, 2, 2)), rng.normal(size=(3, 2, 2, 2))
    e = np.asarray(ReconstructionEnergy(kind)([x.astype("float32"), r.astype("float32")]))
    diff = (x - r).reshape(3, -1)
    expected = (diff ** 2).mean(axis=1) if kind == "mse" else np.abs(diff).mean(axis=1)
    np.testing.assert_allclose(e[:, 0], expected, rtol=1e-5)
    assert e.dtype == np.float32 and e.shape == (3, 1)


def test_serialization_round_trip():
    layer = ReconstructionEnergy("l1", name="e")
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(layer))
    assert isinstance(restored, ReconstructionEnergy) and restored.kind == "l1"
    assert restored.get_config() == layer.get_config()


def test_bad_kind():
    with pytest.raises(ValueError, match="`kind`") as info:
        ReconstructionEnergy("l2")
    assert "kind='l2'" in str(info.value)
