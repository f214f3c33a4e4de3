"""Every place kerasgan touches a private Keras (or tf.distribute) API, in one module.

Each helper names what it reads and why no public API does it, so that a Keras
upgrade that moves one of them breaks here, with a clear name, and nowhere else.
"""

import contextlib


def get_stateless_scope():
    """The active `keras.StatelessScope`, or None (JAX's `input_gradient` nests in it).

    Keras exports `StatelessScope` but not the getter of the current one.
    """
    from keras.src.backend.common import stateless_scope

    return stateless_scope.get_stateless_scope()


def variable_is_detached(variable):
    """Whether a JAX-backend variable holds no value (Keras's JAX `fit()` detaches the
    variables' values while it threads the state explicitly)."""
    return variable._value is None


@contextlib.contextmanager
def unlocked_tracker(layer):
    """Lets `layer.add_weight` run after the layer is built (kerasgan's `add_state`)."""
    locked = layer._tracker.locked
    layer._tracker.unlock()
    try:
        yield
    finally:
        if locked:
            layer._tracker.lock()


def untrack(layer, value):
    """Stops `layer` tracking `value` (a sub-model being replaced: progressive growing)."""
    layer._tracker.untrack(value)


def flatten_layers(model, include_self=True):
    """Every layer of `model`, recursively (Keras's own traversal)."""
    return model._flatten_layers(include_self=include_self, recursive=True)


def in_multi_worker_mode(strategy):
    """Whether a `tf.distribute.MultiWorkerMirroredStrategy` spans several workers
    (tf.distribute has no public query for it)."""
    return strategy.extended._in_multi_worker_mode()
