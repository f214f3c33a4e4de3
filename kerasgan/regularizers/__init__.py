"""Penalties and procedure hooks: one `Regularizer` subclass per technique."""

from kerasgan.regularizers.base import Regularizer
from kerasgan.regularizers.gradient_penalty import GradientPenalty
from kerasgan.regularizers.pulling_away import PullingAway
from kerasgan.regularizers.weight_clipping import WeightClipping

__all__ = ["Regularizer", "GradientPenalty", "PullingAway", "WeightClipping"]
