import keras
import numpy as np
import pytest

import kerasgan
from kerasgan.regularizers import PullingAway


def _reference(s):
    """Zhao et al. 2017 Eq. 5, with explicit loops over pairs i != j."""
    s = s.reshape(len(s), -1).astype("float64")
    n = len(s)
    total = 0.0
    for i in range(n):
        for j in range(n):
            if i != j:
                total += (s[i] @ s[j] / (np.linalg.norm(s[i]) * np.linalg.norm(s[j]))) ** 2
    return total / (n * (n - 1))


def _penalty(features):
    step = kerasgan.Step(fake_output=kerasgan.DiscriminatorOutput(np.zeros((len(features), 1)), features))
    return float(keras.ops.convert_to_numpy(PullingAway().generator_penalty(step)))


def test_matches_the_papers_formula():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(6, 3, 2)).astype("float32")
    np.testing.assert_allclose(_penalty(features), _reference(features), rtol=1e-5)


def test_orthogonal_codes_give_zero_and_identical_codes_give_one():
    np.testing.assert_allclose(_penalty(np.eye(4, dtype="float32")), 0.0, atol=1e-7)
    same = np.tile(np.array([[1.0, 2.0, -1.0]], "float32"), (5, 1))
    np.testing.assert_allclose(_penalty(same), 1.0, rtol=1e-6)


def test_ebgan_preset_and_errors():
    objective = kerasgan.objective.get("ebgan")
    assert isinstance(objective.loss, kerasgan.losses.EBGANLoss)
    (pt,) = objective.regularizers
    assert isinstance(pt, PullingAway) and pt.weight == 0.1
    assert "g/pulling_away" in objective.log_names()
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(pt))
    assert restored.get_config() == pt.get_config()
    step = kerasgan.Step.from_logits([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="features"):
        PullingAway().generator_penalty(step)
