import math

import keras
import numpy as np
import pytest
import scipy.stats

from kerasgan.metrics import ParzenWindow


def test_matches_scipy_gaussian_mixture_density():
    rng = np.random.default_rng(0)
    fake, real = rng.standard_normal((40, 3)), rng.standard_normal((15, 3))
    h = 0.7
    expected = [
        math.log(np.mean([scipy.stats.multivariate_normal(f, h * h * np.eye(3)).pdf(x) for f in fake]))
        for x in real
    ]
    pw = ParzenWindow(h)
    pw.update_state(real, fake)
    r = pw.result()
    assert r["log_likelihood"] == pytest.approx(np.mean(expected), rel=1e-10)
    assert r["std_error"] == pytest.approx(np.std(expected, ddof=1) / math.sqrt(15), rel=1e-8)


def test_far_points_stay_finite():
    pw = ParzenWindow(0.01)
    pw.update_state(np.array([[100.0]]), np.array([[0.0]]))
    # log N(100; 0, 1e-4) = -100²/(2e-4) - ½ log(2π 1e-4): underflows without logsumexp.
    expected = -1e4 / 2e-4 - 0.5 * math.log(2 * math.pi * 1e-4)
    assert pw.result()["log_likelihood"] == pytest.approx(expected)


def test_select_bandwidth_picks_the_data_scale():
    rng = np.random.default_rng(1)
    fake, valid = rng.standard_normal((300, 1)), rng.standard_normal((300, 1))
    best = ParzenWindow.select_bandwidth(fake, valid, [0.001, 0.3, 30.0])
    assert best == 0.3


def test_bad_arguments_and_serialization():
    with pytest.raises(ValueError, match="`bandwidth`"):
        ParzenWindow(0.0)
    with pytest.raises(TypeError, match="`bandwidth`"):
        ParzenWindow("wide")
    with pytest.raises(ValueError, match="`candidates`"):
        ParzenWindow.select_bandwidth(np.zeros((3, 1)), np.zeros((3, 1)), [])
    with pytest.raises(ValueError, match="`validation`"):
        ParzenWindow.select_bandwidth(np.zeros((3, 1)), np.zeros((3, 2)), [1.0])
    pw = ParzenWindow(0.2, seed=3)
    assert set(pw.get_config()) == {"bandwidth", "feature_extractor", "max_samples", "seed", "name"}
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(pw))
    assert restored.bandwidth == 0.2 and restored.seed == 3
