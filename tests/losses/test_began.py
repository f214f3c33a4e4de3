"""BEGAN's k_t: bounds, the paper's update, logging, save/load."""

import keras
import numpy as np
import pytest

import kerasgan
from tests.conftest import ring_arrays
from tests.losses.autoencoder import autoencoder


def _gan(loss, seed=0):
    generator, _ = kerasgan.models.mlp(
        2, 2, hidden_units=(16,), discriminator_units=(16,), batch_norm=False,
        discriminator_activation="relu",
    )
    gan = kerasgan.GAN(generator, autoencoder(power=1), seed=seed)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss=loss,
                jit_compile=False)
    return gan


def test_k_follows_the_paper_update_and_is_logged():
    loss = kerasgan.losses.BEGANLoss(gamma=0.5, lambda_k=0.1, initial_k=0.3)
    gan = _gan(loss)
    assert "d/k" in gan.objective.log_names() and "d/m_global" in gan.objective.log_names()
    np.testing.assert_allclose(float(loss.k.numpy()), 0.3)
    # One hand-made step: k_{t+1} = clip(k_t + λ (γ L(x) − L(G(z))), 0, 1)  (Eq. 4).
    step = kerasgan.Step.from_logits([0.4, 0.6], [0.1, 0.2])
    _, logs = gan.objective.discriminator_loss(step)
    np.testing.assert_allclose(float(logs["d/k"]), 0.3)
    np.testing.assert_allclose(float(logs["d/m_global"]), 0.5 + abs(0.5 * 0.5 - 0.15), rtol=1e-6)
    np.testing.assert_allclose(float(logs["d_loss"]), 0.5 - 0.3 * 0.15, rtol=1e-6)
    loss.after_discriminator_update(step)
    np.testing.assert_allclose(float(loss.k.numpy()), 0.3 + 0.1 * (0.25 - 0.15), rtol=1e-6)


@pytest.mark.parametrize("real,fake,expected", [([10.0], [0.0], 1.0), ([0.0], [10.0], 0.0)])
def test_k_stays_in_unit_interval(real, fake, expected):
    loss = kerasgan.losses.BEGANLoss(gamma=1.0, lambda_k=1.0, initial_k=0.5)
    _gan(loss)
    loss.after_discriminator_update(kerasgan.Step.from_logits(real, fake))
    assert float(loss.k.numpy()) == expected


def test_k_updates_during_fit_within_bounds_and_is_restored_by_save_load(tmp_path):
    loss = kerasgan.losses.BEGANLoss(gamma=0.5, lambda_k=0.05)
    gan = _gan(loss)
    x = ring_arrays(256)[0]
    history = gan.fit(x, batch_size=64, epochs=2, verbose=0)
    k = float(loss.k.numpy())
    assert 0.0 <= k <= 1.0 and k != 0.0
    logged = history.history["d/k"]
    assert all(0.0 <= v <= 1.0 for v in logged)
    assert np.all(np.isfinite(history.history["d/m_global"]))
    path = tmp_path / "began.keras"
    gan.save(path)
    loaded = keras.models.load_model(path)
    restored = loaded.objective.loss
    assert isinstance(restored, kerasgan.losses.BEGANLoss) and restored is not loss
    assert float(restored.k.numpy()) == k
    assert restored.k is loaded._state["began_k"]


def test_bad_arguments_name_the_argument():
    with pytest.raises(ValueError, match="gamma"):
        kerasgan.losses.BEGANLoss(gamma=0.0)
    with pytest.raises(TypeError, match="gamma"):
        kerasgan.losses.BEGANLoss(gamma="0.5")
    with pytest.raises(ValueError, match="lambda_k"):
        kerasgan.losses.BEGANLoss(lambda_k=-1.0)
    with pytest.raises(TypeError, match="lambda_k"):
        kerasgan.losses.BEGANLoss(lambda_k=None)
    with pytest.raises(ValueError, match="initial_k"):
        kerasgan.losses.BEGANLoss(initial_k=1.5)
    with pytest.raises(ValueError, match="compile"):
        kerasgan.losses.BEGANLoss().after_discriminator_update(
            kerasgan.Step.from_logits([1.0], [1.0])
        )
