"""Shared pieces of the model builders: argument checks and conditioning inputs.

Backend-free: only `keras` and `keras.layers`. Every builder returns functional
`keras.Model`s made of serializable layers only (no `Lambda`), so that a GAN that
holds them loads with `safe_mode=True`.
"""

import math

import keras

from kerasgan._utils import check_number, check_positive_int
from kerasgan.layers.batch_renormalization import BatchRenormalization

BATCH_NORMS = ("batch", "batch_renorm")


def batch_norm(kind, name):
    """A batch-norm layer (momentum 0.9, ε 1e-5): "batch" or "batch_renorm" (Ioffe 2017)."""
    if kind == "batch_renorm":
        return BatchRenormalization(momentum=0.9, epsilon=1e-5, name=name)
    return keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-5, name=name)

def dcgan_init():
    """Returns a fresh N(0, 0.02) initializer (Radford et al. 2016, Sec. 4)."""
    return keras.initializers.RandomNormal(mean=0.0, stddev=0.02)


def check_image_shape(image_shape, *, channels=(1, 3), min_size=8):
    """Checks `image_shape` is `(size, size, channels)` with a power-of-two size.

    Returns:
        `(size, channels)` as ints.
    """
    ok = (
        isinstance(image_shape, (tuple, list))
        and len(image_shape) == 3
        and all(isinstance(d, int) and not isinstance(d, bool) for d in image_shape)
    )
    if ok:
        height, width, depth = image_shape
        ok = (
            height == width
            and height >= min_size
            and height & (height - 1) == 0
            and (channels is None or depth in channels)
            and depth >= 1
        )
    if not ok:
        allowed = "any number of" if channels is None else " or ".join(map(str, channels))
        raise ValueError(
            "`image_shape` must be (size, size, channels) with size a power of two "
            f">= {min_size} and {allowed} channels, e.g. (32, 32, 3). "
            f"Received: image_shape={image_shape!r}"
        )
    return int(image_shape[0]), int(image_shape[2])


def num_upsamplings(size, start=4):
    """How many doublings take a `start`×`start` map to `size`×`size`."""
    return int(round(math.log2(size // start)))


def check_units(name, units):
    """Checks a non-empty tuple of positive ints; returns it as a tuple."""
    if isinstance(units, int) and not isinstance(units, bool):
        units = (units,)
    message = (
        f"`{name}` must be a non-empty tuple of positive integers, e.g. (256, 256). "
        f"Received: {name}={units!r}"
    )
    if not isinstance(units, (tuple, list)) or len(units) == 0:
        raise ValueError(message)
    for u in units:
        try:
            check_number(name, u, low=1, integer=True)
        except (TypeError, ValueError):
            raise ValueError(message) from None  # names the whole tuple, not one entry
    return tuple(units)


def check_choice(name, value, choices):
    """Checks `value` is one of `choices` (None allowed when listed)."""
    if value not in choices:
        raise ValueError(
            f"`{name}` must be one of {list(choices)}. Received: {name}={value!r}"
        )
    return value


def check_conditioning(num_classes, embedding_dim):
    """Validates `num_classes` / `embedding_dim`; returns the embedding size."""
    check_positive_int("num_classes", num_classes, allow_none=True)
    if num_classes is not None and num_classes < 2:
        raise ValueError(
            "`num_classes` must be at least 2 for a conditional model, or None for "
            f"an unconditional one. Received: num_classes={num_classes!r}"
        )
    check_positive_int("embedding_dim", embedding_dim, allow_none=True)
    if num_classes is None:
        return None
    return embedding_dim if embedding_dim is not None else min(num_classes, 50)


def labels_input(name="labels"):
    """The integer class-label input: shape `(batch, 1)`; `(batch,)` also accepted."""
    return keras.Input(shape=(1,), dtype="int32", name=name)


def label_embedding(labels, num_classes, dim, name):
    """`labels` (batch, 1) -> learned embedding (batch, dim)."""
    x = keras.layers.Embedding(num_classes, dim, name=f"{name}_embedding")(labels)
    return keras.layers.Flatten(name=f"{name}_embedding_flat")(x)


def label_channel_map(labels, num_classes, dim, size, name):
    """`labels` -> an embedding broadcast to a `(size, size, dim)` channel map."""
    x = label_embedding(labels, num_classes, dim, name)
    x = keras.layers.Reshape((1, 1, dim), name=f"{name}_embedding_map")(x)
    return keras.layers.UpSampling2D(size=(size, size), name=f"{name}_embedding_broadcast")(x)


def discriminator_outputs(logits, features, return_features):
    """Logits alone, or the dict `{"logits", "features"}` when `return_features`."""
    if return_features:
        return {"logits": logits, "features": features}
    return logits


def inputs_list(x, labels):
    """`x` alone, or `[x, labels]` for a conditional model."""
    return x if labels is None else [x, labels]
