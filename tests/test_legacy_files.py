"""`.keras` files saved by kerasgan 0.1 (before the schedule rework) still load and resume."""

import os

import keras
import numpy as np
from keras import ops

import kerasgan
from kerasgan import regularizers as R

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def test_a_gan_saved_by_kerasgan_0_1_loads_with_its_objective_state_and_optimizers():
    expected = np.load(os.path.join(FIXTURES, "gan_v0_1_expected.npz"))
    gan = keras.models.load_model(os.path.join(FIXTURES, "gan_v0_1.keras"))
    assert isinstance(gan, kerasgan.GAN)
    assert isinstance(gan.objective.loss, kerasgan.losses.WassersteinLoss)
    assert [type(r) for r in gan.objective.regularizers] == [
        R.GradientPenalty, R.EMAGenerator, R.ExperienceReplay, R.InstanceNoise]
    assert gan.discriminator_steps == 5
    assert int(ops.convert_to_numpy(gan.optimizer.iterations)) == int(expected["iterations"])
    assert int(ops.convert_to_numpy(gan.d_optimizer.iterations)) == int(expected["d_iterations"])
    np.testing.assert_array_equal(ops.convert_to_numpy(gan.seed_generator.state), expected["seed_state"])
    np.testing.assert_allclose(ops.convert_to_numpy(gan.discriminator.trainable_variables[0]),
                               expected["d_kernel"], rtol=1e-6)
    replay = gan.objective.regularizers[2]
    np.testing.assert_allclose(ops.convert_to_numpy(replay.buffer), expected["replay_buffer"], rtol=1e-6)
    np.testing.assert_allclose(gan.generate(8, seed=0), expected["samples"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(gan(gan.prior.sample(8, seed=0))),
                               expected["live"], rtol=1e-5, atol=1e-6)
    # Training resumes: one more step counts on from the saved iteration.
    x = np.random.default_rng(1).normal(size=(32, 2)).astype("float32")
    history = gan.fit(x, batch_size=32, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][0])
    assert int(ops.convert_to_numpy(gan.optimizer.iterations)) == int(expected["iterations"]) + 1
