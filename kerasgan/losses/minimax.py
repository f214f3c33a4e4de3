"""The original GAN objective (Goodfellow et al. 2014) in both generator forms."""

import keras
from keras import ops

from kerasgan._utils import check_number
from kerasgan.losses.base import GANLoss, mean


def _check_label(name, value):
    return float(check_number(name, value, low=0, high=1, type_error=ValueError))


def _bce_with_logits(logits, target):
    """Binary cross-entropy of sigmoid(logits) against a constant target, stable at any logit."""
    logits = ops.cast(logits, "float32")
    # t*softplus(-l) + (1-t)*softplus(l) = -[t log s(l) + (1-t) log(1-s(l))]
    return mean(target * ops.softplus(-logits) + (1.0 - target) * ops.softplus(logits))


_MAX_LOGIT = 80.0


class _CrossEntropyLoss(GANLoss):
    def __init__(self, *, real_label=1.0, fake_label=0.0, name=None):
        super().__init__(name=name)
        self.real_label = _check_label("real_label", real_label)
        self.fake_label = _check_label("fake_label", fake_label)

    def discriminator_loss(self, step):
        return _bce_with_logits(step.real_output.logits, self.real_label) + _bce_with_logits(
            step.fake_output.logits, self.fake_label
        )

    def get_config(self):
        return {**super().get_config(), "real_label": self.real_label, "fake_label": self.fake_label}


@keras.saving.register_keras_serializable(package="kerasgan")
class NonSaturatingLoss(_CrossEntropyLoss):
    """The non-saturating GAN loss: the generator maximizes log D(G(z)).

    With D(x) = sigmoid(l(x)):

    L_D = -E_x[log D(x)] - E_z[log(1 - D(G(z)))]
    L_G = -E_z[log D(G(z))]

    The generator's gradient does not vanish when D confidently rejects its
    samples, which is why Goodfellow et al. recommend it in practice. Label
    smoothing (Salimans et al. 2016) replaces the targets 1 and 0 by
    `real_label` and `fake_label` in the discriminator's loss; one-sided
    smoothing (`real_label=0.9`) is the recommended form.

    Example:

    ```python
    loss = kerasgan.losses.NonSaturatingLoss(real_label=0.9)
    step = kerasgan.Step.from_logits([3.0], [-3.0])
    float(loss.discriminator_loss(step))
    ```

    Args:
        real_label: Target for real samples in D's loss. Defaults to 1.0.
        fake_label: Target for generated samples in D's loss. Defaults to 0.0.
        name: Log name. Defaults to "non_saturating_loss".

    Reference:
        Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014, Sec. 3
        (the log D trick after Eq. 1). Salimans et al., "Improved Techniques for
        Training GANs", NeurIPS 2016, Sec. 3.4 (one-sided label smoothing).
    """

    def generator_loss(self, step):
        return _bce_with_logits(step.fake_output.logits, 1.0)


@keras.saving.register_keras_serializable(package="kerasgan")
class MinimaxLoss(_CrossEntropyLoss):
    """The minimax GAN loss, with the saturating generator objective.

    L_D = -E_x[log D(x)] - E_z[log(1 - D(G(z)))]
    L_G = E_z[log(1 - D(G(z)))]

    This is the zero-sum game of the paper's Eq. 1: its value at the optimal
    discriminator is 2·JSD(p_data ‖ p_g) - log 4. The generator's gradient
    vanishes when D rejects its samples with confidence; prefer
    `NonSaturatingLoss` for training.

    Example:

    ```python
    loss = kerasgan.losses.MinimaxLoss()
    float(loss.generator_loss(kerasgan.Step.from_logits(fake_logits=[0.0])))  # log(1/2)
    ```

    Args:
        real_label: Target for real samples in D's loss. Defaults to 1.0.
        fake_label: Target for generated samples in D's loss. Defaults to 0.0.
        name: Log name. Defaults to "minimax_loss".

    Reference:
        Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014, Eq. 1.
    """

    def generator_loss(self, step):
        # log(1 - sigmoid(l)) = -softplus(l)
        return -mean(ops.softplus(ops.cast(step.fake_output.logits, "float32")))


@keras.saving.register_keras_serializable(package="kerasgan")
class MaximumLikelihoodLoss(_CrossEntropyLoss):
    """The maximum-likelihood generator cost: the generator minimizes KL(p_data ‖ p_g).

    With D(x) = sigmoid(l(x)), so that σ⁻¹(D(x)) = l(x):

    L_D = -E_x[log D(x)] - E_z[log(1 - D(G(z)))]
    L_G = -½ E_z[exp(σ⁻¹(D(G(z))))] = -½ E_z[exp(l(G(z)))]

    At the optimal discriminator exp(l*(x)) = p_data(x) / p_g(x), and the
    generator's expected gradient is ½ ∇KL(p_data ‖ p_g): minimizing L_G is
    maximum-likelihood learning of p_g (up to the ½ of the tutorial's halved
    game costs). The discriminator's loss is the cross-entropy of the other
    `Minimax` losses. exp(l) grows without bound with D's confidence; the
    tutorial notes this cost's gradient is dominated by the few samples D
    finds most real. Logits above 80 are clipped (exp(80) ≈ 5.5e34) so the
    loss stays finite in float32.

    Example:

    ```python
    loss = kerasgan.losses.MaximumLikelihoodLoss()
    float(loss.generator_loss(kerasgan.Step.from_logits(fake_logits=[0.0])))  # -0.5
    # or: loss="maximum-likelihood"
    ```

    Args:
        real_label: Target for real samples in D's loss. Defaults to 1.0.
        fake_label: Target for generated samples in D's loss. Defaults to 0.0.
        name: Log name. Defaults to "maximum_likelihood_loss".

    Reference:
        Goodfellow, "NIPS 2016 Tutorial: Generative Adversarial Networks",
        arXiv:1701.00160, Sec. 3.2.3 (the maximum likelihood game);
        Goodfellow, "On distinguishability criteria for estimating
        generative models", ICLR 2015 workshop.
    """

    def generator_loss(self, step):
        logits = ops.cast(step.fake_output.logits, "float32")
        # exp overflows float32 above l ≈ 88: logits beyond _MAX_LOGIT give no gradient.
        return -0.5 * mean(ops.exp(ops.minimum(logits, _MAX_LOGIT)))
