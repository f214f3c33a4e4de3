import keras
import numpy as np
import pytest

from kerasgan.layers import ConditionalBatchNormalization


def _normalized(x, eps=1e-5):
    axes = tuple(range(x.ndim - 1))
    return (x - x.mean(axis=axes)) / np.sqrt(x.var(axis=axes) + eps)


def test_label_conditioning_against_numpy():
    rng = np.random.default_rng(0)
    x = rng.normal(2.0, 3.0, size=(6, 3, 3, 4)).astype("float32")
    labels = np.array([0, 1, 2, 0, 1, 2])
    layer = ConditionalBatchNormalization(3)
    layer([x, labels])
    gamma = rng.normal(size=(3, 4)).astype("float32")
    beta = rng.normal(size=(3, 4)).astype("float32")
    layer.gamma_embedding.assign(gamma)
    layer.beta_embedding.assign(beta)
    y = np.asarray(layer([x, labels[:, None]], training=True))
    expected = _normalized(x.astype("float64")) * gamma[labels][:, None, None] + beta[labels][:, None, None]
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)


def test_starts_as_plain_batch_norm_and_labels_matter_after_update():
    x = np.random.default_rng(1).normal(size=(4, 5)).astype("float32")
    layer = ConditionalBatchNormalization(2)
    y = np.asarray(layer([x, np.array([0, 1, 0, 1])], training=True))
    np.testing.assert_allclose(y, _normalized(x.astype("float64")), rtol=1e-4, atol=1e-4)
    layer.gamma_embedding.assign(np.array([[1.0] * 5, [2.0] * 5], "float32"))
    a = np.asarray(layer([x, np.array([0, 0, 0, 0])], training=True))
    b = np.asarray(layer([x, np.array([1, 1, 1, 1])], training=True))
    np.testing.assert_allclose(b, 2 * a, rtol=1e-5)


def test_vector_conditioning_against_numpy():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 2, 2, 3)).astype("float32")
    c = rng.normal(size=(4, 6)).astype("float32")
    layer = ConditionalBatchNormalization()
    layer([x, c])
    wg, wb = rng.normal(size=(6, 3)).astype("float32"), rng.normal(size=(6, 3)).astype("float32")
    layer.gamma_kernel.assign(wg)
    layer.beta_kernel.assign(wb)
    y = np.asarray(layer([x, c], training=True))
    gamma, beta = 1 + c @ wg, c @ wb
    expected = _normalized(x.astype("float64")) * gamma[:, None, None] + beta[:, None, None]
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)


def test_inference_uses_moving_statistics():
    x = np.random.default_rng(3).normal(5.0, 1.0, size=(8, 3)).astype("float32")
    layer = ConditionalBatchNormalization(2, momentum=0.0)
    layer([x, np.zeros(8, "int32")], training=True)  # momentum 0: moving stats = batch stats
    y = np.asarray(layer([x, np.zeros(8, "int32")], training=False))
    np.testing.assert_allclose(y, _normalized(x.astype("float64"), 1e-5), rtol=1e-3, atol=1e-3)


def test_serialization_round_trip(tmp_path):
    x_in, y_in = keras.Input((4, 4, 3)), keras.Input((1,), dtype="int32")
    out = ConditionalBatchNormalization(5, momentum=0.8, name="cbn")([x_in, y_in])
    model = keras.Model([x_in, y_in], out)
    config = model.get_layer("cbn").get_config()
    assert (config["num_classes"], config["momentum"], config["epsilon"]) == (5, 0.8, 1e-5)
    model.get_layer("cbn").beta_embedding.assign(np.arange(15, dtype="float32").reshape(5, 3))
    path = str(tmp_path / "cbn.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    x = np.random.default_rng(4).normal(size=(2, 4, 4, 3)).astype("float32")
    labels = np.array([[1], [4]])
    np.testing.assert_allclose(np.asarray(loaded([x, labels])), np.asarray(model([x, labels])), rtol=1e-6)


@pytest.mark.parametrize(
    "kwargs, argument, error",
    [
        ({"num_classes": 0}, "num_classes", ValueError),
        ({"momentum": 1.5}, "momentum", ValueError),
        ({"epsilon": 0.0}, "epsilon", ValueError),
    ],
)
def test_bad_arguments(kwargs, argument, error):
    with pytest.raises(error, match=f"`{argument}`"):
        ConditionalBatchNormalization(**kwargs)


def test_must_be_called_on_pair():
    with pytest.raises(ValueError, match=r"\[x, condition\]"):
        ConditionalBatchNormalization(3)(np.zeros((2, 4), "float32"))
