"""Penalties and procedure hooks: one `Regularizer` subclass per technique."""

from kerasgan.regularizers.base import Regularizer
from kerasgan.regularizers.auxiliary import AuxiliaryClassification
from kerasgan.regularizers.gradient_penalty import GradientPenalty
from kerasgan.regularizers.mutual_information import MutualInformation

__all__ = ["Regularizer", "AuxiliaryClassification", "GradientPenalty", "MutualInformation"]
