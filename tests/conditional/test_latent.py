import numpy as np
import pytest

from kerasgan import latent


def test_slerp_keeps_the_norm_of_equal_norm_endpoints_and_hits_them():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(2, 64))
    b *= np.linalg.norm(a) / np.linalg.norm(b)
    t = np.linspace(0, 1, 11)
    path = latent.slerp(a, b, t)
    assert path.shape == (11, 64)
    np.testing.assert_allclose(np.linalg.norm(path, axis=1), np.linalg.norm(a), rtol=1e-5)
    np.testing.assert_allclose(path[0], a, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(path[-1], b, rtol=1e-5, atol=1e-6)
    # The angle to `a` grows linearly with t (constant angular speed).
    cos = path @ a / (np.linalg.norm(path, axis=1) * np.linalg.norm(a))
    omega = np.arccos(np.clip(a @ b / np.linalg.norm(a) ** 2, -1, 1))
    np.testing.assert_allclose(np.arccos(np.clip(cos, -1, 1)), t * omega, atol=1e-3)


def test_slerp_stays_on_the_gaussian_shell_where_lerp_leaves_it():
    rng = np.random.default_rng(1)
    dim = 512
    a, b = rng.normal(size=(2, 200, dim))
    mid_s = latent.slerp(a, b, 0.5)
    mid_l = latent.lerp(a, b, 0.5)
    shell = np.sqrt(dim)
    assert np.all(np.abs(np.linalg.norm(mid_s, axis=1) / shell - 1) < 0.1)
    # Linear midpoints of independent Gaussians shrink by about 1/sqrt(2).
    np.testing.assert_allclose(np.linalg.norm(mid_l, axis=1).mean() / shell, 1 / np.sqrt(2), atol=0.03)


def test_lerp_and_interpolate_endpoints_and_shapes():
    a, b = np.zeros(3), np.array([1.0, 2.0, 3.0])
    path = latent.interpolate(a, b, 5, method="linear")
    np.testing.assert_allclose(path[2], [0.5, 1.0, 1.5])
    assert latent.interpolate(a + 1, b, 4).shape == (4, 3)
    parallel = latent.slerp(b, 2 * b, 0.5)  # Ω = 0 falls back to linear
    np.testing.assert_allclose(parallel, 1.5 * b, rtol=1e-6)


def test_truncation_never_exceeds_the_threshold_and_matches_a_truncated_normal():
    from scipy import stats

    rng = np.random.default_rng(2)
    z = rng.normal(size=(4000, 32))
    for threshold in (0.3, 1.0, 2.0):
        out = latent.truncate(z, threshold, seed=0)
        assert out.shape == z.shape and np.abs(out).max() <= threshold
        inside = np.abs(z) <= threshold
        np.testing.assert_array_equal(out[inside], z[inside].astype("float32"))
        expected_std = stats.truncnorm(-threshold, threshold).std()
        assert abs(out.std() / expected_std - 1) < 0.02
    t = latent.truncated_normal((100, 8), 0.5, seed=3)
    assert t.shape == (100, 8) and np.abs(t).max() <= 0.5


def test_vector_arithmetic_on_a_linear_generator_is_exact():
    rng = np.random.default_rng(3)
    W, c = rng.normal(size=(16, 6)), rng.normal(size=6)
    generator = lambda z: z @ W + c  # noqa: E731
    smiling_woman, neutral_woman, neutral_man = rng.normal(size=(3, 3, 16))
    z = latent.vector_arithmetic([smiling_woman, neutral_man], [neutral_woman])
    expected = smiling_woman.mean(0) - neutral_woman.mean(0) + neutral_man.mean(0)
    np.testing.assert_allclose(z, expected, rtol=1e-6, atol=1e-6)
    sample_arith = (
        generator(smiling_woman).mean(0) - generator(neutral_woman).mean(0) + generator(neutral_man).mean(0)
    )
    np.testing.assert_allclose(generator(z), sample_arith, rtol=1e-5, atol=1e-5)


def test_bad_latent_arguments_name_the_argument():
    with pytest.raises(ValueError, match="threshold"):
        latent.truncate(np.zeros(3), 0.0)
    with pytest.raises(ValueError, match="steps"):
        latent.interpolate(np.zeros(3), np.ones(3), 1)
    with pytest.raises(ValueError, match="method"):
        latent.interpolate(np.zeros(3), np.ones(3), 3, method="cubic")
    with pytest.raises(ValueError, match="`a` and `b`"):
        latent.slerp(np.zeros(3), np.ones(4), 0.5)
    with pytest.raises(ValueError, match="plus"):
        latent.vector_arithmetic([])
    with pytest.raises(ValueError, match="plus"):
        latent.vector_arithmetic([np.zeros((2, 3, 4))])
