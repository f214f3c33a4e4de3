"""MIX+GAN (Arora et al. 2017): learned weights of a mixture of generators."""

import keras
from keras import ops

from kerasgan._utils import check_number
from kerasgan.regularizers.base import Regularizer


@keras.saving.register_keras_serializable(package="kerasgan")
class MixGAN(Regularizer):
    """MIX+GAN: trains the weights w = softmax(α) of a `GeneratorMixture`.

    R = Σ_k w_k · sg(L_G(G_k)) − β · H(w),   H(w) = −Σ_k w_k log w_k

    where L_G(G_k) is the GAN loss's generator term on component k's samples
    of the step's latents (sg: no gradient to the components). Its gradient
    with respect to α is the exact gradient of the expected generator payoff
    Σ_k w_k L_G(G_k) of the mixed strategy; the components themselves learn
    from their own samples in the ordinary generator loss, and the
    discriminator's loss on the mixture's samples is its expected payoff.
    The entropy term (β = `entropy_weight`) keeps the weights from
    collapsing on one component, as in the paper. Costs one extra generator
    and discriminator pass per component in each generator update. Logged:
    `g/<name>_entropy` (H(w), at most log T).

    Example:

    ```python
    parts = [kerasgan.models.mlp(2, 2, hidden_units=(64, 64))[0] for _ in range(4)]
    gan = kerasgan.GAN(kerasgan.models.GeneratorMixture(parts), discriminator)
    gan.compile(g_opt, d_opt, regularizers=[kerasgan.regularizers.MixGAN()])
    ```

    Args:
        weight: Multiplier of R. Defaults to 1.0.
        entropy_weight: β, the weight of the entropy regularizer. Defaults to 1.0.
        name: Log name. Defaults to "mix_gan".

    Reference:
        Arora, Ge, Liang, Ma & Zhang, "Generalization and Equilibrium in
        Generative Adversarial Nets (GANs)", ICML 2017, Sec. 5 (MIX+GAN:
        softmax mixture weights trained by backpropagation, with an entropy
        regularizer).
    """

    players = ("generator",)

    def __init__(self, weight=1.0, *, entropy_weight=1.0, name=None):
        super().__init__(weight, name=name)
        self.entropy_weight = float(check_number("entropy_weight", entropy_weight, low=0.0))
        self._mixture = None

    def build(self, gan):
        from kerasgan.models.mixture import GeneratorMixture

        if not isinstance(gan.generator, GeneratorMixture):
            raise ValueError(
                "MixGAN learns mixture weights: the GAN's generator must be a "
                "kerasgan.models.GeneratorMixture. Received: generator="
                f"{gan.generator.name!r} of type {type(gan.generator).__name__}."
            )
        if gan.conditional:
            raise ValueError("MixGAN supports unconditional GANs only. Received a conditional generator.")
        self._mixture = gan.generator

    def log_names(self, player):
        return (f"{self.name}_entropy",) if player == "generator" else ()

    def _entropy(self, w):
        return -ops.sum(w * ops.log(ops.maximum(w, 1e-12)))

    def generator_penalty(self, step):
        if self._mixture is None:
            raise ValueError("MixGAN is used before `build(gan)`; compile the GAN first.")
        w = self._mixture.mixture_weights()
        z = self._mixture.component_latents(step.latents)
        loss = step.game.objective.loss
        payoff = 0.0
        for k, component in enumerate(self._mixture.components):
            fake = component(z, training=True)
            scored = step._replace(fake=fake, fake_output=step.discriminator(fake))
            payoff = payoff + w[k] * ops.stop_gradient(loss.generator_loss(scored))
        return payoff - self.entropy_weight * self._entropy(w)

    def logs(self, player, step, value):
        if player != "generator":
            return {}
        return {f"{self.name}_entropy": self._entropy(self._mixture.mixture_weights())}

    def get_config(self):
        return {**super().get_config(), "entropy_weight": self.entropy_weight}
