"""f-GAN: variational divergence minimization (Nowozin, Cseke & Tomioka 2016)."""

import math

import keras
from keras import ops

from kerasgan.losses.base import GANLoss, mean

# Exponentials are evaluated on v clipped to this range so that the loss and its
# gradient stay finite in float32 (exp(50) ≈ 5e21); inside it the loss is exact.
_CLIP = 50.0
_LOG2 = math.log(2.0)


def _clip(v):
    return ops.clip(v, -_CLIP, _CLIP)


# name: (activation g_f(v), conjugate f*(t), stable f*(g_f(v)))  — Nowozin Table 2.
_TABLE = {
    "kl": (
        lambda v: v,
        lambda t: ops.exp(t - 1.0),
        lambda v: ops.exp(_clip(v) - 1.0),
    ),
    "reverse_kl": (
        lambda v: -ops.exp(-v),
        lambda t: -1.0 - ops.log(-t),
        lambda v: v - 1.0,
    ),
    "pearson_chi2": (
        lambda v: v,
        lambda t: 0.25 * ops.square(t) + t,
        lambda v: 0.25 * ops.square(v) + v,
    ),
    "neyman_chi2": (
        lambda v: 1.0 - ops.exp(-v),
        lambda t: 2.0 - 2.0 * ops.sqrt(1.0 - t),
        lambda v: 2.0 - 2.0 * ops.exp(-0.5 * _clip(v)),
    ),
    "squared_hellinger": (
        lambda v: 1.0 - ops.exp(-v),
        lambda t: t / (1.0 - t),
        lambda v: ops.exp(_clip(v)) - 1.0,
    ),
    "jensen_shannon": (
        lambda v: _LOG2 - ops.softplus(-v),
        lambda t: -ops.log(2.0 - ops.exp(t)),
        lambda v: ops.softplus(v) - _LOG2,
    ),
    "gan": (
        lambda v: -ops.softplus(-v),
        lambda t: -ops.log(1.0 - ops.exp(t)),
        lambda v: ops.softplus(v),
    ),
    "total_variation": (
        lambda v: 0.5 * ops.tanh(v),
        lambda t: t,
        lambda v: 0.5 * ops.tanh(v),
    ),
}

# Stable activations: the exponentials of g_f clipped like the conjugates.
_STABLE_ACTIVATION = {
    "reverse_kl": lambda v: -ops.exp(-_clip(v)),
    "neyman_chi2": lambda v: 1.0 - ops.exp(-_clip(v)),
    "squared_hellinger": lambda v: 1.0 - ops.exp(-_clip(v)),
}

DIVERGENCES = tuple(_TABLE)


@keras.saving.register_keras_serializable(package="kerasgan")
class FGANLoss(GANLoss):
    """The f-GAN loss for one of Nowozin et al.'s f-divergences.

    D's raw output v is mapped to T(x) = g_f(v(x)) by the divergence's output
    activation g_f, which keeps T inside the domain of the Fenchel conjugate
    f*. The variational lower bound of D_f(P ‖ Q) (the paper's Eq. 6) is

    F = E_x~P[T(x)] − E_x~Q[f*(T(x))],   and   F = D_f(P ‖ Q) at T*(x) = f′(p(x)/q(x)).

    D maximizes F: L_D = −E_x[g_f(v(x))] + E_z[f*(g_f(v(G(z))))]. The
    generator minimizes F: L_G = −E_z[f*(g_f(v(G(z))))] with
    `non_saturating=False`, or, by default, maximizes E_z[g_f(v(G(z)))]:
    L_G = −E_z[g_f(v(G(z)))] — the alternative the paper uses in its
    experiments (Sec. 3.2), with stronger gradients early in training.

    | divergence | g_f(v) | f*(t) |
    |---|---|---|
    | "kl" | v | exp(t − 1) |
    | "reverse_kl" | −exp(−v) | −1 − log(−t) |
    | "pearson_chi2" | v | t²/4 + t |
    | "neyman_chi2" | 1 − exp(−v) | 2 − 2√(1 − t) |
    | "squared_hellinger" | 1 − exp(−v) | t / (1 − t) |
    | "jensen_shannon" | log 2 − log(1 + exp(−v)) | −log(2 − exp(t)) |
    | "gan" | −log(1 + exp(−v)) | −log(1 − exp(t)) |
    | "total_variation" | ½ tanh(v) | t |

    f*(g_f(v)) is evaluated in a closed, overflow-free form (e.g. softplus(v)
    for "gan"); exponentials see v clipped to [−50, 50], so the loss and its
    gradients stay finite in float32 at any logit. `activation(v)` and
    `conjugate(t)` expose g_f and f* as written in the paper.

    Example:

    ```python
    loss = kerasgan.losses.FGANLoss("pearson_chi2")
    step = kerasgan.Step.from_logits([1.0, 2.0], [0.0, -1.0])
    float(loss.discriminator_loss(step))
    ```

    Args:
        divergence: One of "kl", "reverse_kl", "pearson_chi2", "neyman_chi2",
            "squared_hellinger", "jensen_shannon", "gan", "total_variation".
            Defaults to "jensen_shannon".
        non_saturating: Use the generator loss −E[g_f(v(G(z)))] instead of the
            saddle-point −E[f*(g_f(v(G(z))))]. Defaults to True.
        name: Log name. Defaults to "fgan_loss".

    Reference:
        Nowozin, Cseke & Tomioka, "f-GAN: Training Generative Neural Samplers
        using Variational Divergence Minimization", NeurIPS 2016, Eq. 6
        (the objective), Table 2 (activations g_f and conjugates f*),
        Sec. 3.2 (the alternative generator objective).
    """

    def __init__(self, divergence="jensen_shannon", *, non_saturating=True, name=None):
        if divergence not in _TABLE:
            raise ValueError(
                f"`divergence` must be one of {DIVERGENCES}. Received: divergence={divergence!r}"
            )
        if not isinstance(non_saturating, bool):
            raise TypeError(
                f"`non_saturating` must be True or False. Received: non_saturating={non_saturating!r}"
            )
        super().__init__(name=name or "fgan_loss")
        self.divergence = divergence
        self.non_saturating = non_saturating

    def activation(self, v):
        """g_f(v): D's raw output mapped into the domain of f* (Table 2)."""
        return _TABLE[self.divergence][0](v)

    def conjugate(self, t):
        """f*(t), the Fenchel conjugate of f (Table 2)."""
        return _TABLE[self.divergence][1](t)

    def _t(self, v):
        return _STABLE_ACTIVATION.get(self.divergence, _TABLE[self.divergence][0])(v)

    def _conjugate_of_activation(self, v):
        return _TABLE[self.divergence][2](v)

    def discriminator_loss(self, step):
        real = ops.cast(step.real_output.logits, "float32")
        fake = ops.cast(step.fake_output.logits, "float32")
        return -mean(self._t(real)) + mean(self._conjugate_of_activation(fake))

    def generator_loss(self, step):
        fake = ops.cast(step.fake_output.logits, "float32")
        if self.non_saturating:
            return -mean(self._t(fake))
        return -mean(self._conjugate_of_activation(fake))

    def get_config(self):
        return {
            **super().get_config(),
            "divergence": self.divergence,
            "non_saturating": self.non_saturating,
        }
