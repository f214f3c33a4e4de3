"""Reference statistics files, FID's reference computation, and FID against stats."""

import warnings

import keras
import numpy as np
import pytest
import scipy.linalg

from kerasgan.callbacks import Evaluate
from kerasgan.metrics import (
    FID, ReferenceStats, compute_reference_stats, fid_from_statistics, frechet_distance,
    load_reference_stats, save_reference_stats,
)


def _identity(x):
    return np.asarray(x, np.float64).reshape(len(x), -1)


def _features(seed, n=300, d=6, shift=0.0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)) @ rng.standard_normal((d, d)) + shift


def test_both_methods_match_the_closed_form_and_ttur_sqrtm():
    x, y = _features(0), _features(1, shift=0.5)
    mu1, mu2, s1, s2 = x.mean(0), y.mean(0), np.cov(x, rowvar=False), np.cov(y, rowvar=False)
    expected = np.sum((mu1 - mu2) ** 2) + np.trace(s1 + s2) - 2 * np.trace(scipy.linalg.sqrtm(s1 @ s2)).real
    assert fid_from_statistics(mu1, s1, mu2, s2) == pytest.approx(expected, rel=1e-10)
    assert fid_from_statistics(mu1, s1, mu2, s2, method="sqrtm") == pytest.approx(expected, rel=1e-10)
    assert frechet_distance(mu1, s1, mu2, s2) == pytest.approx(expected, rel=1e-6)
    for method in ("eigh", "sqrtm"):  # Dowson & Landau's closed form for commuting covariances
        assert fid_from_statistics([0, 0], np.diag([1.0, 4.0]), [3, 0], np.diag([4.0, 9.0]),
                                   method=method) == pytest.approx(11.0)


