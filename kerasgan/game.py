"""`Game`: the networks of one update, run live or under weights given as tensors.

The training procedure builds one `Game` per update and reads every `Step`
from it. Procedure hooks get it as `step.game`: consensus optimization needs
the gradient field of *both* players inside one player's loss, and an
unrolled discriminator needs the generator's loss taken through a look-ahead
copy of the discriminator. Both are functions of the networks' weights as
tensors, which `keras.Model.stateless_call` evaluates, so a hook stays
backend-free: it differentiates with `step.input_gradient(fn, weights)` and
never touches variables or optimizers.
"""

import keras
from keras import ops

from kerasgan.step import DiscriminatorOutput, Step


def _values(variables):
    # `ops.copy` reads each variable into a tensor (recorded by an outer tape).
    return [ops.copy(v) for v in variables]


def takes_condition(model, condition):
    """Whether `model` gets `condition` as its second input."""
    return condition is not None and len(getattr(model, "inputs", None) or ()) > 1


class Game:
    """The two-player game of one update: one batch, one draw of latents.

    Example:

    ```python
    def discriminator_penalty(self, step):
        game = step.game
        d_weights = game.discriminator_weights()
        grads = step.input_gradient(
            lambda w: game.losses(d_weights=w)[0], d_weights)
        return sum(ops.sum(ops.square(g)) for g in grads)
    ```

    Args:
        generator: The generator network.
        discriminator: The discriminator network.
        objective: The `kerasgan.Objective` (its loss and input hooks).
        real: The real batch.
        condition: Its labels, or None.
        latents: The latents of the generator's batch.
        context: The step's `kerasgan.StepContext`.
    """

    def __init__(self, generator, discriminator, objective, real, condition, latents, context):
        self.generator_network = generator
        self.discriminator_network = discriminator
        self.objective = objective
        # A numpy batch (Keras's JAX trainer without jit passes the data as numpy) would be
        # a non-tensor beside a tensor in `[x, condition]`, which Keras refuses.
        self.real = None if real is None else keras.tree.map_structure(ops.convert_to_tensor, real)
        self.condition = None if condition is None else ops.convert_to_tensor(condition)
        self.latents = latents
        self.context = context

    # -- weights -----------------------------------------------------------------
    def generator_weights(self):
        """The generator's trainable weights, read as tensors (differentiable)."""
        return _values(self.generator_network.trainable_variables)

    def discriminator_weights(self):
        """The discriminator's trainable weights, read as tensors (differentiable)."""
        return _values(self.discriminator_network.trainable_variables)

    # -- the networks --------------------------------------------------------------
    def _inputs(self, model, x):
        return [x, self.condition] if takes_condition(model, self.condition) else x

    def live_generate(self):
        """The fakes of `latents` from the live generator (training mode)."""
        g = self.generator_network
        return g(self._inputs(g, self.latents), training=True)

    def generate(self, g_weights=None):
        """The fakes of `latents` under `g_weights` (the live weights, as tensors, if None)."""
        g = self.generator_network
        g_weights = self.generator_weights() if g_weights is None else g_weights
        out, _ = g.stateless_call(g_weights, _values(g.non_trainable_variables),
                                  self._inputs(g, self.latents), training=True)
        return out

    def _hooked(self, run):
        context, hooks = self.context, self.objective.hooks

        def call(x):
            for hook in hooks:
                x = hook.discriminator_input(x, context)
            return DiscriminatorOutput.from_output(run(x))

        return call

    def live_discriminator(self):
        """`x -> DiscriminatorOutput`: the live discriminator, every input hook applied."""
        d = self.discriminator_network
        return self._hooked(lambda x: d(self._inputs(d, x), training=True))

    def discriminator(self, d_weights=None):
        """`x -> DiscriminatorOutput` under `d_weights`, every input hook applied."""
        d = self.discriminator_network
        d_weights = self.discriminator_weights() if d_weights is None else d_weights
        non_trainable = _values(d.non_trainable_variables)

        def run(x):
            out, _ = d.stateless_call(d_weights, non_trainable, self._inputs(d, x), training=True)
            return out

        return self._hooked(run)

    # -- steps ------------------------------------------------------------------------
    def make_step(self, fake, d_call, *, with_real=True, latents=None):
        """The `Step` of this batch for `fake` scored by `d_call` (fakes first);
        `latents` are the fakes' own latents when a hook replaced some (replay)."""
        fake_output = d_call(fake)
        return Step(
            real=self.real,
            fake=fake,
            condition=self.condition,
            latents=self.latents if latents is None else latents,
            real_output=d_call(self.real) if with_real else None,
            fake_output=fake_output,
            discriminator=d_call,
            input_gradient=self.context.input_gradient,
            seed_generator=self.context.seed_generator,
            iteration=self.context.iteration,
            game=self,
        )

    def step(self, g_weights=None, d_weights=None):
        """A full `Step` of this batch under the given weights (tensors)."""
        return self.make_step(self.generate(g_weights), self.discriminator(d_weights))

    def losses(self, g_weights=None, d_weights=None):
        """`(d_loss, g_loss)` of the objective's `GANLoss` (no regularizers)."""
        step = self.step(g_weights, d_weights)
        loss = self.objective.loss
        return loss.discriminator_loss(step), loss.generator_loss(step)
