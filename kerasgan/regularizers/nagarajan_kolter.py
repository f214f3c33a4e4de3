"""Nagarajan & Kolter 2017: the generator also descends ‖∇_φ V‖², D's gradient norm."""

import keras
from keras import ops

from kerasgan._utils import check_non_negative
from kerasgan.regularizers.base import Regularizer


@keras.saving.register_keras_serializable(package="kerasgan")
class NagarajanKolterPenalty(Regularizer):
    """The generator-side gradient penalty of Nagarajan & Kolter 2017.

    θ ← θ − α·∇_θ(L_G(θ, φ) + η‖∇_φ V(θ, φ)‖²)

    where V is the discriminator's objective (V = −L_D of the `GANLoss`) and
    φ the discriminator's weights: the generator moves toward points where
    the discriminator has nothing left to learn, which damps the rotation of
    gradient descent around the equilibrium and makes it locally
    asymptotically stable (the paper's Theorem 3.1, with the discriminator
    unregularized). It costs a second derivative through D in the
    generator's update. Nothing is added to the discriminator's loss. The
    logged value `g/nagarajan_kolter_penalty` is ‖∇_φ V‖², before η.

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss="non-saturating",
                regularizers=[kerasgan.regularizers.NagarajanKolterPenalty(0.5)])
    ```

    Args:
        eta: η, the penalty weight. Defaults to 0.5.
        name: Log name. Defaults to "nagarajan_kolter_penalty".

    Reference:
        Nagarajan & Kolter, "Gradient descent GAN optimization is locally
        stable", NeurIPS 2017, Sec. 3.2, Eq. 5 and Theorem 3.2.
    """

    players = ("generator",)

    def __init__(self, eta=0.5, *, name=None):
        super().__init__(check_non_negative("eta", eta), name=name)

    @property
    def eta(self):
        return self.weight

    def generator_penalty(self, step):
        game = step.game
        if game is None:
            raise ValueError(
                "NagarajanKolterPenalty needs `step.game` (the discriminator's loss as a "
                "function of its weights). Received: step.game=None; use it inside "
                "`GAN.fit`, or build the Step with `game=`."
            )
        g_weights = game.generator_weights()
        d_weights = game.discriminator_weights()
        loss = game.objective.loss
        d_grads = step.input_gradient(
            lambda w: loss.discriminator_loss(game.step(g_weights, w)), d_weights)
        total = ops.zeros((), "float32")
        for g in d_grads:
            total = total + ops.sum(ops.square(ops.cast(g, "float32")))
        return total

    def get_config(self):
        return {"eta": self.eta, "name": self.name}
