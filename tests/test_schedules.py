"""`kerasgan.schedules`: R3GAN's cosine ramps over images seen, as Keras schedules."""

import math

import keras
import numpy as np
import pytest

import kerasgan
from kerasgan.schedules import CosineRamp, ema_decay
from tests.regularizers import helpers


def _value(ramp, images):
    return float(keras.ops.convert_to_numpy(ramp.value(images)))


def test_ramp_goes_from_base_to_final_along_a_half_cosine():
    # R3GAN CIFAR-10's γ: 0.05 -> 0.005 over 20M images.
    ramp = CosineRamp(0.05, 0.005, 20_000_000)
    assert math.isclose(_value(ramp, 0), 0.05, rel_tol=1e-6)
    assert math.isclose(_value(ramp, 10_000_000), 0.0275, rel_tol=1e-5)   # the mean, half way
    assert math.isclose(_value(ramp, 5_000_000), 0.05 - 0.045 * (1 - math.cos(math.pi / 4)) / 2,
                        rel_tol=1e-5)
    assert math.isclose(_value(ramp, 20_000_000), 0.005, rel_tol=1e-5)
    assert math.isclose(_value(ramp, 40_000_000), 0.005, rel_tol=1e-5)    # held after N
    values = [_value(ramp, n) for n in np.linspace(0, 2e7, 9)]
    assert all(a > b for a, b in zip(values, values[1:]))


def test_warmup_is_linear_then_the_ramp_starts_at_base():
    ramp = CosineRamp(1.0, 0.0, 1000, warmup_images=100, warmup_value=0.0)
    assert math.isclose(_value(ramp, 50), 0.5, rel_tol=1e-6)
    assert math.isclose(_value(ramp, 100), 1.0, rel_tol=1e-6)
    assert math.isclose(_value(ramp, 550), 0.5, rel_tol=1e-5)


def test_ramp_is_an_optimizer_learning_rate_counted_in_images_and_serializes():
    ramp = CosineRamp(2e-4, 5e-5, 4 * 64, batch_size=64)   # ends after 4 steps
    opt = keras.optimizers.Adam(ramp, beta_1=0.0, beta_2=0.99)
    w = keras.Variable(np.ones(3, "float32"))
    opt.build([w])
    seen = []
    for _ in range(5):
        seen.append(float(keras.ops.convert_to_numpy(opt.learning_rate)))
        opt.apply_gradients([(keras.ops.ones(3), w)])
    assert math.isclose(seen[0], 2e-4, rel_tol=1e-5) and math.isclose(seen[4], 5e-5, rel_tol=1e-5)
    assert math.isclose(seen[2], 1.25e-4, rel_tol=1e-5)
    again = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(ramp))
    assert isinstance(again, CosineRamp) and again.get_config() == ramp.get_config()
    restored = keras.optimizers.Adam.from_config(opt.get_config())
    assert isinstance(restored._learning_rate, CosineRamp)


def test_ema_half_life_halves_a_snapshot_after_that_many_images():
    beta = float(keras.ops.convert_to_numpy(ema_decay(500_000, 256)))
    assert math.isclose(beta ** (500_000 / 256), 0.5, rel_tol=1e-4)


@pytest.mark.parametrize("kwargs, argument", [
    ({"total_images": 0}, "total_images"),
    ({"batch_size": 0}, "batch_size"),
    ({"warmup_images": 2000}, "warmup_images"),
])
def test_bad_arguments_name_the_argument(kwargs, argument):
    config = {"base_value": 1.0, "final_value": 0.0, "total_images": 1000, **kwargs}
    with pytest.raises(ValueError, match=f"`{argument}`.*Received"):
        CosineRamp(**config)


def test_r1_with_a_gamma_ramp_scales_the_penalty_by_gamma_t_and_round_trips():
    ramp = CosineRamp(2.0, 0.2, 100, batch_size=10)
    r1 = kerasgan.regularizers.R1Penalty(ramp)
    assert r1.weight == 1.0 and r1.gamma is ramp
    again = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(r1))
    assert isinstance(again.gamma, CosineRamp) and again.gamma.get_config() == ramp.get_config()
    # D(x) = x²: ½‖∇D(1)‖² = 2, times γ_t (γ_5 is the ramp's mean 1.1).
    for iteration, gamma in ((0, 2.0), (5, 1.1), (10, 0.2)):
        step = helpers.step(helpers.quadratic_critic([1.0]), real=[[1.0], [1.0]],
                            iteration=keras.ops.convert_to_tensor(iteration))
        value = helpers.value(r1.discriminator_penalty(step))
        assert math.isclose(value, 2.0 * gamma, rel_tol=1e-4), (iteration, value)


def test_r3gan_configs_give_the_papers_cifar10_ramps():
    ramps = kerasgan.schedules.r3gan_schedules("cifar10", batch_size=512)
    assert set(ramps) == {"learning_rate", "beta_2", "gamma", "ema_half_life", "augment_probability"}
    end = 20_000_000 // 512 + 1
    for key, (base, final) in (("learning_rate", (2e-4, 5e-5)), ("gamma", (0.05, 0.005)),
                               ("beta_2", (0.9, 0.99)), ("augment_probability", (0.0, 0.55))):
        assert math.isclose(float(keras.ops.convert_to_numpy(ramps[key](0))), base, rel_tol=1e-5)
        assert math.isclose(float(keras.ops.convert_to_numpy(ramps[key](end))), final, rel_tol=1e-5)
    with pytest.raises(ValueError, match="`config`.*Received"):
        kerasgan.schedules.r3gan_schedules("cifar100", batch_size=64)
