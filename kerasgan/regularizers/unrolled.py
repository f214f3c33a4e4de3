"""Unrolled GAN: the generator plays against a k-step look-ahead discriminator."""

import keras
from keras import ops

from kerasgan._utils import check_non_negative, check_positive_int
from kerasgan.hooks import Hook


@keras.saving.register_keras_serializable(package="kerasgan")
class UnrolledDiscriminator(Hook):
    """Unrolled discriminator: G's loss is taken through k look-ahead D steps.

    φ₀ = φ,   φ_{i+1} = φ_i - η·∇_φ L_D(θ, φ_i),   L_G^unrolled(θ) = L_G(θ, φ_k(θ))

    The look-ahead weights φ_k are tensors computed inside the generator's
    update (`keras.Model.stateless_call`); the discriminator's variables and
    its own update are unchanged. With `second_order=True` the generator's
    gradient flows through the unrolling (dφ_k/dθ), which is what lets the
    generator anticipate the discriminator's reaction and spread over modes.

    Example:

    ```python
    gan.compile(g_opt, d_opt, regularizers=[
        kerasgan.regularizers.UnrolledDiscriminator(5, learning_rate=1e-2)])
    ```

    Args:
        steps: k, the number of look-ahead steps. Defaults to 5.
        learning_rate: η of the look-ahead's plain gradient steps. Defaults
            to 1e-2.
        second_order: Differentiate through the unrolling. Defaults to True.
        name: Name. Defaults to "unrolled_discriminator".

    Reference:
        Metz, Poole, Pfau & Sohl-Dickstein, "Unrolled Generative Adversarial
        Networks", ICLR 2017, Section 2.2, Eqs. 5-7.
    """

    def __init__(self, steps=5, *, learning_rate=1e-2, second_order=True, name=None):
        super().__init__(name=name)
        self.steps = check_positive_int("steps", steps)
        self.learning_rate = float(check_non_negative("learning_rate", learning_rate))
        self.second_order = bool(second_order)

    def discriminator_lookahead(self, weights, step):
        game = step.game
        if game is None:
            raise ValueError(
                "UnrolledDiscriminator needs `step.game`. Received: step.game=None; "
                "use it inside `GAN.fit`."
            )
        if weights is None:  # the hooks before left the live discriminator
            weights = game.discriminator_weights()
        for _ in range(self.steps):
            grads = step.input_gradient(lambda w: game.losses(d_weights=w)[0], list(weights))
            weights = [w - self.learning_rate * ops.cast(g, w.dtype) for w, g in zip(weights, grads)]
            if not self.second_order:
                weights = [ops.stop_gradient(w) for w in weights]
        return weights

    def get_config(self):
        return {
            "steps": self.steps,
            "learning_rate": self.learning_rate,
            "second_order": self.second_order,
            "name": self.name,
        }
