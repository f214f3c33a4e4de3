"""Picks the backend module for `keras.backend.backend()`.

Each backend module exports exactly two names: `input_gradient(fn, x)` and the
`GANTrainer` mixin that provides `GAN.train_step`. This package is the only
place where kerasgan's training maths imports TensorFlow, JAX or PyTorch.
"""

import importlib

import keras

_MODULES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}


def current():
    """The backend module (`input_gradient`, `GANTrainer`) for the active Keras backend."""
    name = keras.backend.backend()
    if name not in _MODULES:
        raise NotImplementedError(
            f"kerasgan does not support the Keras backend {name!r}. "
            f"Supported backends: {', '.join(sorted(_MODULES))}. Set KERAS_BACKEND to one of them."
        )
    try:
        return importlib.import_module(f"kerasgan._backend.{_MODULES[name]}")
    except ModuleNotFoundError as err:
        if err.name == f"kerasgan._backend.{_MODULES[name]}":
            raise NotImplementedError(
                f"kerasgan's training step is not implemented for the {name!r} backend yet. "
                "Use KERAS_BACKEND=tensorflow."
            ) from err
        raise
