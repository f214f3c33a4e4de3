"""The benchmark compares like with like: the hand-written baseline does kerasgan's maths.

The step-speed ratio only means something if `benchmarks/_handwritten.py`
computes the same losses and penalty as kerasgan's presets. These tests check
it against numpy formulas from the papers, and against kerasgan's objects.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

import kerasgan
from benchmarks._handwritten import HandWrittenGAN


def _linear_critic(w, bias=0.3):
    critic = keras.Sequential([keras.Input((len(w),)), layers.Dense(1)])
    critic.layers[0].set_weights([np.asarray(w, "float32")[:, None], np.array([bias], "float32")])
    return critic


def _model(loss, critic=None):
    generator = keras.Sequential([keras.Input((2,)), layers.Dense(3)])
    return HandWrittenGAN(generator, critic or _linear_critic([1.0, 0.0, 0.0]), 2, loss=loss)


@pytest.mark.parametrize("w", [[0.5, -2.0, 1.0], [3.0, 4.0, 0.0]])
def test_handwritten_penalty_of_a_linear_critic_is_norm_minus_one_squared(w):
    model = _model("wgan-gp", _linear_critic(w))
    rng = np.random.default_rng(0)
    real = tf.constant(rng.normal(size=(8, 3)), tf.float32)
    fake = tf.constant(rng.normal(size=(8, 3)), tf.float32)
    penalty = float(model.gradient_penalty(real, fake))
    np.testing.assert_allclose(penalty, (np.linalg.norm(w) - 1.0) ** 2, rtol=1e-5)


@pytest.mark.parametrize(
    "name, loss",
    [("wgan-gp", kerasgan.losses.WassersteinLoss()), ("non-saturating", kerasgan.losses.NonSaturatingLoss())],
)
def test_handwritten_losses_equal_kerasgan_losses(name, loss):
    rng = np.random.default_rng(1)
    real = rng.normal(size=(16, 1)).astype("float32") * 3
    fake = rng.normal(size=(16, 1)).astype("float32") * 3
    model = _model(name)
    step = kerasgan.Step.from_logits(real, fake)
    np.testing.assert_allclose(
        float(model.d_loss(tf.constant(real), tf.constant(fake))),
        float(loss.discriminator_loss(step)),
        rtol=1e-5,
    )
    np.testing.assert_allclose(
        float(model.g_loss(tf.constant(fake))), float(loss.generator_loss(step)), rtol=1e-5
    )
    # And both against the papers' formulas in numpy.
    softplus = lambda x: np.log1p(np.exp(x))  # noqa: E731
    if name == "wgan-gp":
        expected_d, expected_g = fake.mean() - real.mean(), -fake.mean()
    else:
        expected_d = softplus(-real).mean() + softplus(fake).mean()
        expected_g = softplus(-fake).mean()
    np.testing.assert_allclose(float(model.d_loss(tf.constant(real), tf.constant(fake))), expected_d, rtol=1e-5)
    np.testing.assert_allclose(float(model.g_loss(tf.constant(fake))), expected_g, rtol=1e-5)


def test_handwritten_wgan_gp_takes_five_critic_steps_per_generator_step():
    model = _model("wgan-gp")
    d_opt, g_opt = keras.optimizers.SGD(1e-3), keras.optimizers.SGD(1e-3)
    model.compile(d_opt, g_opt)
    model.fit(np.random.default_rng(0).normal(size=(8, 3)).astype("float32"), batch_size=8, verbose=0)
    assert int(d_opt.iterations) == 5
    assert int(g_opt.iterations) == 1
