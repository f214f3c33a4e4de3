"""`GANLoss`: the base class of every adversarial objective."""

import keras
from keras import ops

from kerasgan._utils import Configurable, snake_case


def mean(x):
    """Float32 mean over every axis: per-sample and per-patch scores alike."""
    return ops.mean(ops.cast(x, "float32"))


class GANLoss(Configurable):
    """Base class of a GAN objective: one loss for each player.

    A subclass implements `discriminator_loss(step)` and `generator_loss(step)`,
    each returning a float32 scalar written in `keras.ops`, and `get_config()`
    returning its constructor arguments. Logits may have any shape
    (`(batch,)`, `(batch, 1)`, or patch maps `(batch, h, w, 1)`): losses average
    over every element.

    Class attributes a subclass may set:
        generator_needs_real: True when `generator_loss` reads
            `step.real_output` (relativistic losses). The trainer skips the
            discriminator's pass over real data in the generator update otherwise.
        discriminator_steps: The number of discriminator updates per generator
            update that the loss's paper recommends (a preset may override).

    Example:

    ```python
    class MyLoss(kerasgan.losses.GANLoss):
        def discriminator_loss(self, step):
            return ops.mean(ops.softplus(-step.real_output.logits)) + ...
        def generator_loss(self, step):
            return ops.mean(ops.softplus(-step.fake_output.logits))
    ```
    """

    generator_needs_real = False
    discriminator_steps = 1

    def __init__(self, *, name=None):
        self.name = name or snake_case(type(self).__name__)

    def build(self, gan):
        """Creates any state the loss keeps (called once, in `GAN.compile`).

        Stateful losses (BEGAN's k_t) create variables here with
        `gan.add_state(...)` so that they are saved with the model.
        """

    def discriminator_loss(self, step):
        """The discriminator's loss for `step` (a float32 scalar)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `discriminator_loss(step)`."
        )

    def generator_loss(self, step):
        """The generator's loss for `step` (a float32 scalar)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `generator_loss(step)`."
        )

    def after_discriminator_update(self, step):
        """Runs after each discriminator optimizer step (nothing by default).

        Stateful losses update their state here with `assign` (BEGAN's k_t),
        from the tensors of the `step` that produced the update.
        """

    def after_generator_update(self, step):
        """Runs after each generator optimizer step (nothing by default).

        BEGAN's k_t follows the generator's own fakes L(G(z_G)) here (its Eq. 4).
        """

    def log_names(self, player):
        """Extra log keys for `player` ("discriminator" or "generator"), logged as
        `d/<key>` / `g/<key>`; none by default (the same contract as `Hook`)."""
        return ()

    def logs(self, player, step, value):
        """The values of `log_names(player)` for `step`; `value` is the loss itself."""
        return {}

    def get_config(self):
        return {"name": self.name}
