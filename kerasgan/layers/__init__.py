"""kerasgan.layers: layers that hold weights or statistics, for G and D."""

from kerasgan.layers.adain import AdaIN
from kerasgan.layers.batch_renormalization import BatchRenormalization
from kerasgan.layers.conditional_batch_normalization import ConditionalBatchNormalization
from kerasgan.layers.constant_input import ConstantInput
from kerasgan.layers.equalized import EqualizedConv2D, EqualizedDense
from kerasgan.layers.mapping_network import MappingNetwork, truncate_w
from kerasgan.layers.fade_in import FadeIn
from kerasgan.layers.heads import AuxiliaryClassifierHead, LatentCodeHead, ProjectionHead
from kerasgan.layers.maxout import Maxout
from kerasgan.layers.minibatch_discrimination import MinibatchDiscrimination
from kerasgan.layers.minibatch_stddev import MinibatchStdDev
from kerasgan.layers.modulated_convolution import ModulatedConv2D
from kerasgan.layers.noise_injection import NoiseInjection
from kerasgan.layers.pack import Pack
from kerasgan.layers.pixel_normalization import PixelNormalization
from kerasgan.layers.reconstruction_energy import ReconstructionEnergy
from kerasgan.layers.self_attention import SelfAttention
from kerasgan.layers.semi_supervised_head import SemiSupervisedHead
from kerasgan.layers.spectral_normalization import SpectralNormalization
from kerasgan.layers.virtual_batch_normalization import (
    ReferenceBatch,
    VirtualBatchNormalization,
    set_reference_batch,
)

__all__ = [
    "AdaIN",
    "BatchRenormalization",
    "ConditionalBatchNormalization",
    "ConstantInput",
    "EqualizedConv2D",
    "EqualizedDense",
    "FadeIn",
    "MappingNetwork",
    "Maxout",
    "MinibatchDiscrimination",
    "MinibatchStdDev",
    "ModulatedConv2D",
    "NoiseInjection",
    "Pack",
    "PixelNormalization",
    "ReconstructionEnergy",
    "SelfAttention",
    "SemiSupervisedHead",
    "SpectralNormalization",
    "ReferenceBatch",
    "VirtualBatchNormalization",
    "set_reference_batch",
    "truncate_w",
    "AuxiliaryClassifierHead",
    "LatentCodeHead",
    "ProjectionHead",
]
