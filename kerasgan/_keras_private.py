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


# The object types whose attribute skip-sets `saving_lib.get_attr_skipset` builds.
_SAVEABLE_TYPES = ("Operation", "Layer", "Functional", "Sequential", "Metric", "Optimizer", "Loss")


def cache_saving_skipsets():
    """Makes Keras's save/load walk reuse its attribute skip-sets (a Keras 3.15 bug).

    `keras.src.saving.saving_lib.get_attr_skipset` caches each set under
    `saving_attr_skipset_<type>` but looks it up under `saving_attr_skiplist_<type>`, so the
    lookup never hits: every object of every `.keras` / `.weights.h5` save or load builds a
    throwaway reference `Layer()`, `Optimizer(1.0)` or `Metric()`. That costs native memory
    which is not given back (+0.19 MB RSS per save of a small DCGAN GAN, measured; the soak
    benchmark's growth). This stores each set under the key the lookup reads. Cheap once
    stored; a no-op if Keras renames either key (the lookup then builds as before).
    `keras.backend.clear_session()` clears them: kerasgan calls this before its saves.
    """
    try:
        from keras.src.backend.common import global_state
        from keras.src.saving import saving_lib
    except ImportError:  # moved in a later Keras: nothing to work around here
        return
    for obj_type in _SAVEABLE_TYPES:
        key = f"saving_attr_skiplist_{obj_type}"
        if global_state.get_global_attribute(key, None) is None:
            global_state.set_global_attribute(key, saving_lib.get_attr_skipset(obj_type))
