import math

import keras
import numpy as np
import pytest
from keras import ops

from kerasgan import priors


def test_categorical_samples_uniform_one_hot_rows():
    c = ops.convert_to_numpy(priors.Categorical(5).sample(5000, seed=0))
    assert c.shape == (5000, 5)
    np.testing.assert_array_equal(c.sum(axis=1), np.ones(5000))
    assert set(np.unique(c)) == {0.0, 1.0}
    freq = c.mean(axis=0)
    assert np.all(np.abs(freq - 0.2) < 0.03), freq
    assert priors.Categorical(5).entropy() == pytest.approx(math.log(5))


def test_continuous_entropies_match_closed_forms():
    from scipy import stats

    assert priors.Uniform(3, low=-1.0, high=1.0).entropy() == pytest.approx(3 * stats.uniform(-1, 2).entropy())
    assert priors.Normal(2, stddev=0.5).entropy() == pytest.approx(2 * stats.norm(0, 0.5).entropy())


def test_joint_concatenates_noise_and_codes_and_fixes_codes():
    prior = priors.Joint(noise=priors.Normal(4), code=[priors.Categorical(3), priors.Uniform(2)])
    assert prior.dim == 4 + 3 + 2
    assert [(s, e) for _, s, e in prior.code_slices] == [(4, 7), (7, 9)]
    z = ops.convert_to_numpy(prior.sample(1000, seed=1))
    assert z.shape == (1000, 9)
    np.testing.assert_array_equal(z[:, 4:7].sum(axis=1), np.ones(1000))
    assert z[:, 7:].min() >= -1.0 and z[:, 7:].max() <= 1.0
    assert abs(z[:, :4].std() - 1.0) < 0.1
    fixed = prior.fix_codes(z, [2, 0.5])
    np.testing.assert_array_equal(fixed[:, 4:7], np.tile([0, 0, 1], (1000, 1)))
    np.testing.assert_array_equal(fixed[:, 7:], np.full((1000, 2), 0.5, "float32"))
    np.testing.assert_array_equal(fixed[:, :4], z[:, :4])
    per_sample = prior.fix_codes(z[:3], [np.array([0, 1, 2]), None])
    np.testing.assert_array_equal(per_sample[:, 4:7], np.eye(3))
    np.testing.assert_array_equal(per_sample[:, 7:], z[:3, 7:])


def test_joint_single_code_takes_a_bare_value_and_an_int_seed_is_reproducible():
    prior = priors.Joint(noise=priors.Normal(2), code=priors.Categorical(8))
    a = ops.convert_to_numpy(prior.sample(16, seed=3))
    np.testing.assert_array_equal(a, ops.convert_to_numpy(prior.sample(16, seed=3)))
    fixed = prior.fix_codes(a, np.arange(16) % 8)
    np.testing.assert_array_equal(fixed[:, 2:].argmax(1), np.arange(16) % 8)


@pytest.mark.parametrize(
    "prior",
    [
        priors.Categorical(7),
        priors.Joint(noise=priors.Normal(3), code=[priors.Categorical(2), priors.Uniform(1, low=-2.0)]),
    ],
)
def test_priors_serialize_round_trip(prior):
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(prior))
    assert type(restored) is type(prior) and restored.get_config() == prior.get_config()
    np.testing.assert_array_equal(
        ops.convert_to_numpy(restored.sample(8, seed=5)), ops.convert_to_numpy(prior.sample(8, seed=5))
    )


def test_bad_prior_arguments_name_the_argument():
    with pytest.raises(ValueError, match="num_classes"):
        priors.Categorical(1)
    with pytest.raises(TypeError, match="num_classes"):
        priors.Categorical(2.5)
    with pytest.raises(ValueError, match="code"):
        priors.Joint(noise=priors.Normal(2), code=[])
    prior = priors.Joint(noise=priors.Normal(2), code=[priors.Categorical(3), priors.Uniform(1)])
    z = prior.sample(4, seed=0)
    with pytest.raises(ValueError, match="codes"):
        prior.fix_codes(z, [1])
    with pytest.raises(ValueError, match="codes"):
        prior.fix_codes(z, [5, None])
    with pytest.raises(TypeError, match="codes"):
        prior.fix_codes(z, [1.5, None])
