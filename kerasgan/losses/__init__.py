"""GAN objectives: one `GANLoss` subclass per family, and `get()`."""

import keras

from kerasgan.losses.base import GANLoss
from kerasgan.losses.began import BEGANLoss
from kerasgan.losses.ebgan import EBGANLoss
from kerasgan.losses.fgan import DIVERGENCES, FGANLoss
from kerasgan.losses.hinge import HingeLoss
from kerasgan.losses.least_squares import LeastSquaresLoss
from kerasgan.losses.minimax import MaximumLikelihoodLoss, MinimaxLoss, NonSaturatingLoss
from kerasgan.losses.relativistic import RelativisticAverageLoss, RelativisticLoss
from kerasgan.losses.wasserstein import WassersteinLoss

#: Every loss name `get` accepts -> a factory of that loss. The presets of
#: `kerasgan.objective.PRESETS` are named after their loss, so each preset's
#: name gives its loss here (without the preset's regularizers or schedule).
NAMES = {
    "non-saturating": NonSaturatingLoss,
    "minimax": MinimaxLoss,
    "maximum-likelihood": MaximumLikelihoodLoss,
    "wgan": WassersteinLoss,
    "wgan-gp": WassersteinLoss,
    "wasserstein": WassersteinLoss,
    "lsgan": LeastSquaresLoss,
    "least_squares": LeastSquaresLoss,
    "lsgan-pearson": lambda: LeastSquaresLoss(a=-1.0, b=1.0, c=0.0),
    "hinge": HingeLoss,
    "rsgan": lambda: RelativisticLoss("standard"),
    "rpgan": lambda: RelativisticLoss("standard"),
    "r3gan": lambda: RelativisticLoss("standard"),
    "relativistic": RelativisticLoss,
    "rsgan-ls": lambda: RelativisticLoss("least_squares"),
    "rsgan-hinge": lambda: RelativisticLoss("hinge"),
    "ragan": lambda: RelativisticAverageLoss("standard"),
    "ralsgan": lambda: RelativisticAverageLoss("least_squares"),
    "rahinge": lambda: RelativisticAverageLoss("hinge"),
    "relativistic_average": RelativisticAverageLoss,
    **{f"fgan-{_d}": (lambda _d=_d: FGANLoss(_d)) for _d in DIVERGENCES},
    "ebgan": lambda: EBGANLoss(1.0),
    "energy_based": EBGANLoss,
    "began": lambda: BEGANLoss(0.5, 0.001),
    "boundary_equilibrium": BEGANLoss,
}


def get(identifier):
    """Returns a `GANLoss`.

    Args:
        identifier: A `GANLoss` (returned as is); a dict from
            `keras.saving.serialize_keras_object`; or a loss name (`names()`):
            a preset's name gives its loss alone (`"wgan-gp"` → Wasserstein,
            without the gradient penalty; `kerasgan.objective.get` gives the
            whole preset).

    Raises:
        ValueError: for an unknown name; the message lists every valid one.
    """
    if isinstance(identifier, GANLoss):
        return identifier
    if isinstance(identifier, dict):
        return get(keras.saving.deserialize_keras_object(identifier))
    if isinstance(identifier, str):
        if identifier in NAMES:
            return NAMES[identifier]()
        raise ValueError(
            f"Unknown loss or preset name: {identifier!r}. Valid names: {', '.join(names())}. "
            "You can also pass a kerasgan.losses.GANLoss instance."
        )
    raise TypeError(
        "A loss must be a name, a dict or a kerasgan.losses.GANLoss. "
        f"Received: loss={identifier!r}"
    )


def names():
    """Every name `get` accepts."""
    return sorted(NAMES)


__all__ = [
    "BEGANLoss",
    "EBGANLoss",
    "FGANLoss",
    "GANLoss",
    "HingeLoss",
    "LeastSquaresLoss",
    "MaximumLikelihoodLoss",
    "MinimaxLoss",
    "NAMES",
    "NonSaturatingLoss",
    "RelativisticAverageLoss",
    "RelativisticLoss",
    "WassersteinLoss",
    "get",
    "names",
]
