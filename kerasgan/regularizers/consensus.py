"""Consensus optimization: both players descend the norm of the game's gradient field."""

import keras
from keras import ops

from kerasgan._utils import check_non_negative
from kerasgan.regularizers.base import Regularizer


def gradient_field(step):
    """v = (∇_φ L_D, ∇_θ L_G): each player's gradient of its own `GANLoss`.

    Returns `(d_grads, g_grads)`, lists of tensors in the order of the
    networks' trainable weights; differentiable again with respect to both.
    """
    game = step.game
    if game is None:
        raise ValueError(
            "ConsensusOptimization needs `step.game` (both players' losses as "
            "functions of their weights). Received: step.game=None; use it inside "
            "`GAN.fit`, or build the Step with `game=`."
        )
    g_weights = game.generator_weights()
    d_weights = game.discriminator_weights()
    d_grads = step.input_gradient(lambda w: game.losses(g_weights, w)[0], d_weights)
    g_grads = step.input_gradient(lambda w: game.losses(w, d_weights)[1], g_weights)
    return d_grads, g_grads


def half_squared_norm(tensors):
    total = ops.zeros((), "float32")
    for t in tensors:
        total = total + ops.sum(ops.square(ops.cast(t, "float32")))
    return 0.5 * total


@keras.saving.register_keras_serializable(package="kerasgan")
class ConsensusOptimization(Regularizer):
    """Consensus optimization: both players also minimize γ·½‖v‖².

    L(θ, φ) = ½‖v(θ, φ)‖²,   v = (∇_θ L_G(θ, φ), ∇_φ L_D(θ, φ))
    θ ← θ - η·∇_θ(L_G + γL),   φ ← φ - η·∇_φ(L_D + γL)

    where v is the gradient field of the game (each player's gradient of its
    own loss). The extra term pulls both players toward points where the
    field vanishes and damps the rotation that makes plain gradient descent
    circle around an equilibrium whose Jacobian has imaginary eigenvalues.
    It costs second derivatives through both networks (about three times a
    plain step). The logged value `d/consensus_optimization` (and `g/...`)
    is ½‖v‖².

    Example:

    ```python
    gan.compile(keras.optimizers.RMSprop(1e-4), keras.optimizers.RMSprop(1e-4),
                regularizers=[kerasgan.regularizers.ConsensusOptimization(10.0)])
    ```

    Args:
        gamma: γ. Defaults to 10.0.
        name: Log name. Defaults to "consensus_optimization".

    Reference:
        Mescheder, Nowozin & Geiger, "The Numerics of GANs", NeurIPS 2017,
        Section 4, Eq. 10 and Algorithm 2.
    """

    def __init__(self, gamma=10.0, *, name=None):
        super().__init__(check_non_negative("gamma", gamma), name=name)

    @property
    def gamma(self):
        return self.weight

    def discriminator_penalty(self, step):
        d_grads, g_grads = gradient_field(step)
        return half_squared_norm(d_grads + g_grads)

    def generator_penalty(self, step):
        d_grads, g_grads = gradient_field(step)
        return half_squared_norm(d_grads + g_grads)

    def get_config(self):
        return {"gamma": self.gamma, "name": self.name}
