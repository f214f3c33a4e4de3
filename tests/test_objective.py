import keras
import numpy as np
import pytest

import kerasgan
from kerasgan import objective as objective_lib
from kerasgan.losses import NonSaturatingLoss, WassersteinLoss
from kerasgan.regularizers import GradientPenalty, Regularizer


class Constant(Regularizer):
    def __init__(self, value=1.0, weight=1.0, *, name=None):
        super().__init__(weight, name=name)
        self.value = value

    def discriminator_penalty(self, step):
        return keras.ops.convert_to_tensor(self.value)


def test_presets_are_fresh_instances_with_their_settings():
    a = objective_lib.get("wgan-gp")
    b = objective_lib.get("wgan-gp")
    assert a is not b and a.loss is not b.loss and a.regularizers[0] is not b.regularizers[0]
    assert isinstance(a.loss, WassersteinLoss)
    assert isinstance(a.regularizers[0], GradientPenalty) and a.regularizers[0].weight == 10.0
    assert a.effective_discriminator_steps == 5
    assert objective_lib.get("non-saturating").effective_discriminator_steps == 1


def test_unknown_name_lists_every_valid_name():
    with pytest.raises(ValueError) as err:
        objective_lib.get("wgan-pg")
    message = str(err.value)
    assert "wgan-pg" in message
    for name in kerasgan.PRESETS:
        assert name in message
    with pytest.raises(ValueError, match="non-saturating"):
        kerasgan.losses.get("nonsaturating")


def test_get_wraps_losses_and_passes_objectives():
    loss = NonSaturatingLoss()
    wrapped = objective_lib.get(loss)
    assert wrapped.loss is loss and wrapped.regularizers == []
    assert objective_lib.get(wrapped) is wrapped
    with pytest.raises(TypeError, match="loss"):
        objective_lib.get(3)


def test_losses_get_returns_the_presets_loss():
    assert isinstance(kerasgan.losses.get("wgan-gp"), WassersteinLoss)
    assert isinstance(kerasgan.losses.get("wasserstein"), WassersteinLoss)


def test_objective_sums_weighted_penalties_and_logs_unweighted_terms():
    obj = kerasgan.Objective(WassersteinLoss(), [Constant(2.0, weight=3.0, name="c")])
    step = kerasgan.Step.from_logits([1.0, 3.0], [0.0, 1.0])
    total, logs = obj.discriminator_loss(step)
    base = (0.5) - (2.0)
    np.testing.assert_allclose(float(total), base + 3.0 * 2.0)
    assert set(logs) == {"d_loss", "d/c"}
    np.testing.assert_allclose(float(logs["d/c"]), 2.0)
    g_total, g_logs = obj.generator_loss(step)
    assert set(g_logs) == {"g_loss"}
    np.testing.assert_allclose(float(g_total), -0.5)
    assert obj.log_names() == ["d_loss", "g_loss", "d/c"]


def test_objective_validation():
    with pytest.raises(TypeError, match="regularizers"):
        kerasgan.Objective("non-saturating", [object()])
    with pytest.raises(ValueError, match="unique"):
        kerasgan.Objective("non-saturating", [GradientPenalty(), GradientPenalty()])
    with pytest.raises(ValueError, match="discriminator_steps"):
        kerasgan.Objective("non-saturating", discriminator_steps=0)
    with pytest.raises(ValueError, match="weight"):
        GradientPenalty(weight=-1.0)


def test_objective_serialization_round_trip():
    obj = objective_lib.get("wgan-gp")
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(obj))
    assert isinstance(restored.loss, WassersteinLoss)
    assert restored.regularizers[0].get_config() == obj.regularizers[0].get_config()
    assert restored.discriminator_steps == 5
