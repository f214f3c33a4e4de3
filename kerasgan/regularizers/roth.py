"""Roth et al. 2017: the JS-GAN gradient-norm regularizer, weighted by D on each side."""

import keras
from keras import ops

from kerasgan._utils import check_non_negative, check_number, check_positive_int
from kerasgan.regularizers.base import Regularizer


def _logit_and_gradient(step, x):
    """Per-sample logits φ(x) and ‖∇_x φ(x)‖², float32."""

    def logits(inputs):
        return step.discriminator(inputs).logits

    x = ops.convert_to_tensor(x)
    grads = ops.cast(step.input_gradient(logits, x), "float32")
    squared = ops.sum(ops.square(grads), axis=list(range(1, len(grads.shape))))
    phi = ops.cast(logits(x), "float32")
    if len(phi.shape) > 1 and any(d != 1 for d in phi.shape[1:]):
        raise ValueError(
            "RothPenalty needs one logit per sample (the discriminator of a JS-GAN). "
            f"Received: logits of shape {tuple(phi.shape)}."
        )
    return ops.reshape(phi, (-1,)), squared


@keras.saving.register_keras_serializable(package="kerasgan")
class RothPenalty(Regularizer):
    """The regularizer of Roth et al. 2017 for the JS-GAN (non-saturating/minimax loss).

    Ω = E_{x~P}[(1 − D(x))² ‖∇φ(x)‖²] + E_{x~Q}[D(x)² ‖∇φ(x)‖²],   D = σ(φ)

    added to the discriminator's loss as (γ_t/2)·Ω, with φ the logit, P the
    data and Q the generator's distribution (the fakes are constants here).
    It is the closed-form, first-order effect of training on noise-convolved
    data (instance noise) on the f-divergence, so it smooths D without
    sampling noise; each side's gradient norm is weighted by how wrong D is
    there. On the Dirac-GAN it turns plain gradient descent's circling into
    convergence. With `anneal_steps=T`, γ_t = γ·decay^(t/T) (exponential
    annealing; the paper anneals γ toward zero during training).

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss="non-saturating",
                regularizers=[kerasgan.regularizers.RothPenalty(2.0)])
    ```

    Args:
        gamma: γ. Defaults to 2.0 (the paper's value for its image GANs).
        anneal_steps: T, the steps over which γ is multiplied by `decay`;
            None keeps γ constant. Defaults to None.
        decay: The factor γ has shrunk by after `anneal_steps`, in (0, 1].
            Defaults to 0.01.
        name: Log name. Defaults to "roth_penalty". The logged value is
            ½Ω·(γ_t/γ), before γ.

    Reference:
        Roth, Lucchi, Nowozin & Hofmann, "Stabilizing Training of Generative
        Adversarial Networks through Regularization", NeurIPS 2017, Sec. 3,
        Corollary 2 (Eq. 16, the JS-GAN regularizer) and Algorithm 1.
    """

    players = ("discriminator",)

    def __init__(self, gamma=2.0, *, anneal_steps=None, decay=0.01, name=None):
        super().__init__(check_non_negative("gamma", gamma), name=name)
        self.anneal_steps = check_positive_int("anneal_steps", anneal_steps, allow_none=True)
        self.decay = float(check_number("decay", decay, low=0.0, low_open=True, high=1.0,
                                        type_error=ValueError))

    @property
    def gamma(self):
        return self.weight

    def annealing(self, iteration):
        """γ_t / γ at GAN step `iteration` (float32 scalar)."""
        if self.anneal_steps is None or iteration is None:
            return ops.ones((), "float32")
        t = ops.cast(iteration, "float32") / float(self.anneal_steps)
        return ops.power(ops.convert_to_tensor(self.decay, "float32"), t)

    def discriminator_penalty(self, step):
        real_logit, real_grad = _logit_and_gradient(step, step.real)
        fake_logit, fake_grad = _logit_and_gradient(step, ops.stop_gradient(step.fake))
        omega = (ops.mean(ops.square(1.0 - ops.sigmoid(real_logit)) * real_grad)
                 + ops.mean(ops.square(ops.sigmoid(fake_logit)) * fake_grad))
        return 0.5 * omega * self.annealing(step.iteration)

    def get_config(self):
        return {"gamma": self.gamma, "anneal_steps": self.anneal_steps, "decay": self.decay,
                "name": self.name}
