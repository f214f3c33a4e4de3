"""Keeps the JAX step's donated state sound: no buffer donated twice, no GAN left
without weights when a step raises.

Keras's JAX trainer compiles the step with `donate_argnums=0`: XLA may reuse
the input state's buffers for the output. That is only sound when every
variable has a buffer of its own.
"""

import jax
import jax.numpy as jnp

from kerasgan import _keras_private


def _buffers(value):
    if len(value.sharding.device_set) == 1:
        return (value.unsafe_buffer_pointer(),)
    return tuple(shard.data.unsafe_buffer_pointer() for shard in value.addressable_shards)


def unshared(state):
    """Copies any buffer that backs two variables: Keras donates the state to the
    compiled step, and a buffer donated twice crashes XLA (a segmentation fault
    with a multi-device layout). Two variables share one when something assigned
    one array to both outside the step (an EMA copy, a metric's `reset_state`
    zeroing two accumulators with one array); under `keras.distribution`
    `device_put` wraps that buffer in a new `jax.Array`, so identity is not enough
    and the device buffers themselves are compared."""
    seen = set()
    groups = []
    for values in state:
        group = []
        for value in values:
            if isinstance(value, jax.Array):
                buffers = _buffers(value)
                if seen.intersection(buffers):
                    value = jnp.array(value, copy=True)
                    buffers = _buffers(value)
                seen.update(buffers)
            group.append(value)
        groups.append(group)
    return tuple(groups)


def reattach(gan, state):
    """Gives detached variables their values back (after a step that raised)."""
    groups = (gan.trainable_variables, gan.non_trainable_variables,
              gan.optimizer.variables, gan.metrics_variables)
    for variables, values in zip(groups, state):
        for variable, value in zip(variables, values):
            if _keras_private.variable_is_detached(variable) and isinstance(value, jax.Array):
                variable.assign(value)


def restoring(gan, function):
    """`function` (Keras's compiled step), re-attaching the variables if it raises.

    Keras detaches the variables' values at the start of `fit()` and
    re-attaches them when an epoch ends; a step that raises (bad data found at
    trace time) would leave the GAN without weights.
    """
    if getattr(function, "_kerasgan_restores", False):
        return function

    threaded = []  # the state the last call returned: its buffers are the step's own

    def call(state, *args, **kwargs):
        try:
            result = function(state if threaded and state is threaded[0] else unshared(state),
                              *args, **kwargs)
        except Exception:
            reattach(gan, state)
            raise
        threaded[:] = [result[1]]
        return result

    call._kerasgan_restores = True
    return call
