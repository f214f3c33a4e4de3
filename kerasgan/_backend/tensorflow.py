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
        real, condition = procedure.unpack(data)
        d_vars = self.discriminator.trainable_variables
        g_vars = self.generator.trainable_variables
        logs = {}
        for _ in range(self.discriminator_steps):
            with tf.GradientTape() as tape:
                loss, d_logs, step = procedure.discriminator_forward(self, real, condition)
                scaled = self.d_optimizer.scale_loss(loss)
            _apply(self.d_optimizer, scaled, tape, d_vars)
            procedure.after_discriminator_update(self, step)
        logs.update(d_logs)
        with tf.GradientTape() as tape:
            loss, g_logs, step = procedure.generator_forward(self, real, condition)
            scaled = self.g_optimizer.scale_loss(loss)
        _apply(self.g_optimizer, scaled, tape, g_vars)
        procedure.after_generator_update(self, step)
        logs.update(g_logs)
        self.optimizer.iterations.assign_add(1)
        return self.update_log_metrics(logs)
