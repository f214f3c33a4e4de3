"""GAN objectives: one `GANLoss` subclass per family, and `get()`."""

import keras

from kerasgan.losses.base import GANLoss
from kerasgan.losses.minimax import MinimaxLoss, NonSaturatingLoss
from kerasgan.losses.wasserstein import WassersteinLoss

#: Loss names accepted by `get` besides the presets' names.
ALIASES = {
    "wasserstein": WassersteinLoss,
}


def get(identifier):
    """Returns a `GANLoss`.

    Args:
        identifier: A `GANLoss` (returned as is); a dict from
            `keras.saving.serialize_keras_object`; or a name — any preset name
            of `kerasgan.objective.PRESETS` (returns that preset's loss, without
            its regularizers) or a plain loss name such as `"wasserstein"`.

    Raises:
        ValueError: for an unknown name; the message lists every valid one.
    """
    from kerasgan import objective  # presets import this module

    if isinstance(identifier, GANLoss):
        return identifier
    if isinstance(identifier, dict):
        return get(keras.saving.deserialize_keras_object(identifier))
    if isinstance(identifier, str):
        if identifier in objective.PRESETS:
            return objective.PRESETS[identifier]().loss
        if identifier in ALIASES:
            return ALIASES[identifier]()
        valid = sorted(set(objective.PRESETS) | set(ALIASES))
        raise ValueError(
            f"Unknown loss or preset name: {identifier!r}. Valid names: {', '.join(valid)}. "
            "You can also pass a kerasgan.losses.GANLoss instance."
        )
    raise TypeError(
        "A loss must be a name, a dict or a kerasgan.losses.GANLoss. "
        f"Received: loss={identifier!r}"
    )


def names():
    """Every name `get` accepts."""
    from kerasgan import objective

    return sorted(set(objective.PRESETS) | set(ALIASES))


__all__ = ["GANLoss", "MinimaxLoss", "NonSaturatingLoss", "WassersteinLoss", "get", "names"]
