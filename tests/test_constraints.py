import keras
import numpy as np
import pytest

from kerasgan.constraints import Clip, clip_weights


def test_clip_bounds():
    w = np.array([-1.0, -0.005, 0.0, 0.02, 3.0], "float32")
    np.testing.assert_allclose(np.asarray(Clip(0.01)(w)), [-0.01, -0.005, 0.0, 0.01, 0.01])


def test_constraint_applied_after_optimizer_step_and_serialized(tmp_path):
    layer = keras.layers.Dense(4, kernel_constraint=Clip(0.05), kernel_initializer="ones")
    model = keras.Sequential([keras.Input((3,)), layer])
    model.compile(keras.optimizers.SGD(1.0), "mse")
    x = np.random.default_rng(0).normal(size=(8, 3)).astype("float32")
    model.fit(x, np.zeros((8, 4), "float32"), epochs=1, verbose=0)
    kernel = layer.get_weights()[0]
    assert np.max(np.abs(kernel)) <= 0.05 + 1e-7
    assert np.isclose(np.max(np.abs(kernel)), 0.05)  # the ones were clipped down to the bound
    path = str(tmp_path / "clip.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    assert isinstance(loaded.layers[0].kernel_constraint, Clip)
    assert loaded.layers[0].kernel_constraint.value == 0.05
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(Clip(0.2)))
    assert restored.get_config() == {"value": 0.2}


def test_clip_weights_on_a_built_model():
    from kerasgan.models import mlp

    _, critic = mlp(2, 2, discriminator_units=(8,), discriminator_activation="relu")
    for w in critic.trainable_weights:
        w.assign(np.full(w.shape, 0.5, "float32"))
    assert clip_weights(critic, 0.01) == len(critic.trainable_weights)
    opt = keras.optimizers.SGD(0.1)
    grads = [np.full(w.shape, -1.0, "float32") for w in critic.trainable_weights]
    opt.apply_gradients(zip(grads, critic.trainable_weights))
    for w in critic.trainable_weights:
        assert np.max(np.abs(np.asarray(w))) <= 0.01 + 1e-7
    dense = critic.get_layer("d_dense_0")
    assert isinstance(dense.kernel_constraint, Clip)


@pytest.mark.parametrize("value", [0, -0.01, "0.01", True])
def test_bad_value(value):
    with pytest.raises(ValueError, match="`value`") as info:
        Clip(value)
    assert f"value={value!r}" in str(info.value)
