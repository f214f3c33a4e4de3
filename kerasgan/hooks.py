"""`Hook`: a technique that changes the training procedure without adding a term."""

from kerasgan._utils import Configurable, snake_case


class Hook(Configurable):
    """Base class of a procedure hook: it transforms, replaces or follows an update.

    A hook adds no term to either loss (a term is a `Regularizer`, which is a
    `Hook` with a `weight` and two penalties). It plugs into the one training
    procedure at these points; every method is backend-free (`keras.ops`),
    may `assign` to variables it created in `build(gan)`, and by default does
    nothing, so a subclass overrides only what it needs:

    - `build(gan)`: create state with `gan.add_state(...)`, read the networks
      (called once, from `GAN.compile`, with both networks built).
    - `discriminator_input(x, context)`: transform every batch the
      discriminator sees, real and fake, in every update (instance noise,
      DiffAugment). `context` has `seed_generator`, `iteration` (a tensor)
      and `input_gradient`.
    - `discriminator_fakes(fake, context)`: replace the fakes of the
      discriminator's own update. `discriminator_fake_batch(fake, condition,
      latents, context)` is the same with the batch's labels and latents, and
      returns `(fake, latents)`: a hook that swaps fakes for others keeps each
      one with its own latent code and shows it with a matching label
      (experience replay). It calls `discriminator_fakes` by default.
    - `discriminator_lookahead(weights, step)`: the discriminator weights that
      the *generator's* update is scored against (unrolled GAN). `weights` is
      what the hooks before returned — None means "the live discriminator";
      return it unchanged to leave the view alone, or a list of tensors
      (`step.game.discriminator_weights()` reads the live ones).
    - `after_discriminator_update(step)` / `after_generator_update(step)`:
      run after the optimizer applied that player's update (weight clipping,
      EMA, replay buffers, controllers such as BEGAN's k_t).
    - `sampling_generator(gan)`: the network to sample from (EMA), or None.
    - `log_names(player)` / `logs(player, step, value)`: extra values to log
      as `d/<key>` / `g/<key>` (declared before tracing, computed in the step).

    Hooks never see the GAN, its optimizers or its variables during a step:
    only tensors, callables and the `Step` / `StepContext` they are handed.

    Class attributes:
        generator_needs_real: True when the hook (or penalty) reads
            `step.real_output` in the generator's update.

    Example:

    ```python
    @keras.saving.register_keras_serializable(package="my_project")
    class Flip(kerasgan.Hook):
        "Mirrors every image the discriminator sees."
        def discriminator_input(self, x, context):
            return ops.flip(x, axis=2)

    gan.compile(g_opt, d_opt, regularizers=[Flip()])
    ```

    Args:
        name: Name (state names, logs). Defaults to the snake-cased class name.
    """

    generator_needs_real = False

    def __init__(self, *, name=None):
        self.name = name or snake_case(type(self).__name__)

    def build(self, gan):
        """Creates state; called once from `GAN.compile` with both networks built."""

    def discriminator_input(self, x, context):
        """Transforms a batch before the discriminator sees it (identity)."""
        return x

    def discriminator_fakes(self, fake, context):
        """Replaces the fakes of the discriminator's own update (identity)."""
        return fake

    def discriminator_fake_batch(self, fake, condition, latents, context):
        """`(fake, latents)` of the discriminator's own update; `condition` (the
        batch's labels, or None) scores both the real and the fake batch."""
        return self.discriminator_fakes(fake, context), latents

    def discriminator_lookahead(self, weights, step):
        """The discriminator weights the generator's update sees (unchanged)."""
        return weights

    def after_discriminator_update(self, step):
        """Runs after the discriminator's optimizer step (nothing)."""

    def after_generator_update(self, step):
        """Runs after the generator's optimizer step (nothing)."""

    def sampling_generator(self, gan):
        """The network `generate` / `export` sample from, or None (the live generator)."""
        return None

    def log_names(self, player):
        """Extra log keys for `player` ("discriminator" or "generator"); none by default."""
        return ()

    def logs(self, player, step, value):
        """The values of `log_names(player)` for this step; `value` is this component's
        own unweighted term for that player (None for a hook)."""
        return {}

    def get_config(self):
        return {"name": self.name}
