"""R3GAN's claim on the Dirac-GAN (Huang et al. 2024, Sec. 2.2 and Fig. 1): RpGAN alone
does not converge locally; RpGAN + R1 + R2 does (same harness as test_dirac.py)."""

import numpy as np
import pytest

import kerasgan
from kerasgan import regularizers as R
from tests.regularizers.dirac import train

STEPS = 1500


@pytest.mark.slow
@pytest.mark.every_backend
def test_rpgan_alone_does_not_converge_but_with_r1_and_r2_it_does():
    theta, psi = train("rpgan", [], steps=STEPS)
    assert not np.hypot(theta, psi) < 0.1, (theta, psi)
    # The "r3gan" preset's terms with γ = 1 (the preset's own γ is CIFAR-10's 0.05).
    objective = kerasgan.Objective("rpgan", [R.R1Penalty(1.0), R.R2Penalty(1.0)])
    theta, psi = train(objective, [], steps=STEPS)
    assert np.hypot(theta, psi) < 1e-3, (theta, psi)


def test_r3gan_preset_is_rpgan_with_r1_and_r2_every_step():
    objective = kerasgan.objective.get("r3gan")
    assert type(objective.loss) is kerasgan.losses.RelativisticLoss
    assert objective.loss.variant == "standard"
    r1, r2 = objective.regularizers
    assert (type(r1), type(r2)) == (R.R1Penalty, R.R2Penalty)
    assert r1.gamma == r2.gamma == 0.05 and r1.every == r2.every == 1
    assert objective.effective_discriminator_steps == 1
    # RpGAN: softplus(-(D(real) - D(fake))) for D, the mirror for G.
    step = kerasgan.Step.from_logits([2.0, -1.0], [0.5, 0.0])
    d = float(objective.loss.discriminator_loss(step))
    g = float(objective.loss.generator_loss(step))
    assert np.isclose(d, np.mean(np.logaddexp(0, -np.array([1.5, -1.0]))), atol=1e-6)
    assert np.isclose(g, np.mean(np.logaddexp(0, np.array([1.5, -1.0]))), atol=1e-6)
