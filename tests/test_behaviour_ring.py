"""Behaviour: WGAN-GP with the MLP builders learns the 8-Gaussian ring.

The bar (issue 2): at least 7 of 8 modes covered and at least 80% high-quality samples
(within 3σ of the nearest mode, σ = 0.01) among 2,500 samples, with a fixed seed and a
bounded number of steps.

What it takes, measured while choosing these settings (seed 1 unless noted):
- Adam β1 = 0.5 with equal learning rates: critic and generator oscillate (the samples'
  median radius swings between 0.4 and 1.9) and runs end with < 1% high-quality samples.
- β1 = 0 and a critic learning rate 4× the generator's (TTUR, Heusel 2017) keep the radius
  at 1.0 ± 0.01 from the first thousand steps on, for every seed tried (0, 1, 2).
- What remains are "bridges" between neighbouring modes (a continuous generator of a
  connected latent space); they thin out slowly: 49% high quality after 4,000 steps,
  66% after 8,000 and, with batch 128, 79% after 10,000 and 16,000 and 85% after 20,000
  (8/8 modes) on an Intel Xeon. On an AMD EPYC the same seed ended at 79.4% after 20,000
  steps (the CPUs round differently) and 88.0% after 25,000 (TensorFlow), so the test
  trains 25,000. `steps_per_execution=50` makes those steps affordable.
"""

import keras
import pytest

import kerasgan

STEPS = 25000


@pytest.mark.slow
@pytest.mark.every_backend
def test_wgan_gp_mlp_covers_the_ring():
    keras.utils.set_random_seed(1)
    generator, discriminator = kerasgan.models.mlp(
        2, 2, hidden_units=(128, 128, 128), discriminator_units=(128, 128, 128),
        batch_norm=False, discriminator_activation="relu",
    )
    gan = kerasgan.GAN(generator, discriminator, seed=1)
    g_lr = keras.optimizers.schedules.CosineDecay(1e-4, STEPS)
    d_lr = keras.optimizers.schedules.CosineDecay(4e-4, 5 * STEPS)
    gan.compile(
        keras.optimizers.Adam(g_lr, beta_1=0.0, beta_2=0.9),
        keras.optimizers.Adam(d_lr, beta_1=0.0, beta_2=0.9),
        loss="wgan-gp",
        steps_per_execution=50,
    )
    data = kerasgan.data.load("ring", batch_size=128, seed=1, repeat=True)
    gan.fit(data, steps_per_epoch=STEPS, epochs=1, verbose=0)
    coverage = kerasgan.metrics.MixtureCoverage.ring()
    coverage.update_state(gan.generate(2500, seed=0))
    result = coverage.result()
    print(f"{keras.backend.backend()}: {result}")  # shown by `pytest -rP`
    assert result["modes"] >= 7, result
    assert result["high_quality"] >= 0.80, result
