"""Penalties (`Regularizer`s) and procedure hooks (`kerasgan.Hook`s): one class per technique."""

from kerasgan.regularizers.ada import ADA
from kerasgan.regularizers.auxiliary import AuxiliaryClassification
from kerasgan.regularizers.bigan import BiGAN
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
from kerasgan.regularizers.mix_gan import MixGAN
from kerasgan.regularizers.mode_regularized import GeometricRegularizer, ModeRegularizer
from kerasgan.regularizers.lecam import LeCamRegularization
from kerasgan.regularizers.mutual_information import MutualInformation
from kerasgan.regularizers.nagarajan_kolter import NagarajanKolterPenalty
from kerasgan.regularizers.orthogonal import OrthogonalRegularization
from kerasgan.regularizers.path_length import PathLengthPenalty
from kerasgan.regularizers.pulling_away import PullingAway
from kerasgan.regularizers.roth import RothPenalty
from kerasgan.regularizers.semi_supervised import SemiSupervisedClassification
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
    "PathLengthPenalty",
    "WeightClipping",
    "RothPenalty",
    "NagarajanKolterPenalty",
    "SemiSupervisedClassification",
    "BiGAN",
    "GeometricRegularizer",
    "ModeRegularizer",
    "MixGAN",
]
