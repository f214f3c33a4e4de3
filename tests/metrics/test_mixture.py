import math

import keras
import numpy as np
import pytest

from kerasgan.metrics import MixtureCoverage, grid_centers, mixture_coverage, ring_centers


def _ring(n_per_mode, std, rng, modes=range(8)):
    angles = 2 * np.pi * np.arange(8) / 8
    centers = np.stack([np.cos(angles), np.sin(angles)], 1)
    return np.concatenate([centers[k] + std * rng.standard_normal((n_per_mode, 2)) for k in modes])


def test_known_histogram_modes_quality_and_kl():
    centers = ring_centers()
    # 10 samples exactly on modes 0..4 (2 each), plus 5 far away points.
    good = np.repeat(centers[:5], 2, axis=0)
    bad = np.full((5, 2), 10.0)
    r = mixture_coverage(np.concatenate([good, bad]), centers, 0.01)
    np.testing.assert_array_equal(r["histogram"], [2, 2, 2, 2, 2, 0, 0, 0])
    assert r["modes"] == 5
    assert r["high_quality"] == pytest.approx(10 / 15)
    # p uniform over 5 of 8 modes: KL(p || u) = log(8 / 5).
    assert r["reverse_kl"] == pytest.approx(math.log(8 / 5), rel=1e-12)


def test_uneven_histogram_kl_matches_formula():
    centers = grid_centers()
    counts = np.arange(25) % 4  # 0,1,2,3,... some modes empty
    samples = np.repeat(centers, counts, axis=0) + 0.01  # 0.01/0.05 = 0.28σ off
    r = mixture_coverage(samples, centers, 0.05)
    np.testing.assert_array_equal(r["histogram"], counts)
    p = counts / counts.sum()
    expected = sum(pk * math.log(pk * 25) for pk in p if pk > 0)
    assert r["reverse_kl"] == pytest.approx(expected, rel=1e-12)
    assert r["modes"] == int(np.count_nonzero(counts))
    assert r["high_quality"] == 1.0


def test_threshold_boundary_uses_sigma_normalized_distance():
    centers = np.array([[0.0, 0.0], [100.0, 0.0]])
    std = [0.1, 1.0]
    samples = np.array([[0.29, 0.0], [0.31, 0.0], [97.1, 0.0], [96.9, 0.0]])
    r = mixture_coverage(samples, centers, std)
    np.testing.assert_array_equal(r["histogram"], [1, 1])
    assert r["high_quality"] == 0.5


def test_collapse_on_one_mode_gives_log_k():
    centers = ring_centers()
    r = mixture_coverage(np.tile(centers[3], (50, 1)), centers, 0.01)
    assert r["modes"] == 1
    assert r["reverse_kl"] == pytest.approx(math.log(8))


def test_perfect_sampler_scores_chi2_share():
    rng = np.random.default_rng(0)
    samples = _ring(5000, 0.01, rng)
    r = MixtureCoverage.ring()(samples)
    assert r["modes"] == 8
    assert abs(r["high_quality"] - (1 - math.exp(-4.5))) < 0.004
    assert r["reverse_kl"] < 1e-3


def test_streaming_equals_all_at_once():
    rng = np.random.default_rng(1)
    samples = _ring(40, 0.02, rng, modes=[0, 1, 1, 5])
    metric = MixtureCoverage(ring_centers(), 0.01)
    for start in range(0, len(samples), 7):
        metric.update_state(samples[start : start + 7])
    streamed = metric.result()
    whole = mixture_coverage(samples, ring_centers(), 0.01)
    np.testing.assert_array_equal(streamed["histogram"], whole["histogram"])
    assert streamed["high_quality"] == whole["high_quality"]
    assert streamed["reverse_kl"] == whole["reverse_kl"]
    metric.reset_state()
    assert metric.result()["modes"] == 0 and metric.num_samples == 0


def test_no_high_quality_sample_gives_nan_kl():
    r = mixture_coverage(np.full((4, 2), 50.0), ring_centers(), 0.01)
    assert r["modes"] == 0 and r["high_quality"] == 0.0
    assert math.isnan(r["reverse_kl"])


def test_non_finite_samples_are_not_high_quality():
    samples = np.array([[np.nan, 0.0], [np.inf, 1.0], [1.0, 0.0]])
    r = mixture_coverage(samples, ring_centers(), 0.01)
    np.testing.assert_array_equal(r["histogram"], [1, 0, 0, 0, 0, 0, 0, 0])
    assert r["high_quality"] == pytest.approx(1 / 3)


def test_any_dimension():
    centers = np.eye(5) * 3
    samples = np.repeat(centers, [1, 2, 0, 0, 3], axis=0)
    r = mixture_coverage(samples, centers, 0.5)
    np.testing.assert_array_equal(r["histogram"], [1, 2, 0, 0, 3])


def test_grid_preset_geometry():
    m = MixtureCoverage.grid()
    assert m.centers.shape == (25, 2)
    assert set(np.unique(m.centers)) == {-4, -2, 0, 2, 4}
    np.testing.assert_allclose(m.std, 0.05)
    np.testing.assert_allclose(np.linalg.norm(MixtureCoverage.ring().centers, axis=1), 1.0)


def test_serialization_round_trip():
    m = MixtureCoverage(ring_centers(), [0.01] * 8, threshold=2.5, name="ring")
    config = m.get_config()
    assert set(config) == {"centers", "std", "threshold", "name"}
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(m))
    assert isinstance(restored, MixtureCoverage)
    np.testing.assert_array_equal(restored.centers, m.centers)
    np.testing.assert_array_equal(restored.std, m.std)
    assert restored.threshold == 2.5 and restored.name == "ring"
    scalar = MixtureCoverage.grid()
    assert keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(scalar)).get_config() == scalar.get_config()


@pytest.mark.parametrize(
    "kwargs, error, arg",
    [
        ({"centers": [1.0, 2.0], "std": 0.1}, ValueError, "centers"),
        ({"centers": np.zeros((0, 2)), "std": 0.1}, ValueError, "centers"),
        ({"centers": np.zeros((3, 2)), "std": 0.0}, ValueError, "std"),
        ({"centers": np.zeros((3, 2)), "std": [0.1, 0.1]}, ValueError, "std"),
        ({"centers": np.zeros((3, 2)), "std": 0.1, "threshold": -1}, ValueError, "threshold"),
        ({"centers": np.zeros((3, 2)), "std": 0.1, "threshold": "3"}, TypeError, "threshold"),
    ],
)
def test_bad_constructor_arguments(kwargs, error, arg):
    with pytest.raises(error, match=f"`{arg}`"):
        MixtureCoverage(**kwargs)


def test_bad_samples():
    m = MixtureCoverage.ring()
    with pytest.raises(ValueError, match="`samples`.*2 features"):
        m.update_state(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="`samples`"):
        m.update_state(np.zeros(4))
    with pytest.raises(TypeError, match="`samples`"):
        m.update_state([["a", "b"]])
