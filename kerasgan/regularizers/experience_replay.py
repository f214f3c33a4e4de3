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

    Each fake is stored with its latent vector and, in a conditional GAN,
    its label, so a replayed fake keeps its own pair: its latents replace
    the fresh fake's in the discriminator's `Step` (InfoGAN's code), and a
    fake replayed at row i is drawn among the stored fakes whose label equals
    the batch's label i — the label the discriminator (conditional D, AC-GAN)
    sees it with is the one it was generated for. A row whose label the
    buffer does not hold yet keeps its fresh fake.

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
        self.latents = None
        self.labels = None

    def build(self, gan):
        shape = tuple(gan.generator.output_shape[1:])
        self.buffer = gan.add_state(f"{self.name}.buffer", (self.buffer_size,) + shape)
        self.filled = gan.add_state(f"{self.name}.filled", (), dtype="int32")
        self.position = gan.add_state(f"{self.name}.position", (), dtype="int32")
        self.latents = gan.add_state(f"{self.name}.latents", (self.buffer_size, gan.prior.dim))
        self.labels = None
        if gan.conditional:
            self.labels = gan.add_state(f"{self.name}.labels", (self.buffer_size,), dtype="int32")

    def discriminator_fakes(self, fake, context):
        return self.discriminator_fake_batch(fake, None, None, context)[0]

    def discriminator_fake_batch(self, fake, condition, latents, context):
        batch = ops.shape(fake)[0]
        labels = self._labels(condition, fake)
        filled = ops.convert_to_tensor(self.filled)
        # Draw from the buffer as it was before this batch is written: a uniform
        # draw among the filled slots (with this row's label, when labelled).
        match = ops.expand_dims(ops.arange(self.buffer_size, dtype="int32") < filled, 0)
        if labels is not None:
            match = ops.logical_and(match, ops.expand_dims(ops.convert_to_tensor(self.labels), 0)
                                    == ops.expand_dims(labels, 1))
        else:
            match = ops.broadcast_to(match, (batch, self.buffer_size))
        u = keras.random.uniform((batch, self.buffer_size), 0.0, 1.0, seed=context.seed_generator)
        idx = ops.argmax(ops.where(match, u, -1.0), axis=1)
        n_replay = ops.cast(ops.floor(self.replay_fraction * ops.cast(batch, "float32")), "int32")
        rows = ops.logical_and(ops.arange(batch, dtype="int32") < n_replay, ops.any(match, axis=1))
        fake32 = ops.cast(fake, "float32")
        past = ops.take(ops.convert_to_tensor(self.buffer), idx, axis=0)
        mixed = ops.where(ops.reshape(rows, (-1,) + (1,) * (len(fake.shape) - 1)), past, fake32)
        if latents is not None:
            z = ops.cast(latents, "float32")
            past_z = ops.take(ops.convert_to_tensor(self.latents), idx, axis=0)
            latents = ops.cast(ops.where(ops.expand_dims(rows, 1), past_z, z), latents.dtype)
        self._write(fake32, batch, latents=None if latents is None else z, labels=labels)
        return ops.cast(mixed, fake.dtype), latents

    def _labels(self, condition, fake):
        if self.labels is None or condition is None:
            return None
        labels = ops.reshape(ops.cast(condition, "int32"), (-1,))
        if labels.shape[0] is not None and fake.shape[0] is not None and labels.shape[0] != fake.shape[0]:
            raise ValueError(
                "ExperienceReplay stores one class label per fake, but the batch's labels hold "
                f"{labels.shape[0]} values for {fake.shape[0]} fakes. Received: condition shape "
                f"{tuple(condition.shape)}. Use integer class indices shaped (batch,) or (batch, 1)."
            )
        return labels

    def _write(self, fake, batch, *, latents=None, labels=None):
        # A static batch size keeps `n` a Python int (JAX's jit needs a static arange).
        n = min(batch, self.buffer_size) if isinstance(batch, int) else ops.minimum(batch, self.buffer_size)
        slots = ops.mod(self.position + ops.arange(n, dtype="int32"), self.buffer_size)[:, None]
        for store, rows in ((self.buffer, fake), (self.latents, latents), (self.labels, labels)):
            if store is not None and rows is not None:
                rows = ops.cast(rows[: self.buffer_size], store.dtype)
                store.assign(ops.scatter_update(ops.convert_to_tensor(store), slots, rows))
        self.position.assign(ops.mod(self.position + n, self.buffer_size))
        self.filled.assign(ops.minimum(self.filled + n, self.buffer_size))

    def get_config(self):
        return {
            "buffer_size": self.buffer_size,
            "replay_fraction": self.replay_fraction,
            "name": self.name,
        }
