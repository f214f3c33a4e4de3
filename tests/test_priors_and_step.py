import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import priors


def test_normal_prior_moments_and_reproducibility():
    prior = priors.Normal(3, mean=1.0, stddev=2.0)
    z = ops.convert_to_numpy(prior.sample(20000, seed=0))
    assert z.shape == (20000, 3) and z.dtype == np.float32
    np.testing.assert_allclose(z.mean(0), 1.0, atol=0.06)
    np.testing.assert_allclose(z.std(0), 2.0, atol=0.06)
    np.testing.assert_array_equal(z, ops.convert_to_numpy(prior.sample(20000, seed=0)))


def test_uniform_prior_bounds_and_moments():
    z = ops.convert_to_numpy(priors.Uniform(2, low=-1.0, high=3.0).sample(20000, seed=1))
    assert z.min() >= -1.0 and z.max() < 3.0
    np.testing.assert_allclose(z.mean(0), 1.0, atol=0.05)
    np.testing.assert_allclose(z.var(0), 16 / 12, atol=0.06)


def test_priors_serialize_and_validate():
    for prior in (priors.Normal(4, stddev=0.5), priors.Uniform(4, low=0.0, high=2.0)):
        restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(prior))
        assert type(restored) is type(prior) and restored.get_config() == prior.get_config()
    with pytest.raises(ValueError, match="dim"):
        priors.Normal(0)
    with pytest.raises(ValueError, match="stddev"):
        priors.Normal(2, stddev=0.0)
    with pytest.raises(ValueError, match="high"):
        priors.Uniform(2, low=1.0, high=1.0)
    with pytest.raises(TypeError, match="prior"):
        priors.get("normal")


def test_gan_samples_its_prior():
    g = keras.Sequential([keras.Input((3,)), keras.layers.Identity()])
    d = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    gan = kerasgan.GAN(g, d, prior=priors.Uniform(3, low=2.0, high=3.0))
    samples = gan.generate(500, seed=0)
    assert samples.min() >= 2.0 and samples.max() < 3.0


def test_discriminator_output_from_every_form():
    logits = np.ones((2, 1), "float32")
    feats = np.zeros((2, 4), "float32")
    for out in (logits, (logits, feats), [logits, feats, "aux"], {"logits": logits, "features": feats}):
        d_out = kerasgan.DiscriminatorOutput.from_output(out)
        assert keras.backend.standardize_dtype(d_out.logits.dtype) == "float32"
        np.testing.assert_array_equal(ops.convert_to_numpy(d_out.logits), logits)
    assert kerasgan.DiscriminatorOutput.from_output((logits, feats, "aux")).aux == "aux"
    with pytest.raises(ValueError, match="logits"):
        kerasgan.DiscriminatorOutput.from_output({"features": feats})
    with pytest.raises(ValueError, match="tuple"):
        kerasgan.DiscriminatorOutput.from_output((logits, feats, 1, 2))


def test_step_from_logits():
    step = kerasgan.Step.from_logits([1.0, 2.0], [0.5], condition="c")
    np.testing.assert_array_equal(ops.convert_to_numpy(step.real_output.logits), [1.0, 2.0])
    assert step.fake_output.logits.shape == (1,) and step.condition == "c"
    assert kerasgan.Step.from_logits(fake_logits=[0.0]).real_output is None
