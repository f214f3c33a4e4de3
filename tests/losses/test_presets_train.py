"""Every preset trains the small MLP pair on "ring" without NaN."""

import keras
import numpy as np
import pytest

import kerasgan
from tests.conftest import SHORT_RUN_JIT
from tests.losses.autoencoder import autoencoder

AUTOENCODER_PRESETS = {"ebgan": 2, "began": 1}  # energy power: EBGAN MSE, BEGAN L1
STEPS = 20


def _pair(preset):
    generator, discriminator = kerasgan.models.mlp(
        2, 2, hidden_units=(32, 32), discriminator_units=(32, 32),
        batch_norm=False, discriminator_activation="relu",
    )
    if preset in AUTOENCODER_PRESETS:
        discriminator = autoencoder(power=AUTOENCODER_PRESETS[preset])
    return generator, discriminator


# "stylegan2" is trained on its own networks (its path-length penalty needs a generator with
# a mapping and a synthesis network): tests/models/test_stylegan2.py.
MLP_PRESETS = sorted(set(kerasgan.PRESETS) - {"stylegan2"})


@pytest.mark.parametrize("preset", MLP_PRESETS)
def test_preset_trains_on_ring_without_nan(preset):
    generator, discriminator = _pair(preset)
    gan = kerasgan.GAN(generator, discriminator, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss=preset,
                jit_compile=SHORT_RUN_JIT)
    data = kerasgan.data.load("ring", batch_size=50, num_samples=50 * STEPS, seed=0)
    before = [np.array(v) for v in generator.trainable_variables]
    history = gan.fit(data, epochs=1, verbose=0)
    for key, values in history.history.items():
        assert np.all(np.isfinite(values)), (key, values)
    assert int(gan.optimizer.iterations.numpy()) == STEPS
    after = [np.array(v) for v in generator.trainable_variables]
    assert any(not np.allclose(a, b) for a, b in zip(before, after))
    assert np.all(np.isfinite(gan.generate(200, seed=0)))
