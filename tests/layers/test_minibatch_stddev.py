import keras
import numpy as np
import pytest

from kerasgan.layers import MinibatchStdDev


def _numpy_stddev(x, group_size, eps=1e-8):
    n = len(x)
    g = min(group_size, n)
    groups = n // g
    out_stat = np.zeros(n)
    for m in range(groups):
        members = x[m::groups]  # sample g * groups + m belongs to group m
        std = np.sqrt(members.var(axis=0) + eps)
        out_stat[m::groups] = std.mean()
    stat = np.broadcast_to(out_stat.reshape((n,) + (1,) * (x.ndim - 1)), x.shape[:-1] + (1,))
    return np.concatenate([x, stat], axis=-1)


@pytest.mark.parametrize("shape, group_size", [((8, 4, 4, 3), 4), ((6, 5), 2), ((3, 2, 2, 1), 4)])
def test_value_against_numpy(shape, group_size):
    x = np.random.default_rng(0).normal(size=shape).astype("float32")
    y = np.asarray(MinibatchStdDev(group_size)(x))
    np.testing.assert_allclose(y, _numpy_stddev(x.astype("float64"), group_size), rtol=1e-5)


def test_identical_samples_give_sqrt_epsilon():
    x = np.ones((4, 2, 2, 3), "float32")
    y = np.asarray(MinibatchStdDev(4, epsilon=1e-4)(x))
    np.testing.assert_allclose(y[..., -1], 1e-2, rtol=1e-5)


def test_in_functional_model_with_xla_and_round_trip(tmp_path):
    import tensorflow as tf

    inputs = keras.Input((4, 4, 2))
    outputs = MinibatchStdDev(2, name="mbstd")(inputs)
    model = keras.Model(inputs, outputs)
    assert tuple(model.output.shape) == (None, 4, 4, 3)
    x = np.random.default_rng(1).normal(size=(4, 4, 4, 2)).astype("float32")
    compiled = tf.function(model, jit_compile=True)
    np.testing.assert_allclose(np.asarray(compiled(x)), _numpy_stddev(x, 2), rtol=1e-5)
    config = model.get_layer("mbstd").get_config()
    assert (config["group_size"], config["epsilon"]) == (2, 1e-8)
    path = str(tmp_path / "mbstd.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(np.asarray(loaded(x)), np.asarray(model(x)))


def test_batch_not_divisible():
    with pytest.raises(ValueError, match="group_size"):
        MinibatchStdDev(4)(np.zeros((6, 3), "float32"))


@pytest.mark.parametrize(
    "kwargs, argument, error",
    [({"group_size": 0}, "group_size", ValueError), ({"epsilon": -1.0}, "epsilon", ValueError)],
)
def test_bad_arguments(kwargs, argument, error):
    with pytest.raises(error, match=f"`{argument}`"):
        MinibatchStdDev(**kwargs)


def test_unknown_batch_size_in_graph():
    import tensorflow as tf

    layer = MinibatchStdDev(4)
    fn = tf.function(layer, input_signature=[tf.TensorSpec((None, 3, 3, 2))])
    x = np.random.default_rng(2).normal(size=(8, 3, 3, 2)).astype("float32")
    np.testing.assert_allclose(np.asarray(fn(x)), _numpy_stddev(x, 4), rtol=1e-5)
    np.testing.assert_allclose(np.asarray(fn(x[:2])), _numpy_stddev(x[:2], 4), rtol=1e-5)
