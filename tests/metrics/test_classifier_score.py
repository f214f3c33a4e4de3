import math

import keras
import numpy as np
import pytest

from kerasgan.metrics import ClassifierScore


def _reference_is(probs, splits):
    """Independent: consecutive chunks, KL per sample with scipy-free numpy."""
    scores = []
    for part in np.array_split(probs, splits):
        py = part.mean(0)
        kl = [sum(p * math.log(p / q) for p, q in zip(row, py) if p > 0) for row in part]
        scores.append(math.exp(np.mean(kl)))
    return np.mean(scores), np.std(scores)


def test_constant_predictions_score_one():
    probs = np.tile([0.2, 0.5, 0.3], (40, 1))
    assert ClassifierScore(splits=4)(probs)["mean"] == pytest.approx(1.0)


def test_uniform_one_hot_predictions_score_k():
    k, splits = 7, 5
    classes = (np.arange(splits * k * 3) // splits) % k  # every split sees every class equally
    r = ClassifierScore(splits=splits)(np.eye(k)[classes])
    assert r["mean"] == pytest.approx(k)
    assert r["std"] == pytest.approx(0.0, abs=1e-12)


def test_matches_reference_with_one_split_and_streams():
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((90, 6)) * 2
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    score = ClassifierScore(splits=1)
    for i in range(0, 90, 7):
        score.update_state(probs[i : i + 7])
    assert score.result()["mean"] == pytest.approx(_reference_is(probs, 1)[0], rel=1e-10)
    from_logits = ClassifierScore(splits=1, from_logits=True)(logits)
    assert from_logits["mean"] == pytest.approx(_reference_is(probs, 1)[0], rel=1e-10)


def test_round_robin_splits_equal_chunks_of_reordered_samples():
    rng = np.random.default_rng(1)
    probs = rng.dirichlet(np.ones(4) * 0.3, size=60)
    splits = 3
    r = ClassifierScore(splits=splits)(probs)
    # Sample i goes to split i % 3: reorder so those groups become consecutive chunks.
    reordered = np.concatenate([probs[s::splits] for s in range(splits)])
    mean, std = _reference_is(reordered, splits)
    assert r["mean"] == pytest.approx(mean, rel=1e-10)
    assert r["std"] == pytest.approx(std, rel=1e-8)


def test_classifier_is_applied():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="softmax")])
    x = np.random.default_rng(2).standard_normal((20, 2)).astype("float32")
    probs = keras.ops.convert_to_numpy(model(x))
    assert ClassifierScore(model, splits=2)(x) == ClassifierScore(splits=2)(probs)


def test_bad_inputs():
    with pytest.raises(ValueError, match="`probabilities`"):
        ClassifierScore(splits=1)(np.array([[2.0, -1.0]]))
    with pytest.raises(ValueError, match="`splits`"):
        ClassifierScore(splits=10)(np.eye(3))
    with pytest.raises(ValueError, match="`splits`"):
        ClassifierScore(splits=0)
    with pytest.raises(TypeError, match="`classifier`"):
        ClassifierScore("inception")
    score = ClassifierScore(splits=1)
    score.update_state(np.eye(3))
    with pytest.raises(ValueError, match="3 features"):
        score.update_state(np.eye(4))


def test_serialization_round_trip():
    s = ClassifierScore(splits=3, from_logits=True, name="cs")
    assert set(s.get_config()) == {"classifier", "splits", "from_logits", "name"}
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(s))
    assert restored.get_config() == s.get_config()
