"""kerasgan.layers: layers that hold weights or statistics, for G and D."""

from kerasgan.layers.maxout import Maxout
from kerasgan.layers.minibatch_discrimination import MinibatchDiscrimination
from kerasgan.layers.minibatch_stddev import MinibatchStdDev
from kerasgan.layers.pack import Pack
from kerasgan.layers.virtual_batch_normalization import (
    VirtualBatchNormalization,
    set_reference_batch,
)

__all__ = [
    "Maxout",
    "MinibatchDiscrimination",
    "MinibatchStdDev",
    "Pack",
    "VirtualBatchNormalization",
    "set_reference_batch",
]
