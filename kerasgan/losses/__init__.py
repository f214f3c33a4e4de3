"""GAN objectives: one `GANLoss` subclass per family, and `get()`."""

import keras

from kerasgan.losses.base import GANLoss
from kerasgan.losses.began import BEGANLoss
from kerasgan.losses.ebgan import EBGANLoss
from kerasgan.losses.fgan import FGANLoss
from kerasgan.losses.hinge import HingeLoss
from kerasgan.losses.least_squares import LeastSquaresLoss
from kerasgan.losses.minimax import MinimaxLoss, NonSaturatingLoss
from kerasgan.losses.relativistic import RelativisticAverageLoss, RelativisticLoss
from kerasgan.losses.wasserstein import WassersteinLoss

#: Loss names accepted by `get` besides the presets' names (loss only, no regularizers).
ALIASES = {
    "wasserstein": WassersteinLoss,
    "least_squares": LeastSquaresLoss,
    "lsgan-pearson": lambda: LeastSquaresLoss(a=-1.0, b=1.0, c=0.0),
    "relativistic": RelativisticLoss,
    "relativistic_average": RelativisticAverageLoss,
    "rsgan-ls": lambda: RelativisticLoss("least_squares"),
    "rsgan-hinge": lambda: RelativisticLoss("hinge"),
    "energy_based": EBGANLoss,
    "boundary_equilibrium": BEGANLoss,
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


__all__ = [
    "BEGANLoss",
    "EBGANLoss",
    "FGANLoss",
    "GANLoss",
    "HingeLoss",
    "LeastSquaresLoss",
    "MinimaxLoss",
    "NonSaturatingLoss",
    "RelativisticAverageLoss",
    "RelativisticLoss",
    "WassersteinLoss",
    "get",
    "names",
]
