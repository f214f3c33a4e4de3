"""The GAN's seed generator: one state update per training step, different
draws on each data-parallel replica."""

import contextlib
import threading

import keras
import numpy as np

from kerasgan import _backend


class ReplicaSeedGenerator(keras.random.SeedGenerator):
    """A `SeedGenerator` for the training step.

    Two differences from `keras.random.SeedGenerator`:

    - **One state update per step.** Between `open_step()` and `close_step()`
      (the backend trainers call them around each train step) the state is
      read once; the k-th draw gets `state + [0, k]` and `close_step` writes
      `state + [0, n]` once for n draws. These are exactly the seeds n
      ordered `next()` calls give, without a read-modify-write of the state
      variable per draw (a DCGAN WGAN-GP step draws 11 times). In paired
      runs of `benchmarks/step_speed.py` the per-draw writes cost 1-2 % of
      that step under XLA on CPU, about the size of the run-to-run noise.
      It also keeps draws free of side effects, so that a draw inside a
      traced branch (`ops.cond` on JAX) does not leak state out of it.
    - **Per-replica draws.** Under `tf.distribute` every replica runs the step
      with the same (mirrored) seed state; without an offset each replica would
      draw the same latents and penalty noise for its share of the batch.
      Replica 0 (and any run without a strategy) draws what the plain
      `SeedGenerator` draws.
    """

    def _local(self):
        """This thread's record of its open step (created on first use).

        Thread-local: `tf.distribute.MirroredStrategy` traces each replica's
        step in its own thread, switching threads mid-step at its
        cross-replica syncs, so one shared record would mix the replicas' draws.
        """
        return self.__dict__.setdefault("_step_local", threading.local())

    @property
    def _open(self):
        """This thread's open step: `[base, draws]`, or None."""
        return getattr(self._local(), "step", None)

    @_open.setter
    def _open(self, value):
        self._local().step = value

    def open_step(self):
        """Starts a train step: later draws are offsets of the state read now."""
        self._open = [self.state.value * 1, 0]

    def close_step(self):
        """Ends a train step: writes the state once, past every draw made in it."""
        opened, self._open = self._open, None
        if opened is not None and opened[1]:
            self.state.assign(opened[0] + self._offset(opened[1]))

    def abort_step(self):
        """Forgets an open step without writing (the step raised while tracing)."""
        self._open = None

    @contextlib.contextmanager
    def step(self):
        """`open_step()` on entry, `close_step()` on exit, `abort_step()` on error."""
        self.open_step()
        try:
            yield
        except BaseException:
            self.abort_step()
            raise
        self.close_step()

    def _offset(self, k):
        return keras.ops.convert_to_tensor(np.array([0, k]), dtype=self.state.dtype)

    def next(self, ordered=True):
        opened = self._open
        if opened is not None:
            base, k = opened
            seed = base + self._offset(k) if k else base
            opened[1] = k + 1
        else:
            seed = super().next(ordered=ordered)
        replica = getattr(_backend.current(), "replica_id", lambda: 0)()
        if isinstance(replica, int) and replica == 0:
            return seed
        offset = keras.ops.cast(replica, seed.dtype) * 1000003
        return seed + keras.ops.stack([offset, keras.ops.zeros_like(offset)])
