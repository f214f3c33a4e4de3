"""`Regularizer`: the base class of every penalty and procedure hook."""

from kerasgan._utils import Configurable, check_non_negative, snake_case


class Regularizer(Configurable):
    """Base class of a term added to one or both players' losses, or a hook
    that changes the training procedure.

    A penalty overrides `discriminator_penalty(step)` and/or
    `generator_penalty(step)`; each returns an *unweighted* float32 scalar (or
    None when it does not apply to that player). `Objective` multiplies it by
    `weight` and logs it as `d/<name>` or `g/<name>`.

    Techniques that change the procedure rather than add a term use the hooks
    below. Every hook is backend-free (`keras.ops`) and may `assign` to
    variables it created in `build(gan)`; the backend trainer threads that
    state on every backend. The defaults do nothing, so a subclass overrides
    only what it needs:

    - `build(gan)`: create state (`gan.add_state(...)`), read the networks.
    - `discriminator_input(x, step)`: transform every batch the
      discriminator sees, real and fake, in both updates (instance noise,
      differentiable augmentation). `step` holds `seed_generator` and
      `iteration`.
    - `discriminator_fakes(fake, step)`: replace the fakes the discriminator
      trains on in its own update (experience replay).
    - `discriminator_lookahead(weights, step)`: return the discriminator
      weights (a list of tensors) that the *generator's* update is scored
      against (unrolled discriminator). The discriminator's own update and
      its variables are unchanged. `step.game` scores the batch under any
      weights.
    - `after_discriminator_update(step)` / `after_generator_update(step)`:
      run after the optimizer applied that player's update (weight
      clipping, EMA, replay buffers).

    Penalties that need both players' gradient field (consensus
    optimization) read `step.game`, which evaluates the `GANLoss` under any
    weights given as tensors; `step.input_gradient(fn, weights)` accepts a
    list of tensors.

    Class attributes:
        generator_needs_real: True when `generator_penalty` reads
            `step.real_output` (feature matching).

    Args:
        weight: Multiplier of the penalty. Defaults to 1.0.
        name: Log name. Defaults to the snake-cased class name.
    """

    generator_needs_real = False

    def __init__(self, weight=1.0, *, name=None):
        self.weight = float(check_non_negative("weight", weight))
        self.name = name or snake_case(type(self).__name__)

    # -- penalties -------------------------------------------------------------
    def penalized_players(self):
        """The players whose loss this component adds a term to.

        Decides which `d/<name>` / `g/<name>` logs exist. By default, every
        player whose penalty method the subclass overrides; a component that
        picks its player at construction (historical averaging, orthogonal
        regularization) narrows it, so the other player does not log a
        constant 0.
        """
        kind, players = type(self), []
        if kind.discriminator_penalty is not Regularizer.discriminator_penalty:
            players.append("discriminator")
        if kind.generator_penalty is not Regularizer.generator_penalty:
            players.append("generator")
        return tuple(players)

    def discriminator_penalty(self, step):
        """Unweighted penalty added to the discriminator's loss, or None."""
        return None

    def generator_penalty(self, step):
        """Unweighted penalty added to the generator's loss, or None."""
        return None

    # -- procedure hooks -------------------------------------------------------
    def build(self, gan):
        """Creates state; called once from `GAN.compile` with both networks built."""

    def discriminator_input(self, x, step):
        """Transforms a batch before the discriminator sees it (identity)."""
        return x

    def discriminator_fakes(self, fake, step):
        """Replaces the fakes of the discriminator's own update (identity)."""
        return fake

    def discriminator_lookahead(self, weights, step):
        """The discriminator weights the generator's update sees (identity)."""
        return weights

    def after_discriminator_update(self, step):
        """Runs after the discriminator's optimizer step (nothing)."""

    def after_generator_update(self, step):
        """Runs after the generator's optimizer step (nothing)."""

    # -- serialization ---------------------------------------------------------
    def get_config(self):
        return {"weight": self.weight, "name": self.name}
