"""Gradient penalty on interpolates between real and generated samples."""

import keras
from keras import ops

from kerasgan._utils import check_non_negative
from kerasgan.regularizers.base import Regularizer


def gradient_norm(step, x):
    """Per-sample L2 norm of d(sum D(x))/dx, with an epsilon inside the sqrt.

    The epsilon keeps the norm's own gradient finite where the input gradient
    is exactly zero (sqrt has an infinite derivative at 0).
    """

    def logits(inputs):
        return step.discriminator(inputs).logits

    grads = ops.cast(step.input_gradient(logits, x), "float32")
    axes = list(range(1, len(grads.shape)))
    return ops.sqrt(ops.sum(ops.square(grads), axis=axes) + 1e-12)


def interpolate(step, real, fake):
    """x̂ = ε·real + (1-ε)·fake with ε ~ U[0, 1] drawn once per sample."""
    batch = ops.shape(real)[0]
    eps_shape = (batch,) + (1,) * (len(real.shape) - 1)
    eps = keras.random.uniform(eps_shape, 0.0, 1.0, seed=step.seed_generator, dtype=real.dtype)
    return eps * real + (1.0 - eps) * ops.cast(fake, real.dtype)


@keras.saving.register_keras_serializable(package="kerasgan")
class GradientPenalty(Regularizer):
    """WGAN-GP's penalty on the critic's gradient norm at random interpolates.

    P = E_x̂[(‖∇_x̂ D(x̂)‖₂ - target)²],   x̂ = ε x + (1-ε) G(z),  ε ~ U[0, 1]

    added to the discriminator's loss with `weight` (λ = 10 in the paper).
    `one_sided=True` penalizes only norms above `target`:
    E[max(0, ‖∇D(x̂)‖ - target)²] (Petzka et al. 2018). `target=0` gives the
    zero-centred penalty that makes the Dirac-GAN converge (Mescheder 2018).

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss="wasserstein",
                regularizers=[kerasgan.regularizers.GradientPenalty(10.0)])
    ```

    Args:
        weight: λ. Defaults to 10.0.
        target: The norm the penalty pulls toward. Defaults to 1.0.
        one_sided: Penalize only norms above `target`. Defaults to False.
        name: Log name. Defaults to "gradient_penalty".

    Reference:
        Gulrajani et al., "Improved Training of Wasserstein GANs", NeurIPS 2017,
        Eq. 3 and Algorithm 1. Petzka, Fischer & Lukovnikov, "On the
        regularization of Wasserstein GANs", ICLR 2018, Eq. 8 (one-sided).
    """

    players = ("discriminator",)

    def __init__(self, weight=10.0, *, target=1.0, one_sided=False, name=None):
        super().__init__(weight, name=name)
        self.target = float(check_non_negative("target", target))
        self.one_sided = bool(one_sided)

    def discriminator_penalty(self, step):
        x_hat = interpolate(step, step.real, step.fake)
        excess = gradient_norm(step, x_hat) - self.target
        if self.one_sided:
            excess = ops.relu(excess)
        return ops.mean(ops.square(excess))

    def get_config(self):
        return {**super().get_config(), "target": self.target, "one_sided": self.one_sided}


@keras.saving.register_keras_serializable(package="kerasgan")
class DRAGANPenalty(Regularizer):
    """DRAGAN's gradient penalty around the real data.

    P = E[(‖∇_x̂ D(x̂)‖₂ - target)²],   x̂ = x + α·δ,
    δ = scale·std(x)·u,  u ~ U[0, 1) per element,  α ~ U[0, 1] per sample

    added to the discriminator's loss with `weight` (λ = 10 in the paper).
    Unlike `GradientPenalty`, the points are perturbations of the real batch
    alone, which keeps the discriminator smooth near the data and avoids the
    sharp gradients that go with mode collapse. `std(x)` is the standard
    deviation of the whole real batch.

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss="non-saturating",
                regularizers=[kerasgan.regularizers.DRAGANPenalty(10.0)])
    ```

    Args:
        weight: λ. Defaults to 10.0.
        scale: The perturbation size as a multiple of the batch's standard
            deviation (c = 0.5 in the authors' code). Defaults to 0.5.
        target: The norm the penalty pulls toward (k). Defaults to 1.0.
        name: Log name. Defaults to "dragan_penalty".

    Reference:
        Kodali, Abernethy, Hays & Kira, "On Convergence and Stability of
        GANs", arXiv:1705.07215, 2017, the section introducing DRAGAN (the
        penalty λ·E_{x, δ}[(‖∇D(x + δ)‖ - k)²] on perturbed real data).
    """

    players = ("discriminator",)

    def __init__(self, weight=10.0, *, scale=0.5, target=1.0, name=None):
        super().__init__(weight, name=name)
        self.scale = float(check_non_negative("scale", scale))
        self.target = float(check_non_negative("target", target))

    def perturb(self, step):
        """x + α·δ for the real batch of `step`."""
        real = ops.cast(step.real, "float32")
        u = keras.random.uniform(ops.shape(real), 0.0, 1.0, seed=step.seed_generator)
        noisy = real + self.scale * ops.std(real) * u
        return interpolate(step, noisy, real)

    def discriminator_penalty(self, step):
        excess = gradient_norm(step, self.perturb(step)) - self.target
        return ops.mean(ops.square(excess))

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "target": self.target}
