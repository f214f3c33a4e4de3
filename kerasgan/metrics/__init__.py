"""kerasgan.metrics: evaluation metrics (numpy maths, injected feature extractors)."""

from kerasgan.metrics.base import Metric
from kerasgan.metrics.frechet import FrechetDistance, frechet_distance
from kerasgan.metrics.mixture import MixtureCoverage, grid_centers, mixture_coverage, ring_centers

__all__ = [
    "FrechetDistance",
    "Metric",
    "MixtureCoverage",
    "frechet_distance",
    "grid_centers",
    "mixture_coverage",
    "ring_centers",
]
