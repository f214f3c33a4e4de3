"""kerasgan.metrics: evaluation metrics (numpy maths, injected feature extractors)."""

from kerasgan.metrics.base import Metric
from kerasgan.metrics.mixture import MixtureCoverage, grid_centers, mixture_coverage, ring_centers

__all__ = [
    "Metric",
    "MixtureCoverage",
    "grid_centers",
    "mixture_coverage",
    "ring_centers",
]
