"""The trainer calls a loss's `after_discriminator_update` after every D step."""

import keras
import numpy as np

import kerasgan
from tests.conftest import ring_arrays, tiny_mlp_pair


class CountingLoss(kerasgan.losses.WassersteinLoss):
    def build(self, gan):
        self.calls = gan.add_state("counting_calls", ())
        self.last_real = gan.add_state("counting_last_real", ())

    def after_discriminator_update(self, step):
        self.calls.assign_add(1.0)
        self.last_real.assign(keras.ops.mean(step.real_output.logits))


def test_hook_runs_once_per_discriminator_step_with_that_steps_outputs():
    gan = kerasgan.GAN(*tiny_mlp_pair(), seed=0)
    loss = CountingLoss()
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss=loss,
                discriminator_steps=3, jit_compile=False)
    x = ring_arrays(128)[0]
    gan.fit(x, batch_size=64, epochs=1, verbose=0, shuffle=False)
    assert float(loss.calls.numpy()) == 3 * 2  # 2 GAN steps x 3 discriminator steps
    # The hook received that step's discriminator outputs (a non-zero critic mean).
    assert np.isfinite(float(loss.last_real.numpy()))
    assert float(loss.last_real.numpy()) != 0.0
