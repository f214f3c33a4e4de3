"""Input checks for `GAN`: every message names the argument, the value and the fix."""

import sys

import keras
import numpy as np

from kerasgan import _keras_private
from kerasgan._utils import check_number
from kerasgan.data.labels import check_label_values


def _input_shapes(model):
    inputs = getattr(model, "inputs", None)
    if not inputs:
        return None
    return [tuple(t.shape) for t in inputs]


def _output_shape(model):
    outputs = getattr(model, "outputs", None)
    if not outputs:
        return None
    return tuple(outputs[0].shape)


def check_networks(generator, discriminator):
    for name, net in (("generator", generator), ("discriminator", discriminator)):
        if not isinstance(net, keras.layers.Layer):
            raise TypeError(
                f"`{name}` must be a keras.Model (or keras.layers.Layer). "
                f"Received: {name}={net!r} of type {type(net).__name__}. "
                "kerasgan.models builds ready-made pairs, e.g. kerasgan.models.dcgan(...)."
            )
    if generator is discriminator:
        raise ValueError("`generator` and `discriminator` must be two different models.")


def resolve_latent_dim(generator, latent_dim, prior):
    shapes = _input_shapes(generator)
    inferred = shapes[0][-1] if shapes and len(shapes[0]) == 2 else None
    if latent_dim is not None:
        check_number("latent_dim", latent_dim, low=1, integer=True, type_error=ValueError)
        if inferred is not None and inferred != latent_dim:
            raise ValueError(
                f"`latent_dim` disagrees with the generator's input: latent_dim={latent_dim}, "
                f"but the generator's first input has shape {shapes[0]}. "
                f"Pass latent_dim={inferred} or leave it unset."
            )
    latent_dim = latent_dim or inferred
    if prior is not None:
        if latent_dim is not None and prior.dim != latent_dim:
            raise ValueError(
                f"`prior` has dim={prior.dim} but the generator takes latents of size "
                f"{latent_dim}. Make them agree."
            )
        latent_dim = latent_dim or prior.dim
    if latent_dim is None:
        raise ValueError(
            "Cannot infer `latent_dim`: the generator has no known input shape. "
            "Pass latent_dim=... (or prior=...)."
        )
    return latent_dim


def check_shapes(generator, discriminator):
    """The generator's sample shape must be the discriminator's input shape."""
    out = _output_shape(generator)
    ins = _input_shapes(discriminator)
    if out is None or not ins:
        return
    if tuple(out[1:]) != tuple(ins[0][1:]):
        raise ValueError(
            "The generator's output shape does not match the discriminator's input shape: "
            f"generator output {out}, discriminator input {ins[0]}. "
            "Build both networks for the same sample shape."
        )


def check_optimizers(g_optimizer, d_optimizer):
    for name, opt in (("g_optimizer", g_optimizer), ("d_optimizer", d_optimizer)):
        if not isinstance(opt, keras.optimizers.Optimizer):
            raise TypeError(
                f"`{name}` must be a keras.optimizers.Optimizer instance, e.g. "
                f"keras.optimizers.Adam(2e-4, beta_1=0.5). Received: {name}={opt!r}"
            )
        if isinstance(opt, keras.optimizers.MultiOptimizer):
            raise TypeError(f"`{name}` cannot be a MultiOptimizer; pass each player's own optimizer.")
    if g_optimizer is d_optimizer:
        raise ValueError(
            "`g_optimizer` and `d_optimizer` must be two different optimizer instances "
            "(each keeps its own moments and iteration count)."
        )


def check_num_classes(num_classes):
    return check_number(
        "num_classes", num_classes, low=2, integer=True, allow_none=True, type_error=ValueError,
        hint="None reads it from the networks.",
    )


def infer_num_classes(*models):
    """The class count of the first label embedding or class head found in `models`."""
    for model in models:
        if not isinstance(model, keras.layers.Layer):
            continue
        for layer in _keras_private.flatten_layers(model, include_self=False):
            count = getattr(layer, "num_classes", None)
            if isinstance(count, int) and not isinstance(count, bool):
                return count
            if isinstance(layer, keras.layers.Embedding):
                return int(layer.input_dim)
    return None


def check_labels(gan, labels, n):
    if labels is None:
        if gan.conditional:
            raise ValueError(
                "This GAN is conditional: pass `labels=` (one class label per sample, or one "
                "int for all) to generate()."
            )
        return None
    if not gan.conditional:
        raise ValueError(
            "`labels` were given but this GAN's generator takes no labels (it is unconditional). "
            "Remove labels=..., or build a conditional generator (num_classes=...)."
        )
    array = np.asarray(keras.ops.convert_to_numpy(labels))
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(
            "`labels` must be integer class indices. "
            f"Received: labels of dtype {array.dtype}. Cast them, e.g. labels.astype('int32')."
        )
    if array.ndim == 0:
        array = np.full((n,), int(array))
    elif array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1 or array.shape[0] != n:
        raise ValueError(
            f"`labels` must have one entry per sample: expected shape ({n},), "
            f"received {array.shape}."
        )
    check_label_values(array, gan.num_classes, "labels")
    return keras.ops.convert_to_tensor(array.astype("int32"))


def _is_tf_dataset(x):
    tf = sys.modules.get("tensorflow")  # a tf.data.Dataset means TensorFlow is imported
    return tf is not None and isinstance(x, tf.data.Dataset)


def is_dataset(x):
    """Whether `x` is a `tf.data.Dataset` or a `keras.utils.PyDataset` (no TF import)."""
    return isinstance(x, keras.utils.PyDataset) or _is_tf_dataset(x)


