"""kerasgan.layers: layers that hold weights or statistics, for G and D."""

from kerasgan.layers.conditional_batch_normalization import ConditionalBatchNormalization
from kerasgan.layers.maxout import Maxout
from kerasgan.layers.minibatch_discrimination import MinibatchDiscrimination
from kerasgan.layers.minibatch_stddev import MinibatchStdDev
from kerasgan.layers.pack import Pack
from kerasgan.layers.self_attention import SelfAttention
from kerasgan.layers.virtual_batch_normalization import (
    VirtualBatchNormalization,
    set_reference_batch,
)

__all__ = [
    "ConditionalBatchNormalization",
    "Maxout",
    "MinibatchDiscrimination",
    "MinibatchStdDev",
    "Pack",
    "SelfAttention",
    "VirtualBatchNormalization",
    "set_reference_batch",
]
