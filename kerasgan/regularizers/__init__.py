"""Penalties (`Regularizer`s) and procedure hooks (`kerasgan.Hook`s): one class per technique."""

from kerasgan.regularizers.ada import ADA
from kerasgan.regularizers.auxiliary import AuxiliaryClassification
from kerasgan.hooks import Hook
from kerasgan.regularizers.base import Regularizer
from kerasgan.regularizers.consensus import ConsensusOptimization
from kerasgan.regularizers.diff_augment import DiffAugment
from kerasgan.regularizers.ema import EMAGenerator
from kerasgan.regularizers.experience_replay import ExperienceReplay
from kerasgan.regularizers.feature_matching import FeatureMatching
from kerasgan.regularizers.gradient_penalty import DRAGANPenalty, GradientPenalty
from kerasgan.regularizers.historical_averaging import HistoricalAveraging
from kerasgan.regularizers.instance_noise import InstanceNoise
from kerasgan.regularizers.lecam import LeCamRegularization
from kerasgan.regularizers.mutual_information import MutualInformation
from kerasgan.regularizers.orthogonal import OrthogonalRegularization
from kerasgan.regularizers.pulling_away import PullingAway
from kerasgan.regularizers.unrolled import UnrolledDiscriminator
from kerasgan.regularizers.weight_clipping import WeightClipping
from kerasgan.regularizers.zero_centered import R1Penalty, R2Penalty

__all__ = [
    "Hook",
    "Regularizer",
    "GradientPenalty",
    "DRAGANPenalty",
    "R1Penalty",
    "R2Penalty",
    "FeatureMatching",
    "HistoricalAveraging",
    "OrthogonalRegularization",
    "InstanceNoise",
    "LeCamRegularization",
    "DiffAugment",
    "ADA",
    "ExperienceReplay",
    "EMAGenerator",
    "ConsensusOptimization",
    "UnrolledDiscriminator",
    "AuxiliaryClassification",
    "MutualInformation",
    "PullingAway",
    "WeightClipping",
]
