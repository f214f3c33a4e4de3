"""Unrolled GAN: the generator plays against a k-step look-ahead of D's own optimizer."""

import types

import keras
from keras import ops

from kerasgan._utils import check_positive_int
from kerasgan.hooks import Hook

# Methods a backend's optimizer class overrides with code that writes to real
# variables (tf.distribute merge calls, torch's in-place `_foreach` kernels).
# For the look-ahead they are replaced, on the instance and only for the call,
# by the generic `BaseOptimizer` versions, whose `variable.assign` a
# `keras.StatelessScope` records instead of applying. The JAX optimizer
# overrides none of them: there this is exactly `optimizer.stateless_apply`.
_VARIABLE_WRITERS = (
    "assign", "assign_add", "assign_sub", "_backend_update_step",
    "_apply_weight_decay", "_backend_increment_gradient_accumulators",
)


def _base_optimizer_class(optimizer):
    for cls in type(optimizer).__mro__:
        if cls.__name__ == "BaseOptimizer" and cls.__module__.startswith("keras"):
            return cls
    raise TypeError(
        "UnrolledDiscriminator unrolls the discriminator's Keras optimizer. Received: "
        f"d_optimizer={optimizer!r}, which is not a `keras.optimizers.Optimizer`."
    )


def stateless_update(optimizer, optimizer_values, grads, weights):
    """One update of `optimizer`'s own rule on tensors: `(new weights, new state)`.

    `optimizer.stateless_apply` on every backend (Keras's TensorFlow optimizer
    refuses it, for `tf.distribute`'s sake): `weights` and `optimizer_values`
    are tensors standing for `optimizer`'s trainable variables and its
    `variables` (moments, iteration count, learning rate); nothing is assigned,
    and the result is differentiable in `grads` and both inputs.
    """
    base = _base_optimizer_class(optimizer)
    cls = type(optimizer)
    # Index lookups by identity: TF's `_var_key` reads `variable.value`, which a
    # stateless scope turns into a tensor.
    index = {id(v): optimizer._get_variable_index(v) for v in optimizer._trainable_variables}
    patched = {name: types.MethodType(getattr(base, name), optimizer)
               for name in _VARIABLE_WRITERS if getattr(cls, name) is not getattr(base, name)}
    patched["_get_variable_index"] = lambda variable: index[id(variable)]
    optimizer.__dict__.update(patched)
    try:
        return base.stateless_apply(optimizer, list(optimizer_values), list(grads), list(weights))
    finally:
        for name in patched:
            del optimizer.__dict__[name]


def _inner(optimizer):
    # Under mixed precision the player's optimizer is a LossScaleOptimizer;
    # the look-ahead's gradients are unscaled, so it unrolls the inner one.
    return getattr(optimizer, "inner_optimizer", optimizer)


@keras.saving.register_keras_serializable(package="kerasgan")
class UnrolledDiscriminator(Hook):
    """Unrolled discriminator: G's loss is taken through k look-ahead D updates.

    θ_D⁰ = θ_D,  (θ_Dⁱ⁺¹, sⁱ⁺¹) = U(∇ L_D(θ, θ_Dⁱ), θ_Dⁱ, sⁱ),  L_G^K(θ) = L_G(θ, θ_D^K(θ))

    U is the discriminator optimizer's own update rule (Adam in the paper:
    "In our experiments we unroll Adam") and s its state — moments, iteration
    count — starting from a copy of the optimizer's current state; the look-ahead
    runs on the generator update's one minibatch (its real batch and latents)
    for all k steps. Everything is tensors inside the generator's update
    (`keras.Model.stateless_call`, a stateless optimizer update): the
    discriminator's variables, its optimizer's state and its own update are
    unchanged. With `second_order=True` the generator's gradient flows through
    the unrolling (dθ_D^K/dθ), which lets the generator anticipate the
    discriminator's reaction and spread over modes; with False, θ_D^K is held
    fixed (the paper's first-order variant, a plain GAN against a stronger D).

    The look-ahead differentiates the objective's `GANLoss` only (the
    discriminator's penalties are not unrolled).

    Example:

    ```python
    gan.compile(keras.optimizers.Adam(1e-3, beta_1=0.5),
                keras.optimizers.Adam(1e-4, beta_1=0.5),
                regularizers=[kerasgan.regularizers.UnrolledDiscriminator(5)])
    ```

    Args:
        steps: K, the number of look-ahead updates. Defaults to 5.
        second_order: Differentiate through the unrolling. Defaults to True.
        name: Name. Defaults to "unrolled_discriminator".

    Reference:
        Metz, Poole, Pfau & Sohl-Dickstein, "Unrolled Generative Adversarial
        Networks", ICLR 2017, Section 2.2 (Eqs. 4-7) and Section 3.
    """

    def __init__(self, steps=5, *, second_order=True, name=None):
        super().__init__(name=name)
        self.steps = check_positive_int("steps", steps)
        if not isinstance(second_order, bool):
            raise TypeError(
                "`second_order` must be True or False. "
                f"Received: second_order={second_order!r}."
            )
        self.second_order = second_order
        self._optimizer = None

    def build(self, gan):
        optimizer = _inner(gan.d_optimizer)
        _base_optimizer_class(optimizer)
        d_vars = gan.discriminator.trainable_variables
        built_on = getattr(optimizer, "_trainable_variables", None) or []
        if [id(v) for v in built_on] != [id(v) for v in d_vars]:
            raise ValueError(
                "UnrolledDiscriminator unrolls `d_optimizer`, which must be built on the "
                "discriminator's trainable variables, in order. Received: an optimizer built "
                f"on {len(built_on)} variables for a discriminator with {len(d_vars)}. Pass "
                "a fresh optimizer to `GAN.compile`."
            )
        self._optimizer = optimizer

    def discriminator_lookahead(self, weights, step):
        game = step.game
        if game is None:
            raise ValueError(
                "UnrolledDiscriminator needs `step.game`. Received: step.game=None; "
                "use it inside `GAN.fit`."
            )
        if self._optimizer is None:
            raise ValueError(
                "UnrolledDiscriminator unrolls the discriminator's optimizer, which it "
                "reads in `build(gan)`. Received: a hook that was never built; pass it "
                "to `GAN.compile(regularizers=[...])`."
            )
        optimizer = self._optimizer
        if weights is None:  # the hooks before left the live discriminator
            weights = game.discriminator_weights()
        weights = list(weights)
        # A copy of the optimizer's state (read, never assigned).
        state = [ops.copy(v) for v in optimizer.variables]
        # One minibatch for every look-ahead update: the step's real batch and one
        # draw of fakes (a function of G's weights, so dθ_D^K/dθ flows through it).
        fake, gan_loss = game.generate(), game.objective.loss
        if not self.second_order:
            fake = ops.stop_gradient(fake)

        def d_loss(w):
            return gan_loss.discriminator_loss(game.make_step(fake, game.discriminator(w)))

        for _ in range(self.steps):
            grads = step.input_gradient(d_loss, weights)
            weights, state = stateless_update(optimizer, state, grads, weights)
            if not self.second_order:
                weights = [ops.stop_gradient(w) for w in weights]
                state = [ops.stop_gradient(s) for s in state]
        return weights

    def get_config(self):
        return {"steps": self.steps, "second_order": self.second_order, "name": self.name}
