import keras
import numpy as np
import pytest

from kerasgan.layers import Pack


def test_images_are_packed_channelwise():
    x = np.random.default_rng(0).normal(size=(6, 4, 4, 3)).astype("float32")
    y = np.asarray(Pack(3)(x))
    assert y.shape == (2, 4, 4, 9)
    np.testing.assert_array_equal(y[0], np.concatenate([x[0], x[1], x[2]], axis=-1))
    np.testing.assert_array_equal(y[1], np.concatenate([x[3], x[4], x[5]], axis=-1))


def test_vectors_are_packed_featurewise():
    x = np.arange(12, dtype="float32").reshape(6, 2)
    y = np.asarray(Pack(2)(x))
    np.testing.assert_array_equal(y, x.reshape(3, 4))


def test_pack_one_is_identity_and_functional_shapes(tmp_path):
    x = np.random.default_rng(0).normal(size=(4, 5)).astype("float32")
    np.testing.assert_array_equal(np.asarray(Pack(1)(x)), x)
    inputs = keras.Input((8, 8, 1))
    model = keras.Model(inputs, Pack(4, name="pack")(inputs))
    assert tuple(model.output.shape) == (None, 8, 8, 4)
    assert model.get_layer("pack").get_config()["n"] == 4
    path = str(tmp_path / "pack.keras")
    model.save(path)
    images = np.random.default_rng(1).normal(size=(8, 8, 8, 1)).astype("float32")
    np.testing.assert_array_equal(np.asarray(keras.models.load_model(path)(images)), Pack(4)(images))


def test_batch_not_divisible():
    with pytest.raises(ValueError, match="divisible by `n`"):
        Pack(3)(np.zeros((4, 2), "float32"))


@pytest.mark.parametrize("n, error", [(0, ValueError), (2.0, TypeError)])
def test_bad_n(n, error):
    with pytest.raises(error, match="`n`") as info:
        Pack(n)
    assert f"n={n!r}" in str(info.value)
