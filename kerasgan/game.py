"""`Game`: both players' losses as functions of their weights, for procedure hooks.

Consensus optimization needs the gradient field of *both* players inside one
player's loss, and an unrolled discriminator needs the generator's loss taken
through a look-ahead copy of the discriminator. Both are functions of the
networks' weights as tensors. `Game` gives them that view with
`keras.Model.stateless_call`, so a hook stays backend-free: it differentiates
with `step.input_gradient(fn, weights)` (which accepts a list of tensors) and
never touches variables or optimizers.
"""

from keras import ops

from kerasgan.step import DiscriminatorOutput, Step


def _values(variables):
    # `ops.copy` reads each variable into a tensor (recorded by an outer tape).
    return [ops.copy(v) for v in variables]


class Game:
    """The two-player game of one training step, with weights as arguments.

    A `Game` is built by the training procedure for each update and handed to
    losses and regularizers as `step.game`. It holds the step's real batch,
    condition and latents; the weights are arguments, so the same batch can be
    scored under any (look-ahead, perturbed) weights.

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
        gan: The `kerasgan.GAN` being trained.
        real: The real batch.
        condition: Its labels, or None.
        latents: The latents of the generator's batch.
        input_gradient: The backend's `input_gradient`.
        seed_generator: A `keras.random.SeedGenerator`.
        iteration: The GAN step counter.
    """

    def __init__(self, gan, real, condition, latents, *, input_gradient, seed_generator, iteration):
        self.gan = gan
        self.real = real
        self.condition = condition
        self.latents = latents
        self.input_gradient = input_gradient
        self.seed_generator = seed_generator
        self.iteration = iteration

    # -- weights -----------------------------------------------------------------
    def generator_weights(self):
        """The generator's trainable weights, read as tensors (differentiable)."""
        return _values(self.gan.generator.trainable_variables)

    def discriminator_weights(self):
        """The discriminator's trainable weights, read as tensors (differentiable)."""
        return _values(self.gan.discriminator.trainable_variables)

    # -- networks under given weights ---------------------------------------------
    def generate(self, g_weights=None):
        """The fakes of `latents` under `g_weights` (the live weights if None)."""
        g = self.gan.generator
        if g_weights is None:
            g_weights = self.generator_weights()
        inputs = self.latents
        if self.condition is not None and len(getattr(g, "inputs", None) or ()) > 1:
            inputs = [self.latents, self.condition]
        out, _ = g.stateless_call(g_weights, _values(g.non_trainable_variables), inputs, training=True)
        return out

    def discriminator(self, d_weights=None):
        """`x -> DiscriminatorOutput` under `d_weights`, every input hook applied."""
        d = self.gan.discriminator
        if d_weights is None:
            d_weights = self.discriminator_weights()
        non_trainable = _values(d.non_trainable_variables)
        probe = Step(seed_generator=self.seed_generator, iteration=self.iteration)
        condition = self.condition

        def call(x):
            for component in self.gan.objective.regularizers:
                x = component.discriminator_input(x, probe)
            inputs = x
            if condition is not None and len(getattr(d, "inputs", None) or ()) > 1:
                inputs = [x, condition]
            out, _ = d.stateless_call(d_weights, non_trainable, inputs, training=True)
            return DiscriminatorOutput.from_output(out)

        return call

    def step(self, g_weights=None, d_weights=None):
        """A full `Step` of this batch under the given weights."""
        fake = self.generate(g_weights)
        d_call = self.discriminator(d_weights)
        return Step(
            real=self.real,
            fake=fake,
            condition=self.condition,
            latents=self.latents,
            real_output=d_call(self.real),
            fake_output=d_call(fake),
            discriminator=d_call,
            input_gradient=self.input_gradient,
            seed_generator=self.seed_generator,
            iteration=self.iteration,
            game=self,
        )

    def losses(self, g_weights=None, d_weights=None):
        """`(d_loss, g_loss)` of the objective's `GANLoss` (no regularizers)."""
        step = self.step(g_weights, d_weights)
        loss = self.gan.objective.loss
        return loss.discriminator_loss(step), loss.generator_loss(step)
