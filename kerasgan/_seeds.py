"""The GAN's seed generator: different draws on each data-parallel replica."""

import keras

from kerasgan import _backend


class ReplicaSeedGenerator(keras.random.SeedGenerator):
    """A `SeedGenerator` whose draws differ between data-parallel replicas.

    Under `tf.distribute` every replica runs the step with the same (mirrored)
    seed state; without this, each replica would draw the same latents and
    penalty noise for its share of the batch. Replica 0 (and any run without a
    strategy) draws exactly what the plain `SeedGenerator` draws.
    """

    def next(self, ordered=True):
        seed = super().next(ordered=ordered)
        replica = getattr(_backend.current(), "replica_id", lambda: 0)()
        if isinstance(replica, int) and replica == 0:
            return seed
        offset = keras.ops.cast(replica, seed.dtype) * 1000003
        return seed + keras.ops.stack([offset, keras.ops.zeros_like(offset)])
