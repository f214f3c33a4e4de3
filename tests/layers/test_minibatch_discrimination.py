import keras
import numpy as np
import pytest

from kerasgan.layers import MinibatchDiscrimination


def _numpy_mbd(x, kernel, num_kernels, kernel_dim):
    m = (x @ kernel).reshape(len(x), num_kernels, kernel_dim)
    out = np.zeros((len(x), num_kernels))
    for i in range(len(x)):
        for j in range(len(x)):
            if i != j:
                out[i] += np.exp(-np.abs(m[i] - m[j]).sum(axis=-1))
    return np.concatenate([x, out], axis=-1)


def test_value_against_numpy():
    layer = MinibatchDiscrimination(4, 3)
    x = np.random.default_rng(0).normal(size=(5, 6)).astype("float32")
    y = np.asarray(layer(x))
    expected = _numpy_mbd(x, layer.get_weights()[0], 4, 3)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)
    assert y.shape == (5, 10)


def test_output_depends_on_rest_of_batch():
    layer = MinibatchDiscrimination(8, 4)
    rng = np.random.default_rng(1)
    sample = rng.normal(size=(1, 6)).astype("float32")
    batch_a = np.concatenate([sample, rng.normal(size=(3, 6)).astype("float32")])
    batch_b = np.concatenate([sample, np.repeat(sample, 3, axis=0)])  # a collapsed batch
    out_a = np.asarray(layer(batch_a))[0]
    out_b = np.asarray(layer(batch_b))[0]
    np.testing.assert_allclose(out_a[:6], out_b[:6])  # the features pass through
    assert np.max(np.abs(out_a[6:] - out_b[6:])) > 1e-3
    # Identical samples are maximally close: each of the 3 others contributes exp(0) = 1.
    np.testing.assert_allclose(out_b[6:], 3.0, rtol=1e-6)


def test_single_sample_adds_zeros():
    y = np.asarray(MinibatchDiscrimination(3, 2)(np.ones((1, 4), "float32")))
    np.testing.assert_allclose(y[0, 4:], 0.0)


def test_in_model_serialization_round_trip(tmp_path):
    inputs = keras.Input((6,))
    outputs = keras.layers.Dense(1)(MinibatchDiscrimination(4, 2, name="mbd")(inputs))
    model = keras.Model(inputs, outputs)
    layer = model.get_layer("mbd")
    config = layer.get_config()
    assert (config["num_kernels"], config["kernel_dim"]) == (4, 2)
    restored = MinibatchDiscrimination.from_config(config)
    assert (restored.num_kernels, restored.kernel_dim) == (4, 2)
    x = np.random.default_rng(0).normal(size=(3, 6)).astype("float32")
    path = str(tmp_path / "mbd.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(np.asarray(model(x)), np.asarray(loaded(x)), rtol=1e-6)


def test_rejects_unflattened_input():
    with pytest.raises(ValueError, match="Flatten"):
        MinibatchDiscrimination(2)(np.zeros((2, 3, 3), "float32"))


@pytest.mark.parametrize(
    "kwargs, argument, error",
    [
        ({"num_kernels": 0}, "num_kernels", ValueError),
        ({"num_kernels": 2.0}, "num_kernels", TypeError),
        ({"kernel_dim": 0}, "kernel_dim", ValueError),
    ],
)
def test_bad_arguments(kwargs, argument, error):
    kwargs = {"num_kernels": 2, **kwargs}
    with pytest.raises(error, match=f"`{argument}`"):
        MinibatchDiscrimination(**kwargs)
