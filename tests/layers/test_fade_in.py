"""FadeIn: y = (1 - α) low + α high, α a saved non-trainable weight."""

import keras
import numpy as np
import pytest

from kerasgan.layers import FadeIn


@pytest.mark.parametrize("alpha", [0.0, 0.3, 1.0])
def test_blend_matches_formula(alpha):
    rng = np.random.default_rng(0)
    low, high = rng.normal(size=(2, 3, 2, 4, 4, 2)).astype("float32")
    got = np.asarray(FadeIn(alpha=alpha)([low, high]))
    np.testing.assert_allclose(got, (1 - alpha) * low + alpha * high, rtol=1e-6, atol=1e-6)


def test_alpha_is_a_non_trainable_saved_weight(tmp_path):
    inputs = [keras.Input((4,)), keras.Input((4,))]
    model = keras.Model(inputs, FadeIn(name="fade")(inputs))
    layer = model.get_layer("fade")
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 1
    layer.alpha.assign(0.7)
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert float(loaded.get_layer("fade").alpha.numpy()) == pytest.approx(0.7)
    low, high = np.zeros((1, 4), "float32"), np.ones((1, 4), "float32")
    np.testing.assert_allclose(np.asarray(loaded([low, high])), 0.7, rtol=1e-6)


@pytest.mark.parametrize("alpha", [-0.1, 1.5, "0.5", True])
def test_bad_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        FadeIn(alpha=alpha)


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError, match="same shape"):
        FadeIn()([np.zeros((1, 4, 4, 3), "float32"), np.zeros((1, 8, 8, 3), "float32")])
