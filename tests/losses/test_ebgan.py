"""EBGAN's energy: the discriminator's output, or the paper's norm (Eq. 6)."""

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan.step import DiscriminatorOutput, Step


def _step(x_real, x_fake, recon_real, recon_fake, logits=None):
    out = lambda r, x: DiscriminatorOutput(  # noqa: E731
        ops.convert_to_tensor(np.zeros((len(x), 1), "float32") if logits is None else logits),
        None, ops.convert_to_tensor(r))
    return Step(real=ops.convert_to_tensor(x_real), fake=ops.convert_to_tensor(x_fake),
                real_output=out(recon_real, x_real), fake_output=out(recon_fake, x_fake))


def test_norm_energy_is_the_l2_norm_of_the_reconstruction_error_of_a_whole_sample():
    # Zhao et al. 2017, Eq. 6: D(x) = ‖Dec(Enc(x)) − x‖. A 4x4x1 image off by 0.5 in every
    # entry has energy ‖·‖ = 0.5·√16 = 2 (its per-entry mean square is 0.25).
    x = np.zeros((2, 4, 4, 1), "float32")
    r = np.full((2, 4, 4, 1), 0.5, "float32")
    r[1] = 0.0  # a perfect reconstruction: energy 0
    loss = kerasgan.losses.EBGANLoss(margin=3.0, energy="norm")
    step = _step(x, x, r, r)
    np.testing.assert_allclose(float(loss.generator_loss(step)), (2.0 + 0.0) / 2, rtol=1e-5)
    # L_D = E D(x) + E max(0, m − D(G(z))) = 1 + ((3 − 2) + (3 − 0)) / 2
    np.testing.assert_allclose(float(loss.discriminator_loss(step)), 1.0 + 2.0, rtol=1e-5)
    # The default reads the logits as they are (the old behaviour, its margin scale).
    default = kerasgan.losses.EBGANLoss(margin=3.0)
    assert default.energy == "output"
    np.testing.assert_allclose(float(default.generator_loss(step)), 0.0)
    # The norm's gradient flows to the reconstruction.
    grad = ops.convert_to_numpy(kerasgan._backend.current().input_gradient(
        lambda rec: loss.generator_loss(_step(x, x, r, rec)), ops.convert_to_tensor(r)))
    np.testing.assert_allclose(grad[0], np.full((4, 4, 1), 0.5 / 2.0 / 2), rtol=1e-4)


def test_norm_energy_reads_the_autoencoder_discriminator_and_round_trips():
    d = kerasgan.models.autoencoder_discriminator(2, hidden_units=(16,), code_dim=4)
    x = np.random.default_rng(0).normal(size=(8, 2)).astype("float32")
    out = DiscriminatorOutput.from_output(d(x))
    step = Step(real=ops.convert_to_tensor(x), fake=ops.convert_to_tensor(x),
                real_output=out, fake_output=out)
    loss = kerasgan.losses.EBGANLoss(margin=2.0, energy="norm")
    recon = ops.convert_to_numpy(out.aux)
    expected = np.mean(np.sqrt(np.sum((recon - x) ** 2, axis=1)))
    np.testing.assert_allclose(float(loss.generator_loss(step)), expected, rtol=1e-5)
    config = keras.saving.serialize_keras_object(loss)
    assert keras.saving.deserialize_keras_object(config).energy == "norm"


def test_bad_energy_and_missing_reconstruction_name_the_problem():
    with pytest.raises(ValueError, match="`energy`.*Received: energy='l2'"):
        kerasgan.losses.EBGANLoss(energy="l2")
    loss = kerasgan.losses.EBGANLoss(energy="norm")
    with pytest.raises(ValueError, match="aux"):
        loss.generator_loss(Step.from_logits([1.0], [1.0], fake=ops.ones((1, 2))))
