"""The backend-free body of one GAN training step.

The backend trainers (`kerasgan/_backend/<name>.py`) differentiate these
functions: each forward function draws latents, runs the networks, applies the
objective's hooks, builds a `Step` and returns `(loss, logs, step)`. They never
touch optimizers or gradients, so the same maths runs under
`tf.GradientTape`, `jax.value_and_grad` and torch autograd.
"""

from keras import ops

from kerasgan import validation
from kerasgan.game import Game
from kerasgan.regularizers.base import Regularizer
from kerasgan.step import DiscriminatorOutput, Step


def unpack(data):
    """Splits a batch into `(real, condition)`; accepts `x`, `(x,)` or `(x, y)`."""
    if isinstance(data, (tuple, list)):
        if len(data) == 1:
            return data[0], None
        if len(data) >= 2:
            return data[0], data[1]
    if isinstance(data, dict):
        return data["x"], data.get("y")
    return data, None


def generate(gan, z, condition=None, *, training=True, generator=None):
    """Runs the generator on latents `z` (and `condition` if it takes a second input)."""
    generator = generator or gan.generator
    if condition is not None and len(getattr(generator, "inputs", None) or ()) > 1:
        return generator([z, condition], training=training)
    return generator(z, training=training)


def discriminate(gan, x, condition=None, *, training=True):
    """Runs the discriminator; returns a `DiscriminatorOutput` with float32 logits."""
    d = gan.discriminator
    if condition is not None and len(getattr(d, "inputs", None) or ()) > 1:
        out = d([x, condition], training=training)
    else:
        out = d(x, training=training)
    return DiscriminatorOutput.from_output(out)


def _hooked_discriminator(gan, condition, probe):
    """`x -> DiscriminatorOutput` in training mode, every input hook applied."""

    def call(x):
        for component in gan.objective.regularizers:
            x = component.discriminator_input(x, probe)
        return discriminate(gan, x, condition)

    return call


def _probe(gan):
    """A partial `Step` that input hooks receive: randomness and the step counter."""
    return Step(seed_generator=gan.seed_generator, iteration=gan.optimizer.iterations)


def _game(gan, real, condition, z):
    return Game(
        gan, real, condition, z,
        input_gradient=gan.backend.input_gradient,
        seed_generator=gan.seed_generator,
        iteration=gan.optimizer.iterations,
    )


def _step(gan, real, fake, condition, z, real_output, fake_output, d_call):
    return Step(
        real=real,
        fake=fake,
        condition=condition,
        latents=z,
        real_output=real_output,
        fake_output=fake_output,
        discriminator=d_call,
        input_gradient=gan.backend.input_gradient,
        seed_generator=gan.seed_generator,
        iteration=gan.optimizer.iterations,
        game=_game(gan, real, condition, z),
    )


def _lookahead_discriminator(gan, real, condition, z):
    """The generator's view of D when a hook overrides `discriminator_lookahead`.

    Returns None (use the live discriminator) when no component overrides it.
    """
    hooks = [
        c for c in gan.objective.regularizers
        if type(c).discriminator_lookahead is not Regularizer.discriminator_lookahead
    ]
    if not hooks:
        return None
    game = _game(gan, real, condition, z)
    probe = Step(
        input_gradient=gan.backend.input_gradient,
        seed_generator=gan.seed_generator,
        iteration=gan.optimizer.iterations,
        game=game,
    )
    weights = game.discriminator_weights()
    for component in hooks:
        weights = component.discriminator_lookahead(weights, probe)
    return game.discriminator(weights)


def discriminator_forward(gan, real, condition):
    """One discriminator objective evaluation: returns `(d_loss, logs, step)`."""
    validation.check_batch(gan, real, condition)
    batch = ops.shape(real)[0]
    z = gan.prior.sample(batch, seed=gan.seed_generator)
    fake = ops.stop_gradient(generate(gan, z, condition))
    probe = _probe(gan)
    for component in gan.objective.regularizers:
        fake = component.discriminator_fakes(fake, probe)
    d_call = _hooked_discriminator(gan, condition, probe)
    fake_output = d_call(fake)
    real_output = d_call(real)
    step = _step(gan, real, fake, condition, z, real_output, fake_output, d_call)
    loss, logs = gan.objective.discriminator_loss(step)
    logs["real_score"] = ops.mean(real_output.logits)
    logs["fake_score"] = ops.mean(fake_output.logits)
    return loss, logs, step


def generator_forward(gan, real, condition):
    """One generator objective evaluation: returns `(g_loss, logs, step)`."""
    batch = ops.shape(real)[0]
    z = gan.prior.sample(batch, seed=gan.seed_generator)
    fake = generate(gan, z, condition)
    d_call = _lookahead_discriminator(gan, real, condition, z)
    d_call = d_call or _hooked_discriminator(gan, condition, _probe(gan))
    fake_output = d_call(fake)
    real_output = d_call(real) if gan.objective.generator_needs_real else None
    step = _step(gan, real, fake, condition, z, real_output, fake_output, d_call)
    loss, logs = gan.objective.generator_loss(step)
    return loss, logs, step


def after_discriminator_update(gan, step):
    gan.objective.loss.after_discriminator_update(step)
    for component in gan.objective.regularizers:
        component.after_discriminator_update(step)


def after_generator_update(gan, step):
    for component in gan.objective.regularizers:
        component.after_generator_update(step)
