"""Experience replay: the discriminator also trains on past generated samples."""

import keras
from keras import ops

from kerasgan._utils import check_number, check_positive_int
from kerasgan.hooks import Hook


@keras.saving.register_keras_serializable(package="kerasgan")
class ExperienceReplay(Hook):
    """Experience replay: a share of D's fakes come from a buffer of past fakes.

    In each discriminator update, the first ⌊r·B⌋ of the B fresh fakes are
    replaced by samples drawn uniformly from the buffer (once it holds any),
    then the fresh fakes are written into the buffer (a ring of
    `buffer_size` samples). The discriminator keeps penalizing old modes,
    so the generator cannot cycle back to them. The buffer lives in
    `gan.add_state` and is saved with the GAN.

    Example:

    ```python
    gan.compile(g_opt, d_opt, regularizers=[
        kerasgan.regularizers.ExperienceReplay(buffer_size=2048, replay_fraction=0.5)])
    ```

    Args:
        buffer_size: Past fakes kept. Defaults to 1024.
        replay_fraction: r, the share of each discriminator batch drawn from
            the buffer, in [0, 1]. Defaults to 0.5.
        name: State name. Defaults to "experience_replay".

    Reference:
        Shrivastava et al., "Learning from Simulated and Unsupervised Images
        through Adversarial Training", CVPR 2017, Section 2.3 and Algorithm 2
        (history of refined images).
    """

    def __init__(self, buffer_size=1024, replay_fraction=0.5, *, name=None):
        super().__init__(name=name)
        self.buffer_size = check_positive_int("buffer_size", buffer_size)
        self.replay_fraction = float(
            check_number("replay_fraction", replay_fraction, low=0, high=1)
        )
        self.buffer = None
        self.filled = None
        self.position = None

    def build(self, gan):
        shape = tuple(gan.generator.output_shape[1:])
        self.buffer = gan.add_state(f"{self.name}.buffer", (self.buffer_size,) + shape)
        self.filled = gan.add_state(f"{self.name}.filled", (), dtype="int32")
        self.position = gan.add_state(f"{self.name}.position", (), dtype="int32")

    def discriminator_fakes(self, fake, step):
        batch = ops.shape(fake)[0]
        fake32 = ops.cast(fake, "float32")
        filled = ops.convert_to_tensor(self.filled)
        # Draw from the buffer as it was before this batch is written.
        u = keras.random.uniform((batch,), 0.0, 1.0, seed=step.seed_generator)
        idx = ops.cast(ops.floor(u * ops.cast(ops.maximum(filled, 1), "float32")), "int32")
        idx = ops.minimum(idx, ops.maximum(filled, 1) - 1)
        past = ops.take(ops.convert_to_tensor(self.buffer), idx, axis=0)
        n_replay = ops.cast(ops.floor(self.replay_fraction * ops.cast(batch, "float32")), "int32")
        n_replay = ops.where(filled > 0, n_replay, 0)
        mask = ops.arange(batch, dtype="int32") < n_replay
        mask = ops.reshape(mask, (-1,) + (1,) * (len(fake.shape) - 1))
        mixed = ops.where(mask, past, fake32)
        self._write(fake32, batch)
        return ops.cast(mixed, fake.dtype)

    def _write(self, fake, batch):
        # A static batch size keeps `n` a Python int (JAX's jit needs a static arange).
        n = min(batch, self.buffer_size) if isinstance(batch, int) else ops.minimum(batch, self.buffer_size)
        rows = fake[: self.buffer_size]
        slots = ops.mod(self.position + ops.arange(n, dtype="int32"), self.buffer_size)
        self.buffer.assign(ops.scatter_update(ops.convert_to_tensor(self.buffer), slots[:, None], rows))
        self.position.assign(ops.mod(self.position + n, self.buffer_size))
        self.filled.assign(ops.minimum(self.filled + n, self.buffer_size))

    def get_config(self):
        return {
            "buffer_size": self.buffer_size,
            "replay_fraction": self.replay_fraction,
            "name": self.name,
        }
