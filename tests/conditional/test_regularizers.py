import math

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import priors
from kerasgan.regularizers import AuxiliaryClassification, MutualInformation
from kerasgan.step import DiscriminatorOutput, Step


def _log_softmax(x):
    x = x - x.max(axis=1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=1, keepdims=True))


def _ac_step(rng, n=6, k=4, with_labels=True, with_aux=True):
    real_aux, fake_aux = rng.normal(size=(2, n, k)).astype("float32")
    y = rng.integers(0, k, n).astype("int32")
    out = lambda aux: DiscriminatorOutput(np.zeros((n, 1), "float32"), None, aux if with_aux else None)  # noqa: E731
    step = Step(real_output=out(real_aux), fake_output=out(fake_aux), condition=y if with_labels else None)
    return step, real_aux, fake_aux, y


def test_auxiliary_classification_matches_the_paper_log_likelihood():
    rng = np.random.default_rng(0)
    step, real_aux, fake_aux, y = _ac_step(rng)
    ce = lambda a: -_log_softmax(a.astype("float64"))[np.arange(len(y)), y].mean()  # noqa: E731
    reg = AuxiliaryClassification(2.0)
    assert float(reg.discriminator_penalty(step)) == pytest.approx(ce(real_aux) + ce(fake_aux), rel=1e-5)
    assert float(reg.generator_penalty(step)) == pytest.approx(ce(fake_aux), rel=1e-5)
    real_only = AuxiliaryClassification(discriminator_on_fakes=False)
    assert float(real_only.discriminator_penalty(step)) == pytest.approx(ce(real_aux), rel=1e-5)
    total, logs = kerasgan.Objective("non-saturating", [reg]).generator_loss(step._replace(
        fake_output=step.fake_output._replace(logits=np.zeros((6, 1), "float32"))))
    assert float(logs["g/auxiliary_classification"]) == pytest.approx(ce(fake_aux), rel=1e-5)
    assert float(total) == pytest.approx(math.log(2) + 2.0 * ce(fake_aux), rel=1e-5)


def test_auxiliary_classification_errors_name_what_is_missing():
    rng = np.random.default_rng(1)
    with pytest.raises(ValueError, match="labels"):
        AuxiliaryClassification().generator_penalty(_ac_step(rng, with_labels=False)[0])
    with pytest.raises(ValueError, match="aux"):
        AuxiliaryClassification().discriminator_penalty(_ac_step(rng, with_aux=False)[0])
    with pytest.raises(TypeError, match="discriminator_on_fakes"):
        AuxiliaryClassification(discriminator_on_fakes="yes")
    with pytest.raises(ValueError, match="weight"):
        AuxiliaryClassification(-1.0)


class _FakeGAN:
    def __init__(self, prior):
        self.prior = prior


def test_mutual_information_lower_bound_matches_numpy():
    from scipy import stats

    rng = np.random.default_rng(2)
    prior = priors.Joint(noise=priors.Normal(3), code=[priors.Categorical(5), priors.Uniform(2)])
    n = 8
    z = ops.convert_to_numpy(prior.sample(n, seed=0))
    for learn_std in (False, True):
        q = rng.normal(size=(n, 5 + 2 * (2 if learn_std else 1))).astype("float32")
        reg = MutualInformation(1.5)
        reg.build(_FakeGAN(prior))
        step = Step(latents=z, fake_output=DiscriminatorOutput(np.zeros((n, 1), "float32"), None, q))
        cat = _log_softmax(q[:, :5].astype("float64"))[np.arange(n), z[:, 3:8].argmax(1)].mean() + math.log(5)
        sigma = np.exp(q[:, 7:9]) if learn_std else 1.0
        gauss = stats.norm.logpdf(z[:, 8:10], loc=q[:, 5:7], scale=sigma).sum(1).mean() + 2 * math.log(2.0)
        expected = cat + gauss
        assert float(reg.generator_penalty(step)) == pytest.approx(-expected, rel=1e-4)
        assert float(reg.discriminator_penalty(step)) == pytest.approx(-expected, rel=1e-4)
        _, logs = kerasgan.Objective("non-saturating", [reg]).generator_loss(step)
        assert float(logs["g/mutual_information_bound"]) == pytest.approx(expected, rel=1e-4)


def test_perfect_q_reaches_the_code_entropy():
    prior = priors.Joint(noise=priors.Normal(2), code=priors.Categorical(8))
    z = ops.convert_to_numpy(prior.sample(64, seed=1))
    reg = MutualInformation()
    reg.build(_FakeGAN(prior))
    step = Step(latents=z, fake_output=DiscriminatorOutput(np.zeros((64, 1)), None, 50.0 * z[:, 2:]))
    assert -float(reg.generator_penalty(step)) == pytest.approx(math.log(8), abs=1e-4)


def test_mutual_information_needs_a_joint_prior_and_a_matching_head():
    with pytest.raises(ValueError, match="prior"):
        MutualInformation().build(_FakeGAN(priors.Normal(4)))
    prior = priors.Joint(noise=priors.Normal(2), code=priors.Categorical(8))
    reg = MutualInformation()
    reg.build(_FakeGAN(prior))
    step = Step(latents=np.zeros((2, 10), "float32"),
                fake_output=DiscriminatorOutput(np.zeros((2, 1)), None, np.zeros((2, 5), "float32")))
    with pytest.raises(ValueError, match="aux"):
        reg.generator_penalty(step)


def test_log_names_declare_the_bound_for_both_players():
    names = kerasgan.Objective("non-saturating", [MutualInformation(name="info")]).log_names()
    for key in ("d/info", "g/info", "d/info_bound", "g/info_bound"):
        assert key in names


@pytest.mark.parametrize("reg", [AuxiliaryClassification(0.5, discriminator_on_fakes=False), MutualInformation(2.0, name="mi")])
def test_regularizers_serialize_round_trip(reg):
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(reg))
    assert type(restored) is type(reg) and restored.get_config() == reg.get_config()
    assert set(reg.get_config()) == set(type(reg).__init__.__code__.co_varnames[1 : type(reg).__init__.__code__.co_argcount + type(reg).__init__.__code__.co_kwonlyargcount])
