"""Penalties and procedure hooks: one `Regularizer` subclass per technique."""

from kerasgan.regularizers.base import Regularizer
from kerasgan.regularizers.gradient_penalty import GradientPenalty

__all__ = ["Regularizer", "GradientPenalty"]
