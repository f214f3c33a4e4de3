import keras
import numpy as np
import pytest

from kerasgan.metrics import KID


def _numpy_mmd2(x, y):
    """Independent loop-based unbiased MMD² with k(a, b) = (a·b/d + 1)^3."""
    d = x.shape[1]
    k = lambda a, b: (np.dot(a, b) / d + 1.0) ** 3  # noqa: E731
    m, n = len(x), len(y)
    xx = sum(k(x[i], x[j]) for i in range(m) for j in range(m) if i != j) / (m * (m - 1))
    yy = sum(k(y[i], y[j]) for i in range(n) for j in range(n) if i != j) / (n * (n - 1))
    xy = sum(k(x[i], y[j]) for i in range(m) for j in range(n)) / (m * n)
    return xx + yy - 2 * xy


def test_agrees_with_independent_numpy_implementation():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((30, 4)), rng.standard_normal((30, 4)) * 1.5 + 0.3
    # One subset of all samples: the subset is a permutation, MMD² is invariant to it.
    kid = KID(num_subsets=1, subset_size=30, seed=0)
    kid.update_state(x, y)
    r = kid.result()
    assert r["mean"] == pytest.approx(_numpy_mmd2(x, y), rel=1e-10)
    assert r["std"] == 0.0


def test_unbiased_for_identical_distributions():
    rng = np.random.default_rng(1)
    values = []
    for _ in range(200):
        kid = KID(num_subsets=1, subset_size=20, seed=0)
        kid.update_state(rng.standard_normal((20, 5)), rng.standard_normal((20, 5)))
        values.append(kid.result()["mean"])
    values = np.array(values)
    stderr = values.std() / np.sqrt(len(values))
    assert abs(values.mean()) < 4 * stderr
    assert (values < 0).any()  # an unbiased estimator must go negative sometimes


def test_detects_a_shift_and_subsets_give_spread():
    rng = np.random.default_rng(2)
    kid = KID(num_subsets=20, subset_size=50, seed=3)
    kid.update_state(rng.standard_normal((200, 8)), rng.standard_normal((200, 8)) + 0.5)
    r = kid.result()
    assert r["mean"] > 3 * r["std"] > 0
    same = KID(num_subsets=20, subset_size=50, seed=3)
    same.update_state(rng.standard_normal((200, 8)), rng.standard_normal((200, 8)))
    assert abs(same.result()["mean"]) < r["mean"] / 5
    assert kid.result() == r  # seeded: deterministic


def test_reservoir_bounds_memory():
    kid = KID(max_samples=50, seed=0)
    rng = np.random.default_rng(3)
    for _ in range(10):
        kid.update_state(rng.standard_normal((30, 2)), rng.standard_normal((30, 2)))
    assert kid._buffers["real"].values().shape == (50, 2)
    assert kid._buffers["real"].seen == 300


def test_defaults_and_serialization():
    kid = KID()
    assert kid.num_subsets == 100 and kid.subset_size == 1000
    config = kid.get_config()
    assert set(config) == {"feature_extractor", "num_subsets", "subset_size", "max_samples", "seed", "name"}
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(KID(num_subsets=7, seed=2)))
    assert restored.num_subsets == 7 and restored.seed == 2


@pytest.mark.parametrize("kwargs, error, arg", [
    ({"num_subsets": 0}, ValueError, "num_subsets"),
    ({"subset_size": 1.5}, TypeError, "subset_size"),
    ({"max_samples": -1}, ValueError, "max_samples"),
    ({"seed": "a"}, TypeError, "seed"),
])
def test_bad_arguments(kwargs, error, arg):
    with pytest.raises(error, match=f"`{arg}`"):
        KID(**kwargs)


def test_bad_inputs():
    kid = KID()
    kid.update_state(np.zeros((5, 3)), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="`fake` needs at least 2"):
        kid.result()
    with pytest.raises(ValueError, match="`real`.*3 features"):
        kid.update_real(np.zeros((5, 4)))
