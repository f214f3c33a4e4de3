import warnings

import keras
import numpy as np
import pytest
import scipy.linalg

from kerasgan.metrics import FrechetDistance, frechet_distance


def _scipy_frechet(x, y):
    """Independent closed form with scipy's general matrix square root."""
    mu1, mu2 = x.mean(0), y.mean(0)
    s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
    covmean = scipy.linalg.sqrtm(s1 @ s2)
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean).real)


def _gaussian(rng, n, d, scale, shift):
    a = rng.standard_normal((d, d)) * scale
    return rng.standard_normal((n, d)) @ a + shift


def test_distance_of_a_set_with_itself_is_zero():
    x = _gaussian(np.random.default_rng(0), 500, 16, 1.0, 3.0)
    fd = FrechetDistance()
    fd.update_state(x, x)
    assert abs(fd.result()) <= 1e-6


def test_matches_scipy_closed_form_well_conditioned():
    rng = np.random.default_rng(1)
    x = _gaussian(rng, 800, 10, 1.0, 0.0)
    y = _gaussian(rng, 600, 10, 0.7, 0.5)
    fd = FrechetDistance()
    fd.update_state(x, y)
    assert fd.result() == pytest.approx(_scipy_frechet(x, y), rel=1e-6)


def test_matches_scipy_closed_form_near_singular():
    rng = np.random.default_rng(2)
    d = 12
    # Features living (almost) on a 4-D subspace: covariance eigenvalues ~1e-9.
    basis = rng.standard_normal((4, d))
    x = rng.standard_normal((400, 4)) @ basis + 1e-5 * rng.standard_normal((400, d))
    y = rng.standard_normal((300, 4)) @ basis * 1.3 + 0.2 + 1e-5 * rng.standard_normal((300, d))
    assert np.linalg.cond(np.cov(x, rowvar=False)) > 1e8
    fd = FrechetDistance()
    fd.update_state(x, y)
    assert fd.result() == pytest.approx(_scipy_frechet(x, y), rel=1e-6)


def test_known_value_for_diagonal_gaussians():
    # N(0, diag(1, 4)) vs N((3, 0), diag(4, 9)): |mu|^2 = 9, trace term
    # (1 + 4 - 2*2) + (4 + 9 - 2*6) = 1 + 1.
    assert frechet_distance([0, 0], np.diag([1.0, 4.0]), [3, 0], np.diag([4.0, 9.0])) == pytest.approx(11.0)


def test_streaming_in_batches_of_7_equals_all_at_once():
    rng = np.random.default_rng(3)
    x = _gaussian(rng, 200, 6, 1.0, 1.0) * 1e3 + 1e4  # large offset: naive sums would lose digits
    y = _gaussian(rng, 150, 6, 0.8, 0.0) * 1e3 + 1e4
    whole = FrechetDistance()
    whole.update_state(x, y)
    streamed = FrechetDistance()
    for i in range(0, 200, 7):
        streamed.update_state(x[i : i + 7], y[i : i + 7] if i < 150 else None)
    assert streamed.result() == pytest.approx(whole.result(), rel=1e-10)
    count, mean, cov = streamed.statistics("real")
    assert count == 200
    np.testing.assert_allclose(mean, x.mean(0), rtol=1e-12)
    np.testing.assert_allclose(cov, np.cov(x, rowvar=False), rtol=1e-9)


def test_feature_extractor_is_applied_and_reset_fake_keeps_real():
    rng = np.random.default_rng(4)
    x, y = rng.standard_normal((100, 3)), rng.standard_normal((100, 3)) + 1
    fd = FrechetDistance(feature_extractor=lambda s: 2.0 * s)
    fd.update_state(x, y)
    assert fd.result() == pytest.approx(_scipy_frechet(2 * x, 2 * y), rel=1e-6)
    fd.reset_fake()
    fd.update_fake(x)
    assert abs(fd.result()) < 1e-6


def test_fewer_samples_than_dimensions_warns_singular():
    rng = np.random.default_rng(5)
    fd = FrechetDistance()
    fd.update_state(rng.standard_normal((8, 10)), rng.standard_normal((20, 10)))
    with pytest.warns(UserWarning, match="singular"):
        fd.result()


def test_bad_inputs():
    fd = FrechetDistance()
    fd.update_real(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="`fake`.*3 features"):
        fd.update_fake(np.zeros((4, 5)))
    with pytest.raises(ValueError, match="`fake` needs at least 2"):
        fd.result()
    with pytest.raises(TypeError, match="`feature_extractor`"):
        FrechetDistance(feature_extractor=3)
    with pytest.raises(ValueError, match="`sigma2`"):
        frechet_distance(np.zeros(2), np.eye(2), np.zeros(2), np.eye(3))
    with pytest.raises(ValueError, match="`update_state`"):
        fd.update_state()


def test_serialization_round_trip():
    fd = FrechetDistance(name="fd")
    assert set(fd.get_config()) == {"feature_extractor", "name"}
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(fd))
    assert isinstance(restored, FrechetDistance) and restored.name == "fd"
    extractor = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    fd2 = FrechetDistance(extractor)
    restored2 = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(fd2))
    assert isinstance(restored2.feature_extractor, keras.Model)
    assert restored2.feature_extractor.output_shape == (None, 2)
    with pytest.raises(TypeError, match="Keras model"):
        FrechetDistance(lambda s: s).get_config()
