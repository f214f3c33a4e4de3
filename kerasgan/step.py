"""What losses and regularizers see: one training step, as tensors and callables.

`Step` and `DiscriminatorOutput` are plain `NamedTuple`s. They carry no variables,
scopes or optimizers, so that every loss and regularizer is a pure function of them
and runs unchanged on every Keras backend.
"""

from typing import Any, Callable, NamedTuple, Optional

from keras import ops


def _as_float32(x):
    if x is None:
        return None
    return ops.cast(x, "float32")


class DiscriminatorOutput(NamedTuple):
    """What a discriminator said about one batch.

    A discriminator may return a single tensor (its logits), a tuple
    `(logits, features[, aux])`, or a dict with the keys `"logits"`, `"features"`
    and `"aux"`. `DiscriminatorOutput.from_output` turns any of these into this
    tuple, casting the logits to float32 so that losses are computed in full
    precision under a mixed-precision policy.

    Attributes:
        logits: The discriminator's raw score, shape `(batch,)`, `(batch, 1)` or
            `(batch, h, w, 1)` for patch discriminators. Float32.
        features: An intermediate representation (for feature matching), or None.
        aux: Auxiliary head outputs (class logits for AC-GAN, latent-code
            estimates for InfoGAN, reconstructions for autoencoder
            discriminators), or None.
    """

    logits: Any
    features: Any = None
    aux: Any = None

    @classmethod
    def from_output(cls, output):
        """Normalizes whatever a discriminator returned into a `DiscriminatorOutput`.

        Args:
            output: A tensor, a tuple/list `(logits, features[, aux])`, a dict with
                a `"logits"` key, or a `DiscriminatorOutput`.

        Returns:
            A `DiscriminatorOutput` whose `logits` are float32.
        """
        if isinstance(output, DiscriminatorOutput):
            return output._replace(logits=_as_float32(output.logits))
        if isinstance(output, dict):
            if "logits" not in output:
                raise ValueError(
                    "A discriminator that returns a dict must have a 'logits' key. "
                    f"Received keys: {sorted(output)}"
                )
            return cls(
                _as_float32(output["logits"]),
                output.get("features"),
                output.get("aux"),
            )
        if isinstance(output, (tuple, list)):
            if not 1 <= len(output) <= 3:
                raise ValueError(
                    "A discriminator that returns a tuple must return "
                    "(logits, features[, aux]). "
                    f"Received a tuple of length {len(output)}."
                )
            return cls(_as_float32(output[0]), *output[1:])
        return cls(_as_float32(output))


class StepContext(NamedTuple):
    """What every hook and penalty may use besides tensors: one per training step.

    Attributes:
        seed_generator: A `keras.random.SeedGenerator` for any randomness
            (`keras.random.normal(shape, seed=context.seed_generator)`).
        iteration: The number of completed GAN steps, read once at the start of
            the step (an integer scalar tensor), for annealing and lazy terms.
        input_gradient: `input_gradient(fn, x)`, the backend primitive:
            d(sum fn(x))/dx, differentiable again.
    """

    seed_generator: Any = None
    iteration: Any = None
    input_gradient: Optional[Callable] = None


class Step(NamedTuple):
    """One training step as losses and regularizers see it.

    Attributes:
        real: The real batch (after any preprocessing hooks).
        fake: The generated batch.
        condition: Labels or other conditioning, or None.
        latents: The latent vectors the generator was fed.
        real_output: `DiscriminatorOutput` on `real` (None in a generator update
            whose objective does not need it).
        fake_output: `DiscriminatorOutput` on `fake`.
        discriminator: `discriminator(x, condition=None) -> DiscriminatorOutput`,
            the discriminator in training mode; used by penalties that evaluate D
            at new points (gradient penalty, R1).
        input_gradient: `input_gradient(fn, x)` returns d(sum fn(x))/dx and is
            differentiable again, so a penalty built on it can be minimized.
        seed_generator: A `keras.random.SeedGenerator` for any randomness.
        iteration: The number of completed GAN steps (an integer scalar tensor
            read at the start of the step), for annealing and lazy
            regularization; None outside training.
        game: A `kerasgan.game.Game`: both players' losses as functions of
            their weights (consensus optimization, unrolled discriminator);
            None outside training.
    """

    real: Any = None
    fake: Any = None
    condition: Any = None
    latents: Any = None
    real_output: Optional[DiscriminatorOutput] = None
    fake_output: Optional[DiscriminatorOutput] = None
    discriminator: Optional[Callable] = None
    input_gradient: Optional[Callable] = None
    seed_generator: Any = None
    iteration: Any = None
    game: Any = None

    @classmethod
    def from_logits(cls, real_logits=None, fake_logits=None, **kwargs):
        """Builds a step from logits alone, to evaluate a loss outside training.

        Example:

        ```python
        step = kerasgan.Step.from_logits([2.0, 1.0], [-1.0, 0.5])
        kerasgan.losses.NonSaturatingLoss().discriminator_loss(step)
        ```

        Args:
            real_logits: Discriminator logits on real samples (array-like).
            fake_logits: Discriminator logits on generated samples (array-like).
            **kwargs: Any other `Step` field.

        Returns:
            A `Step` whose `real_output` / `fake_output` hold the logits as float32.
        """
        real_output = None
        fake_output = None
        if real_logits is not None:
            real_output = DiscriminatorOutput(_as_float32(ops.convert_to_tensor(real_logits)))
        if fake_logits is not None:
            fake_output = DiscriminatorOutput(_as_float32(ops.convert_to_tensor(fake_logits)))
        return cls(real_output=real_output, fake_output=fake_output, **kwargs)
