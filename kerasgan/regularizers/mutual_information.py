"""InfoGAN's variational mutual-information term (Chen et al. 2016)."""

import math

import keras
from keras import ops

from kerasgan import priors
from kerasgan.layers.heads import code_output_dim
from kerasgan.regularizers.auxiliary import class_logits
from kerasgan.regularizers.base import Regularizer

_LOG_2PI = math.log(2.0 * math.pi)


def lower_bound(latents, q, code_slices):
    """L_I = Σ_codes E[log Q(c | x)] + H(c): InfoGAN's bound on I(c; G(z, c)), in nats.

    Args:
        latents: `(batch, dim)` latents from a `priors.Joint`.
        q: `(batch, width)` float32 output of a `LatentCodeHead`.
        code_slices: `Joint.code_slices`.

    Returns:
        `(total, per_code)`: float32 scalars.
    """
    codes = [c for c, _, _ in code_slices]
    fixed, learned = code_output_dim(codes, False), code_output_dim(codes, True)
    width = q.shape[-1]
    if width not in (fixed, learned):
        raise ValueError(
            f"MutualInformation: the discriminator's `aux` has width {width}, but the codes "
            f"{codes!r} need {fixed} (or {learned} with learned standard deviations). "
            "Build the head with kerasgan.layers.LatentCodeHead(gan.prior)."
        )
    learn_std = width != fixed
    terms, offset = [], 0
    for prior, start, stop in code_slices:
        c = ops.cast(latents[:, start:stop], "float32")
        if isinstance(prior, priors.Categorical):
            log_q = ops.log_softmax(q[:, offset : offset + prior.dim], axis=-1)
            log_lik = ops.sum(c * log_q, axis=-1)
            offset += prior.dim
        else:
            mean = q[:, offset : offset + prior.dim]
            offset += prior.dim
            log_std = ops.zeros_like(mean)
            if learn_std:
                log_std = ops.clip(q[:, offset : offset + prior.dim], -5.0, 5.0)
                offset += prior.dim
            z = (c - mean) * ops.exp(-log_std)
            log_lik = ops.sum(-0.5 * ops.square(z) - log_std - 0.5 * _LOG_2PI, axis=-1)
        terms.append(ops.mean(log_lik) + prior.entropy())
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return total, terms


@keras.saving.register_keras_serializable(package="kerasgan")
class MutualInformation(Regularizer):
    """InfoGAN: maximize a variational lower bound on I(c; G(z, c)).

    L_I(G, Q) = E_{c ~ P(c), x ~ G(z, c)}[log Q(c | x)] + H(c)  ≤  I(c; G(z, c))

    Both players add −L_I (times `weight`, λ in the paper) to their loss: the
    generator and Q (the `LatentCodeHead` on the discriminator's trunk, trained
    with the discriminator's update) make the codes recoverable from the samples.
    For a categorical code, log Q is the log-softmax of its logits; for a
    continuous code, a factored Gaussian log-density (σ = 1, or learned when
    the head predicts log σ). H(c) is the codes' entropy (log K for
    `Categorical(K)`), a constant that makes L_I a bound in nats.

    The GAN's prior must be a `kerasgan.priors.Joint`: the codes are read from
    its slices of the latents, and Q's estimates from the discriminator's `aux`
    output on the fakes. Logged: `g/mutual_information` and
    `d/mutual_information` (−L_I, the minimized term) and
    `g/mutual_information_bound` / `d/...` (L_I itself, which rises as the codes
    become recoverable; at most H(c) for categorical codes).

    Example:

    ```python
    prior = kerasgan.priors.Joint(noise=kerasgan.priors.Normal(62),
                                  code=kerasgan.priors.Categorical(10))
    gan = kerasgan.GAN(generator, discriminator, prior=prior)
    gan.compile(g_opt, d_opt, regularizers=[kerasgan.regularizers.MutualInformation(1.0)])
    ```

    Args:
        weight: λ. Defaults to 1.0 (the paper's value for discrete codes).
        name: Log name. Defaults to "mutual_information".

    Reference:
        Chen et al., "InfoGAN: Interpretable Representation Learning by
        Information Maximizing Generative Adversarial Nets", NeurIPS 2016,
        Sec. 5, Eq. 4-6.
    """

    def __init__(self, weight=1.0, *, name=None):
        super().__init__(weight, name=name)
        self.code_slices = None

    def log_names(self, player):
        return (f"{self.name}_bound",)

    def build(self, gan):
        if not isinstance(gan.prior, priors.Joint):
            raise ValueError(
                "MutualInformation needs latent codes: the GAN's `prior` must be a "
                "kerasgan.priors.Joint(noise=..., code=...). "
                f"Received: prior={gan.prior!r}"
            )
        self.code_slices = gan.prior.code_slices

    def _penalty(self, step):
        if self.code_slices is None:
            raise ValueError("MutualInformation is used before `build(gan)`; compile the GAN first.")
        q = class_logits(step.fake_output, type(self).__name__, "generated data")
        total, _ = lower_bound(step.latents, q, self.code_slices)
        return -total

    def discriminator_penalty(self, step):
        return self._penalty(step)

    def generator_penalty(self, step):
        return self._penalty(step)

    def logs(self, player, step, value):
        return {f"{self.name}_bound": -value}
