"""TensorFlow backend: `input_gradient` and the `GANTrainer` mixin."""

import tensorflow as tf

from kerasgan import procedure


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


def _multi_worker():
    strategy = tf.distribute.get_strategy()
    return isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy) and (
        strategy.extended._in_multi_worker_mode()
    )


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


def _apply(optimizer, loss, tape, variables):
    grads = tape.gradient(loss, variables)
    grads = [
        g if g is not None else tf.zeros_like(v) for g, v in zip(grads, variables)
    ]
    optimizer.apply(grads, variables)


class GANTrainer:
    """`train_step` for TensorFlow: `discriminator_steps` D updates, then one G update.

    Keras wraps this step in `tf.function` (with XLA when `jit_compile` is on); the
    Python loop over discriminator steps unrolls at trace time.
    """

    def train_step(self, data):
        # One seed-state update per step (see `ReplicaSeedGenerator.step`).
        with self.seed_generator.step():
            return self._train_step(data)

    def _train_step(self, data):
        real, condition = procedure.unpack(data)
        d_vars = self.discriminator.trainable_variables
        g_vars = self.generator.trainable_variables
        logs = {}
        for _ in range(self.discriminator_steps):
            with tf.GradientTape() as tape:
                loss, d_logs, step = procedure.discriminator_forward(self, real, condition)
                scaled = _scaled(self.d_optimizer, loss)
            _apply(self.d_optimizer, scaled, tape, d_vars)
            procedure.after_discriminator_update(self, step)
        logs.update(d_logs)
        with tf.GradientTape() as tape:
            loss, g_logs, step = procedure.generator_forward(self, real, condition)
            scaled = _scaled(self.g_optimizer, loss)
        _apply(self.g_optimizer, scaled, tape, g_vars)
        procedure.after_generator_update(self, step)
        logs.update(g_logs)
        self.optimizer.iterations.assign_add(1)
        results = self.update_log_metrics(logs)
        if _multi_worker():
            # Keras reduces multi-worker step outputs with reduce(MEAN, axis=0),
            # which needs a batch axis: give each scalar log one.
            results = {key: tf.reshape(value, [1]) for key, value in results.items()}
        return results
