import keras
import numpy as np
import pytest

from kerasgan.metrics import DensityCoverage

LINE = np.stack([np.arange(10.0), np.zeros(10)], 1)  # reals at (0,0) ... (9,0)


def _brute_force(real, fake, k):
    r = [sorted(np.linalg.norm(real - p, axis=1))[k] for p in real]
    inside = np.array([[np.linalg.norm(f - x) < ri for x, ri in zip(real, r)] for f in fake])
    return inside.sum() / (k * len(fake)), inside.any(axis=0).mean()


def test_constructed_point_set():
    # k = 2 radii: 2 at the ends, 1 inside (open balls). (0.5, 0) lies in the
    # balls of reals 0 and 1; (0, 0) only in the ball of real 0 (it is at
    # distance exactly 1 from real 1); (50, 0) in none.
    dc = DensityCoverage(k=2)
    dc.update_state(LINE, np.array([[0.5, 0.0], [0.0, 0.0], [50.0, 0.0]]))
    r = dc.result()
    assert r["density"] == pytest.approx(3 / (2 * 3))
    assert r["coverage"] == pytest.approx(2 / 10)


def test_density_exceeds_one_when_fakes_crowd_a_dense_region():
    dc = DensityCoverage(k=1)  # every radius is 1
    dc.update_state(LINE, np.tile([[0.5, 0.0]], (20, 1)))
    r = dc.result()
    assert r["density"] == pytest.approx(2.0)
    assert r["coverage"] == pytest.approx(0.2)


def test_same_distribution_scores_near_one():
    rng = np.random.default_rng(0)
    dc = DensityCoverage()
    dc.update_state(rng.standard_normal((1000, 3)), rng.standard_normal((1000, 3)))
    r = dc.result()
    assert r["density"] == pytest.approx(1.0, abs=0.1)
    assert r["coverage"] > 0.9


def test_matches_brute_force_on_random_sets():
    rng = np.random.default_rng(1)
    real, fake = rng.standard_normal((70, 3)), rng.standard_normal((50, 3)) * 0.6 + 0.5
    dc = DensityCoverage(k=5)
    dc.update_state(real, fake)
    density, coverage = _brute_force(real, fake, 5)
    r = dc.result()
    assert r["density"] == pytest.approx(density)
    assert r["coverage"] == pytest.approx(coverage)


def test_fewer_real_samples_than_k():
    dc = DensityCoverage(k=5)
    dc.update_state(np.zeros((5, 2)), np.zeros((10, 2)))
    with pytest.raises(ValueError, match="`k` must be smaller"):
        dc.result()


def test_serialization_round_trip():
    dc = DensityCoverage(k=4, name="dc")
    assert set(dc.get_config()) == {"feature_extractor", "k", "max_samples", "seed", "name"}
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(dc))
    assert isinstance(restored, DensityCoverage) and restored.get_config() == dc.get_config()
