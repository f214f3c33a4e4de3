import keras
import numpy as np
import pytest

from kerasgan.metrics import PrecisionRecall

LINE = np.stack([np.arange(10.0), np.zeros(10)], 1)  # reals at (0,0) ... (9,0)


def _brute_force(real, fake, k):
    def radii(s):
        return [sorted(np.linalg.norm(s - p, axis=1))[k] for p in s]  # [0] is the point itself

    def inside(points, centres, r):
        return np.mean([any(np.linalg.norm(p - c) <= rc for c, rc in zip(centres, r)) for p in points])

    return inside(fake, real, radii(real)), inside(real, fake, radii(fake))


def test_constructed_point_set():
    # k = 3 radii on the line: 3 at the ends, 2 inside. Fakes: two near the
    # line (inside), two far away (outside). The far fakes make the fake
    # manifold huge, so every real is "recalled".
    fake = np.array([[2.0, 0.5], [20.0, 0.0], [100.0, 100.0], [4.5, 0.0]])
    pr = PrecisionRecall(k=3)
    pr.update_state(LINE, fake)
    assert pr.result() == {"precision": 0.5, "recall": 1.0}


def test_identical_sets_score_one_and_disjoint_sets_zero():
    x = np.random.default_rng(0).standard_normal((60, 4))
    pr = PrecisionRecall()
    assert pr(x, x) == {"precision": 1.0, "recall": 1.0}
    assert pr(x, x + 100.0) == {"precision": 0.0, "recall": 0.0}


def test_matches_brute_force_on_random_sets():
    rng = np.random.default_rng(1)
    real = rng.standard_normal((80, 3))
    fake = rng.standard_normal((70, 3)) * 0.5 + 0.8
    pr = PrecisionRecall(k=4)
    for i in range(0, 80, 9):
        pr.update_state(real[i : i + 9], fake[i : i + 9] if i < 70 else None)
    precision, recall = _brute_force(real, fake, 4)
    r = pr.result()
    assert r["precision"] == pytest.approx(precision)
    assert r["recall"] == pytest.approx(recall)
    assert 0 < r["recall"] < r["precision"] < 1  # narrow fakes: good quality, low diversity


def test_fewer_samples_than_k():
    pr = PrecisionRecall(k=3)
    pr.update_state(np.zeros((3, 2)), np.zeros((10, 2)))
    with pytest.raises(ValueError, match="`k` must be smaller than the number of real"):
        pr.result()
    with pytest.raises(ValueError, match="`k`"):
        PrecisionRecall(k=0)


def test_serialization_round_trip():
    pr = PrecisionRecall(k=5, max_samples=100, seed=1, name="pr")
    assert set(pr.get_config()) == {"feature_extractor", "k", "max_samples", "seed", "name"}
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(pr))
    assert restored.get_config() == pr.get_config()
