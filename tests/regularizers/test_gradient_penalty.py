import keras
import numpy as np
import pytest
from keras import layers, ops

import kerasgan
from kerasgan import _backend
from kerasgan.regularizers import GradientPenalty


def _linear_critic(w):
    critic = keras.Sequential([keras.Input((len(w),)), layers.Dense(1, use_bias=True)])
    critic.layers[0].set_weights([np.asarray(w, "float32")[:, None], np.array([0.3], "float32")])
    return critic


def _step(critic, real, fake):
    def d_call(x):
        return kerasgan.DiscriminatorOutput.from_output(critic(x, training=True))

    return kerasgan.Step(
        real=ops.convert_to_tensor(real),
        fake=ops.convert_to_tensor(fake),
        discriminator=d_call,
        input_gradient=_backend.current().input_gradient,
        seed_generator=keras.random.SeedGenerator(0),
    )


@pytest.mark.parametrize("w", [[0.5, -2.0, 1.0], [0.1, 0.2, 0.05], [3.0, 4.0, 0.0]])
def test_linear_critic_gradient_is_w_and_penalty_is_norm_minus_one_squared(w):
    critic = _linear_critic(w)
    rng = np.random.default_rng(0)
    real = rng.normal(size=(16, 3)).astype("float32")
    fake = rng.normal(size=(16, 3)).astype("float32")
    step = _step(critic, real, fake)
    grad = _backend.current().input_gradient(lambda x: step.discriminator(x).logits, step.real)
    np.testing.assert_allclose(ops.convert_to_numpy(grad), np.tile(np.asarray(w), (16, 1)), rtol=1e-6)
    penalty = float(ops.convert_to_numpy(GradientPenalty(10.0).discriminator_penalty(step)))
    expected = (np.linalg.norm(w) - 1.0) ** 2
    np.testing.assert_allclose(penalty, expected, rtol=1e-5)


def test_one_sided_penalty_ignores_norms_below_target():
    critic = _linear_critic([0.3, 0.4, 0.0])  # norm 0.5 < 1
    step = _step(critic, np.zeros((4, 3), "float32"), np.ones((4, 3), "float32"))
    assert float(ops.convert_to_numpy(GradientPenalty(one_sided=True).discriminator_penalty(step))) == 0.0
    two_sided = float(ops.convert_to_numpy(GradientPenalty().discriminator_penalty(step)))
    np.testing.assert_allclose(two_sided, 0.25, rtol=1e-5)


def test_zero_centred_penalty_is_squared_norm():
    critic = _linear_critic([3.0, 4.0, 0.0])
    step = _step(critic, np.zeros((4, 3), "float32"), np.ones((4, 3), "float32"))
    value = float(ops.convert_to_numpy(GradientPenalty(target=0.0).discriminator_penalty(step)))
    np.testing.assert_allclose(value, 25.0, rtol=1e-5)


def test_penalty_is_differentiable_with_respect_to_critic_weights():
    # Backend-neutral: the penalty as a function of the critic's weights (through
    # `stateless_call`), differentiated with the backend's own `input_gradient`.
    critic = _linear_critic([3.0, 4.0, 0.0])
    real, fake = np.zeros((4, 3), "float32"), np.ones((4, 3), "float32")
    bias = ops.convert_to_tensor(ops.convert_to_numpy(critic.layers[0].bias))

    def penalty_of(weights):
        def d_call(x):
            out, _ = critic.stateless_call(weights, [], x, training=True)
            return kerasgan.DiscriminatorOutput.from_output(out)

        step = _step(critic, real, fake)._replace(discriminator=d_call)
        return GradientPenalty().discriminator_penalty(step)

    kernel = ops.convert_to_tensor(ops.convert_to_numpy(critic.layers[0].kernel))
    grads = _backend.current().input_gradient(penalty_of, [kernel, bias])
    # d/dw (|w|-1)^2 = 2(|w|-1) w/|w| = 2*4*(0.6, 0.8, 0); the bias does not enter.
    np.testing.assert_allclose(ops.convert_to_numpy(grads[0])[:, 0], [4.8, 6.4, 0.0], rtol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(grads[1]), [0.0], atol=1e-7)


def test_interpolation_coefficient_is_uniform_per_sample():
    from kerasgan.regularizers.gradient_penalty import interpolate

    real = np.zeros((4000, 2), "float32")
    fake = np.ones((4000, 2), "float32")
    step = kerasgan.Step(seed_generator=keras.random.SeedGenerator(3))
    x = ops.convert_to_numpy(interpolate(step, ops.convert_to_tensor(real), ops.convert_to_tensor(fake)))
    eps = 1.0 - x[:, 0]
    np.testing.assert_array_equal(x[:, 0], x[:, 1])  # one coefficient per sample
    assert 0.0 <= eps.min() and eps.max() <= 1.0
    assert abs(eps.mean() - 0.5) < 0.02 and abs(eps.var() - 1 / 12) < 0.01  # U[0,1], not a normal


def test_gradient_penalty_serialization_and_validation():
    reg = GradientPenalty(5.0, target=0.0, one_sided=True, name="gp0")
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(reg))
    assert restored.get_config() == reg.get_config()
    with pytest.raises(ValueError, match="weight"):
        GradientPenalty(-1.0)
    with pytest.raises(ValueError, match="target"):
        GradientPenalty(target=-1.0)
