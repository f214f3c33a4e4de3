"""BEGAN's k_t: bounds, the paper's update, logging, save/load."""

import keras
import numpy as np
import pytest

import kerasgan
from tests.conftest import SHORT_RUN_JIT, ring_arrays
from tests.losses.autoencoder import autoencoder


def _gan(loss, seed=0):
    generator, _ = kerasgan.models.mlp(
        2, 2, hidden_units=(16,), discriminator_units=(16,), batch_norm=False,
        discriminator_activation="relu",
    )
    gan = kerasgan.GAN(generator, autoencoder(power=1), seed=seed)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss=loss,
                jit_compile=SHORT_RUN_JIT)
    return gan


def test_k_follows_the_paper_update_and_is_logged():
    loss = kerasgan.losses.BEGANLoss(gamma=0.5, lambda_k=0.1, initial_k=0.3)
    gan = _gan(loss)
    names = gan.objective.log_names()
    assert "d/k" in names and "g/m_global" in names
    np.testing.assert_allclose(float(loss.k.numpy()), 0.3)
    # The discriminator's step: L_D = L(x) - k_t L(G(z_D)); it leaves k_t alone.
    d_step = kerasgan.Step.from_logits([0.4, 0.6], [0.1, 0.2])
    _, logs = gan.objective.discriminator_loss(d_step)
    np.testing.assert_allclose(float(logs["d/k"]), 0.3)
    np.testing.assert_allclose(float(logs["d_loss"]), 0.5 - 0.3 * 0.15, rtol=1e-6)
    loss.after_discriminator_update(d_step)
    np.testing.assert_allclose(float(loss.k.numpy()), 0.3)
    # The generator's step: k_{t+1} = clip(k_t + λ (γ L(x) − L(G(z_G))), 0, 1)  (Eq. 4),
    # from the generator's own fakes (0.3, 0.5), not the discriminator's (0.1, 0.2).
    g_step = kerasgan.Step.from_logits([0.4, 0.6], [0.3, 0.5])
    _, logs = gan.objective.generator_loss(g_step)
    np.testing.assert_allclose(float(logs["g/m_global"]), 0.5 + abs(0.25 - 0.4), rtol=1e-6)
    loss.after_generator_update(g_step)
    np.testing.assert_allclose(float(loss.k.numpy()), 0.3 + 0.1 * (0.25 - 0.4), rtol=1e-6)


@pytest.mark.parametrize("real,fake,expected", [([10.0], [0.0], 1.0), ([0.0], [10.0], 0.0)])
def test_k_stays_in_unit_interval(real, fake, expected):
    loss = kerasgan.losses.BEGANLoss(gamma=1.0, lambda_k=1.0, initial_k=0.5)
    _gan(loss)
    loss.after_generator_update(kerasgan.Step.from_logits(real, fake))
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
    assert np.all(np.isfinite(history.history["g/m_global"]))
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
        kerasgan.losses.BEGANLoss().after_generator_update(
            kerasgan.Step.from_logits([1.0], [1.0])
        )


def _energy_ratio(gamma, steps, seed=0):
    """E[L(G(z))] / E[L(x)] over the second half of a BEGAN run on the ring, and k_t."""
    keras.utils.set_random_seed(seed)
    loss = kerasgan.losses.BEGANLoss(gamma=gamma, lambda_k=0.05)
    generator, _ = kerasgan.models.mlp(2, 2, hidden_units=(32,), discriminator_units=(16,),
                                       batch_norm=False)
    # A 1-D code: the autoencoder reconstructs the ring's manifold, not the whole plane.
    gan = kerasgan.GAN(generator, autoencoder(code_dim=1, power=1), seed=seed)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss=loss,
                jit_compile=SHORT_RUN_JIT)
    x = ring_arrays(64 * steps, seed=seed, std=0.05)[0]
    history = gan.fit(x, batch_size=64, epochs=2, steps_per_epoch=steps // 2, verbose=0).history
    # Epoch means of the main discriminator update's scores: L(x) and L(G(z)).
    return history["fake_score"][-1] / history["real_score"][-1], history["d/k"][-1]


@pytest.mark.slow
def test_controller_holds_the_equilibrium_the_paper_controls():
    # BEGAN Sec. 3.2-3.4, Eq. 4: k_t keeps E[L(G(z))] = γ E[L(x)], so the
    # measured ratio follows the γ it is given.
    ratios = {}
    for gamma in (0.3, 0.7):
        ratios[gamma], k = _energy_ratio(gamma, steps=500)
        assert 0.0 < k < 1.0, (gamma, k)  # mean k_t: the controller is active, not saturated
        assert abs(ratios[gamma] - gamma) < 0.12, ratios
    assert ratios[0.7] - ratios[0.3] > 0.25, ratios