def guard_fit_labels(gan, x, y):
    """Checks the class labels `fit` will train on, before training starts.

    An out-of-range label does not fail by itself inside a compiled step: XLA
    and GPU gathers read a clamped or zero row and training goes on with
    wrong conditioning. So: labels given as arrays (`fit(x, y)`) are checked
    here, whole; a `tf.data.Dataset` of `(x, y)` batches gets a check stage
    that fails the pipeline on the first bad batch (host side, off the
    compiled step). Python generators and `PyDataset`s are not checked.
    Returns the `(x, y)` to pass on to `keras.Model.fit`.
    """
    num_classes = gan.num_classes
    if not gan.conditional and num_classes is None:
        return x, y
    if y is not None:
        array = np.asarray(keras.ops.convert_to_numpy(y))
        if np.issubdtype(array.dtype, np.integer):  # float labels fail in check_batch
            check_label_values(array, num_classes, "y")
        return x, y
    if _is_tf_dataset(x):
        from kerasgan.data.pipeline import check_label_range

        return check_label_range(x, num_classes), y
    return x, y


def check_batch(gan, real, condition):
    """Static checks of a training batch against the discriminator (trace time)."""
    dtype = keras.backend.standardize_dtype(real.dtype)
    if "float" not in dtype:
        raise TypeError(
            f"Training data must be floating point (scaled to the generator's range, "
            f"e.g. [-1, 1]). Received a batch of dtype {dtype}. kerasgan.data.load scales images."
        )
    ins = _input_shapes(gan.discriminator)
    if ins:
        expected = tuple(ins[0][1:])
        got = tuple(real.shape[1:])
        if len(got) != len(expected) or any(
            e is not None and g is not None and e != g for e, g in zip(expected, got)
        ):
            raise ValueError(
                f"Training data has sample shape {got}, but the discriminator expects {expected}. "
                "Resize the data (kerasgan.data.load(..., image_size=...)) or build the "
                "networks for this shape."
            )
    if gan.conditional and condition is None:
        raise ValueError(
            "This GAN is conditional (its generator takes labels) but the data yields no labels. "
            "Use a dataset of (x, y) pairs, e.g. kerasgan.data.load(..., labels=True)."
        )
    if condition is not None and gan.conditional:
        label_dtype = keras.backend.standardize_dtype(condition.dtype)
        if "int" not in label_dtype:
            raise TypeError(
                "The labels of a conditional GAN must be integer class indices. Received labels "
                f"of dtype {label_dtype}. Cast them (e.g. y.astype('int32')) or use "
                "kerasgan.data.load(..., labels=True)."
            )


_FIT_ARGS = ("batch_size", "epochs", "verbose", "callbacks", "validation_split",
             "validation_data", "shuffle", "class_weight", "sample_weight", "initial_epoch",
             "steps_per_epoch")


def _check_finite_array(x, name):
    if isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.floating) and not np.isfinite(x).all():
        bad = int(np.size(x) - np.isfinite(x).sum())
        raise ValueError(f"`{name}` holds {bad} NaN or infinite value(s); the GAN would train on "
                         f"them. Clean the data first (e.g. x[np.isfinite(x).all(axis=...)]). "
                         f"Received: {name} of shape {x.shape}")


def prepare_fit(gan, x, y, args, kwargs, stop_on_nan):
    """What `GAN.fit` checks and adds before `keras.Model.fit`.

    Returns `(x, y, args, kwargs)`: every positional argument after `y` moved
    into `kwargs`, `shuffle=False` for datasets, a `StopOnNaN` callback unless
    `stop_on_nan=False` (or one is passed), and a `kerasgan.data` dataset's
    pass counter set to `initial_epoch`.
    """
    if len(args) > len(_FIT_ARGS):
        raise TypeError(f"fit() takes at most {len(_FIT_ARGS) + 2} positional arguments.")
    kwargs = dict(kwargs)
    for name, value in zip(_FIT_ARGS, args):
        if name in kwargs:
            raise TypeError(f"fit() got multiple values for argument {name!r}")
        kwargs[name] = value
    if not isinstance(stop_on_nan, bool):
        raise TypeError(f"`stop_on_nan` must be True or False. Received: stop_on_nan={stop_on_nan!r}")
    check_number("batch_size", kwargs.get("batch_size"), low=1, integer=True, allow_none=True,
                 type_error=ValueError)
    _check_finite_array(x, "x")
    if isinstance(x, np.ndarray) and len(x) == 0:
        raise ValueError("`x` holds no examples; there is nothing to train on. Received: x of shape "
                         f"{x.shape}")
    checked = isinstance(x, np.ndarray) or hasattr(x, "batches_per_pass")
    gan._kerasgan_batch_note = ("finite: the data was checked before training" if checked
                                else "not checked: a data source kerasgan does not build")
    counter = getattr(x, "kerasgan_pass", None)
    if counter is not None and kwargs.get("steps_per_epoch") is None:
        counter.assign(int(kwargs.get("initial_epoch") or 0))
    x, y = guard_fit_labels(gan, x, y)
    if "shuffle" not in kwargs and is_dataset(x):
        kwargs["shuffle"] = False
    if stop_on_nan:
        from kerasgan.callbacks.checkpoint import StopOnNaN

        callbacks = list(kwargs.get("callbacks") or [])
        if not any(isinstance(c, StopOnNaN) for c in callbacks):
            callbacks.insert(0, StopOnNaN())
        kwargs["callbacks"] = callbacks
    return x, y, (), kwargs