@pytest.mark.parametrize("singular_side", ["sigma1", "sigma2"])
def test_eigh_is_exact_on_a_singular_product_and_warns(singular_side):
    # 20 samples in 64 dimensions: a rank-19 covariance, as with too few images for FID.
    few, many = _features(3, n=20, d=64), _features(4, n=400, d=64, shift=0.3)
    x, y = (few, many) if singular_side == "sigma1" else (many, few)
    mu1, mu2, s1, s2 = x.mean(0), y.mean(0), np.cov(x, rowvar=False), np.cov(y, rowvar=False)
    with pytest.warns(UserWarning, match="product of the covariances is singular .* biased"):
        value = fid_from_statistics(mu1, s1, mu2, s2)
    # The exact trace: the eigenvalues of the (non-symmetric) product itself, ≥ 0 up to rounding
    # (whose square roots, ~3e-7 for each of the 45 null directions, bound the agreement; a
    # 1e-6 diagonal offset would move the value by ~1e-3).
    trace_root = np.sum(np.sqrt(np.clip(np.linalg.eigvals(s1 @ s2).real, 0.0, None)))
    exact = np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * trace_root
    assert value == pytest.approx(exact, abs=1e-4)
    offset = 1e-6 * np.eye(64)
    assert abs(fid_from_statistics(mu1, s1 + offset, mu2, s2 + offset) - value) > 1e-3
    # TTUR's path on the same statistics: its offset when sqrtm fails, else the plain root.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ttur = fid_from_statistics(mu1, s1, mu2, s2, method="sqrtm")
    assert ttur == pytest.approx(exact, rel=1e-4)
    # Well-conditioned statistics give no warning.
    x, y = _features(3, n=400, d=64), _features(4, n=400, d=64, shift=0.3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fid_from_statistics(x.mean(0), np.cov(x, rowvar=False), y.mean(0), np.cov(y, rowvar=False))


def test_sqrtm_method_falls_back_to_a_diagonal_offset_when_its_root_is_not_finite(monkeypatch):
    from kerasgan.metrics.reference import frechet

    calls = []
    real_sqrtm = frechet._sqrtm

    def sqrtm(m):  # the first root "fails" as scipy's does on an exactly singular product
        calls.append(m)
        return np.full_like(m, np.inf) if len(calls) == 1 else real_sqrtm(m)

    monkeypatch.setattr(frechet, "_sqrtm", sqrtm)
    s = np.diag([1.0, 0.0])
    with pytest.warns(UserWarning, match="singular; adding 1e-06"):
        value = fid_from_statistics(np.zeros(2), s, np.zeros(2), s, method="sqrtm")
    np.testing.assert_allclose(calls[1], (s + 1e-6 * np.eye(2)) @ (s + 1e-6 * np.eye(2)))
    assert value == pytest.approx(0.0, abs=1e-5)
    with pytest.warns(UserWarning, match="singular"):  # eigh: exactly 0, with no offset
        assert fid_from_statistics(np.zeros(2), s, np.zeros(2), s) == pytest.approx(0.0, abs=1e-12)


def test_statistics_that_are_no_covariances_are_rejected():
    # Not covariances: Σ₁Σ₂ = diag(1, -1) has the root diag(1, i).
    with pytest.raises(ValueError, match="large imaginary part.*1 > 0.001"):
        fid_from_statistics(np.zeros(2), np.diag([1.0, -1.0]), np.zeros(2), np.eye(2), method="sqrtm")
    with pytest.raises(ValueError, match="`sigma1` is not a covariance .*-1 < 0"):
        fid_from_statistics(np.zeros(2), np.diag([1.0, -1.0]), np.zeros(2), np.eye(2))
    with pytest.raises(ValueError, match="`sigma2` is not a covariance .*-1 < 0"):
        fid_from_statistics(np.zeros(2), np.eye(2), np.zeros(2), np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="`sigma2` must have shape"):
        fid_from_statistics(np.zeros(2), np.eye(2), np.zeros(2), np.eye(3))
    with pytest.raises(ValueError, match=r"`method` must be one of \('eigh', 'sqrtm'\). Received: method='svd'"):
        fid_from_statistics(np.zeros(2), np.eye(2), np.zeros(2), np.eye(2), method="svd")


def test_save_load_round_trip_and_ttur_files(tmp_path):
    x = _features(2)
    stats = save_reference_stats(tmp_path / "stats", x)  # 2-D array: features already
    assert stats.num_samples == 300
    loaded = load_reference_stats(tmp_path / "stats.npz")
    np.testing.assert_allclose(loaded.mu, x.mean(0), rtol=1e-12)
    np.testing.assert_allclose(loaded.sigma, np.cov(x, rowvar=False), rtol=1e-10)
    assert loaded.num_samples == 300 and loaded.extractor is None
    # A TTUR / pytorch-fid file holds only mu and sigma.
    np.savez(tmp_path / "ttur.npz", mu=x.mean(0), sigma=np.cov(x, rowvar=False))
    ttur = load_reference_stats(tmp_path / "ttur.npz")
    assert ttur.num_samples is None and np.allclose(ttur.mu, loaded.mu)
    # Image batches go through the extractor, streamed (a list of batches).
    streamed = compute_reference_stats([x[:100, :, None, None], x[100:, :, None, None]],
                                       feature_extractor=_identity)
    np.testing.assert_allclose(streamed.sigma, loaded.sigma, rtol=1e-10)


def test_bad_stats_files(tmp_path):
    np.savez(tmp_path / "bad.npz", mean=np.zeros(3), cov=np.eye(3))
    with pytest.raises(ValueError, match=r"`reference` must be an .npz with arrays `mu`.*\['cov', 'mean'\]"):
        load_reference_stats(tmp_path / "bad.npz")
    np.savez(tmp_path / "shape.npz", mu=np.zeros(3), sigma=np.eye(4))
    with pytest.raises(ValueError, match=r"mu.shape=\(3,\), sigma.shape=\(4, 4\)"):
        load_reference_stats(tmp_path / "shape.npz")
    np.save(tmp_path / "single.npy", np.zeros(3))
    with pytest.raises(ValueError, match="a single array"):
        load_reference_stats(tmp_path / "single.npy")
    (tmp_path / "text.npz").write_text("not numpy")
    with pytest.raises(ValueError, match="must be an .npz statistics file"):
        load_reference_stats(tmp_path / "text.npz")
    with pytest.raises(FileNotFoundError, match="`reference`"):
        load_reference_stats(tmp_path / "missing.npz")
    with pytest.warns(UserWarning, match="5 samples for 6 feature dimensions"):
        save_reference_stats(tmp_path / "few.npz", _features(3, n=5))


def test_fid_against_reference_stats_equals_fid_against_the_real_features(tmp_path):
    real, fake = _features(4), _features(5, shift=0.3)
    direct = FID(_identity)
    direct.update_state(real, fake)
    save_reference_stats(tmp_path / "real.npz", real)
    against_file = FID(_identity, reference=str(tmp_path / "real.npz"))
    assert not against_file.needs_real_data and direct.needs_real_data
    for i in range(0, 300, 64):
        against_file.update_fake(fake[i : i + 64])
    assert against_file.result() == pytest.approx(direct.result(), rel=1e-10)
    assert FID(_identity, reference=(real.mean(0), np.cov(real, rowvar=False)))(None, fake) == \
        pytest.approx(direct.result(), rel=1e-10)
    with pytest.raises(ValueError, match="takes no real images"):
        against_file.update_real(real)
    with pytest.raises(ValueError, match="6 features per sample.*`reference` statistics have 6"):
        against_file.update_fake(np.zeros((4, 5)))
    assert direct.name == "fid_custom"  # another extractor is never plain "fid"


def test_fid_warns_for_fewer_samples_than_dimensions(tmp_path):
    fid = FID(_identity)
    fid.update_state(_features(6, n=5), _features(7, n=40))
    with pytest.warns(UserWarning, match="5 real samples for 6 feature dimensions"):
        fid.result()
    stats = ReferenceStats(np.zeros(6), np.eye(6), num_samples=4)
    fid = FID(_identity, reference=stats)
    fid.update_fake(_features(8, n=40))
    with pytest.warns(UserWarning, match="reference statistics come from 4 samples"):
        fid.result()


def test_config_round_trip_and_arguments(tmp_path):
    save_reference_stats(tmp_path / "r.npz", _features(9, d=2048 // 256))
    fid = FID(preprocess="clean", weights=None, reference=str(tmp_path / "r.npz"), batch_size=8)
    config = fid.get_config()
    assert config["feature_extractor"] is None and config["preprocess"] == "clean"
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(fid))
    assert restored.get_config() == config and restored.name == "fid"
    assert restored.feature_extractor.preprocess == "clean"
    with pytest.raises(TypeError, match="save it with `kerasgan.metrics.save_reference_stats`"):
        FID(_identity, reference=(np.zeros(2), np.eye(2))).get_config()
    with pytest.raises(ValueError, match="configure that instead.*preprocess='clean'"):
        FID(_identity, preprocess="clean")
    with pytest.raises(TypeError, match="`reference` must be a path"):
        FID(_identity, reference=3)


class _FakeGAN:
    """Stands in for a GAN: `generate(n, seed)` draws shifted Gaussian features."""

    def generate(self, n, seed=0):
        return _features(100 + seed, n=n, shift=0.3)


def test_evaluate_callback_needs_no_real_data_with_reference_stats(tmp_path):
    save_reference_stats(tmp_path / "real.npz", _features(10, n=500))
    fid = FID(_identity, reference=str(tmp_path / "real.npz"), name="fid")
    logs = Evaluate([fid], None, num_samples=400, batch_size=100).evaluate(_FakeGAN())
    expected = FID(_identity, reference=str(tmp_path / "real.npz"))
    for i in range(4):
        expected.update_fake(_FakeGAN().generate(100, seed=i))
    assert logs["fid"] == pytest.approx(expected.result(), rel=1e-10)
    with pytest.raises(ValueError, match="`real_data` is required by fid_custom"):
        Evaluate([FID(_identity)], None)
