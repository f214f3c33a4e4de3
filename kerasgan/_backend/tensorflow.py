"""TensorFlow backend: `input_gradient`, the `Runtime` primitives and `GANTrainer`."""

import tensorflow as tf

from kerasgan import _keras_private, procedure


def input_gradient(fn, x):
    """d(sum fn(x))/dx, differentiable again (the tape records inside an outer tape).

    The reduction happens *inside* the tape: reducing outside would leave the
    gradient disconnected and TensorFlow would silently return None.

    `x` may be a list of tensors (a network's weights, for consensus
    optimization and unrolling); the result is then a list, with zeros for
    the entries `fn` does not use.
    """
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.cast(fn(x), tf.float32))
    if isinstance(x, (list, tuple)):
        grads = tape.gradient(y, list(x))
        return [tf.zeros_like(v) if g is None else g for g, v in zip(grads, x)]
    grad = tape.gradient(y, x)
    if grad is None:
        raise ValueError(
            "`input_gradient`: fn(x) does not depend on x, so its gradient is undefined. "
            "Check that the function passed to input_gradient uses its argument."
        )
    return grad


def _replicas():
    """Replicas in sync (1 outside `tf.distribute`)."""
    context = tf.distribute.get_replica_context()
    return context.num_replicas_in_sync if context is not None else 1


def replica_id():
    """This replica's index in its sync group (0 outside `tf.distribute`)."""
    context = tf.distribute.get_replica_context()
    if context is None:
        return 0
    return context.replica_id_in_sync_group


def _scaled(optimizer, loss):
    """The loss to differentiate: loss-scaled, and divided by the replica count.

    Each replica's loss is a mean over its share of the global batch, and the
    optimizer sums the replicas' gradients, so dividing by the number of
    replicas gives the gradient of the mean over the global batch.
    """
    replicas = _replicas()
    if replicas > 1:
        loss = loss / replicas
    return optimizer.scale_loss(loss)


def _scalar(value):
    return tf.zeros((), tf.float32) if value is None else tf.cast(tf.reduce_mean(value), tf.float32)


class Runtime:
    """The primitives `procedure.train_step` runs on (see that module)."""

    input_gradient = staticmethod(input_gradient)

    def run(self, fn, *args):
        return fn(*args)

    def update(self, players, forward, after, *, when=None, log_names=()):
        if when is None:
            return self._update(players, forward, after)
        names = list(log_names) or ["_none"]

        def due():
            logs = self._update(players, forward, after)
            return [_scalar(logs.get(name)) for name in names]

        values = tf.cond(when, due, lambda: [_scalar(None) for _ in names])
        return dict(zip(log_names, values))

    def _update(self, players, forward, after):
        # Every gradient is taken before any update is applied: with two
        # players this is the simultaneous update (both at the same point).
        with tf.GradientTape(persistent=len(players) > 1) as tape:
            losses, logs, steps = forward()
            scaled = [_scaled(optimizer, losses[p]) for p, optimizer, _ in players]
        grads = [tape.gradient(loss, variables) for loss, (_, _, variables) in zip(scaled, players)]
        for grad, (_, optimizer, variables) in zip(grads, players):
            optimizer.apply(
                [g if g is not None else tf.zeros_like(v) for g, v in zip(grad, variables)],
                variables,
            )
        after(steps)
        return logs


class GANTrainer:
    """`train_step` for TensorFlow: `procedure.train_step` on this backend's `Runtime`.

    Keras wraps this step in `tf.function` (with XLA when `jit_compile` is on); the
    Python loop over the schedule's phases unrolls at trace time.
    """

    def train_step(self, data):
        results = procedure.train_step(self, Runtime(), data)
        strategy = tf.distribute.get_strategy()
        if isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy) and (
            _keras_private.in_multi_worker_mode(strategy)
        ):
            # Keras reduces multi-worker step outputs with reduce(MEAN, axis=0),
            # which needs a batch axis: give each scalar log one.
            results = {key: tf.reshape(value, [1]) for key, value in results.items()}
        return results
