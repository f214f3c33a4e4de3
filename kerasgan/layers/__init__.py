"""kerasgan.layers: layers that hold weights or statistics, for G and D."""

from kerasgan.layers.heads import AuxiliaryClassifierHead, LatentCodeHead, ProjectionHead
from kerasgan.layers.maxout import Maxout

__all__ = ["AuxiliaryClassifierHead", "LatentCodeHead", "Maxout", "ProjectionHead"]
