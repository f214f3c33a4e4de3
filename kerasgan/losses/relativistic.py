"""Relativistic GAN objectives (Jolicoeur-Martineau 2018): paired and averaged."""

import keras
from keras import ops

from kerasgan.losses.base import GANLoss, mean

VARIANTS = ("standard", "least_squares", "hinge")


def _check_variant(variant):
    if variant not in VARIANTS:
        raise ValueError(
            f"`variant` must be one of {VARIANTS}. Received: variant={variant!r}"
        )
    return variant


def _wants_real(variant, d):
    """Loss of a relativistic score `d` that should be large ("real is more real")."""
    if variant == "standard":
        return mean(ops.softplus(-d))  # -log sigmoid(d)
    if variant == "least_squares":
        return mean(ops.square(d - 1.0))
    return mean(ops.relu(1.0 - d))


def _wants_fake(variant, d):
    """Loss of a relativistic score `d` that should be small ("fake is less real")."""
    if variant == "standard":
        return mean(ops.softplus(d))  # -log(1 - sigmoid(d))
    if variant == "least_squares":
        return mean(ops.square(d + 1.0))
    return mean(ops.relu(1.0 + d))


def _logits(step):
    return (
        ops.cast(step.real_output.logits, "float32"),
        ops.cast(step.fake_output.logits, "float32"),
    )


class _Relativistic(GANLoss):
    generator_needs_real = True

    def __init__(self, variant="standard", *, name=None):
        super().__init__(name=name)
        self.variant = _check_variant(variant)

    def get_config(self):
        return {**super().get_config(), "variant": self.variant}


@keras.saving.register_keras_serializable(package="kerasgan")
class RelativisticLoss(_Relativistic):
    """The relativistic paired loss (RSGAN and its least-squares / hinge forms).

    With C the critic's raw output and (x_r, x_f) a real and a generated sample
    paired by their position in the batch (element by element for patch
    outputs):

    standard:       L_D = −E[log σ(C(x_r) − C(x_f))],  L_G = −E[log σ(C(x_f) − C(x_r))]
    least_squares:  L_D = E[(C(x_r) − C(x_f) − 1)²],    L_G = E[(C(x_f) − C(x_r) − 1)²]
    hinge:          L_D = E[max(0, 1 − (C(x_r) − C(x_f)))], L_G likewise with roles swapped

    D estimates the probability that real data is more realistic than fake
    data, so the generator's loss also reads D on real data.

    Example:

    ```python
    loss = kerasgan.losses.RelativisticLoss("standard")     # RSGAN
    float(loss.generator_loss(kerasgan.Step.from_logits([1.0], [1.0])))  # log 2
    ```

    Args:
        variant: "standard", "least_squares" or "hinge". Defaults to "standard".
        name: Log name. Defaults to "relativistic_loss".

    Reference:
        Jolicoeur-Martineau, "The relativistic discriminator: a key element
        missing from standard GAN", ICLR 2019 (arXiv:1807.00734), Sec. 4.2
        (RSGAN), Sec. 4.3 and Algorithm 1 (general RGAN with f1, f2, g1, g2).
    """

    def discriminator_loss(self, step):
        real, fake = _logits(step)
        return _wants_real(self.variant, real - fake)

    def generator_loss(self, step):
        real, fake = _logits(step)
        return _wants_real(self.variant, fake - real)


@keras.saving.register_keras_serializable(package="kerasgan")
class RelativisticAverageLoss(_Relativistic):
    """The relativistic average loss (RaGAN, RaLSGAN, RaHingeGAN).

    Each sample is compared with the *mean* critic output on the other kind:
    D̃(x_r) = C(x_r) − E[C(x_f)],  D̃(x_f) = C(x_f) − E[C(x_r)]. With ℓ⁺ the
    variant's loss for a score that should be high and ℓ⁻ for one that
    should be low (standard: −log σ(d) and −log(1 − σ(d)); least_squares:
    (d − 1)² and (d + 1)²; hinge: max(0, 1 − d) and max(0, 1 + d)):

    L_D = E_x_r[ℓ⁺(D̃(x_r))] + E_x_f[ℓ⁻(D̃(x_f))]
    L_G = E_x_f[ℓ⁺(D̃(x_f))] + E_x_r[ℓ⁻(D̃(x_r))]

    Example:

    ```python
    loss = kerasgan.losses.RelativisticAverageLoss("least_squares")   # RaLSGAN
    step = kerasgan.Step.from_logits([1.0, 3.0], [0.0, 0.0])
    float(loss.discriminator_loss(step))
    ```

    Args:
        variant: "standard", "least_squares" or "hinge". Defaults to "standard".
        name: Log name. Defaults to "relativistic_average_loss".

    Reference:
        Jolicoeur-Martineau, "The relativistic discriminator: a key element
        missing from standard GAN", ICLR 2019 (arXiv:1807.00734), Sec. 4.4
        and Algorithm 2 (RaGAN); Appendix (RaLSGAN and RaHingeGAN losses).
    """

    def _scores(self, step):
        real, fake = _logits(step)
        return real - ops.mean(fake), fake - ops.mean(real)

    def discriminator_loss(self, step):
        real_rel, fake_rel = self._scores(step)
        return _wants_real(self.variant, real_rel) + _wants_fake(self.variant, fake_rel)

    def generator_loss(self, step):
        real_rel, fake_rel = self._scores(step)
        return _wants_real(self.variant, fake_rel) + _wants_fake(self.variant, real_rel)
