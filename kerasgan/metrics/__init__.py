"""kerasgan.metrics: evaluation metrics (numpy maths, injected feature extractors)."""

from kerasgan.metrics.base import Metric
from kerasgan.metrics.classifier_score import ClassifierScore
from kerasgan.metrics.density_coverage import DensityCoverage
from kerasgan.metrics.digits import digits_classifier, digits_feature_extractor, load_digits_split
from kerasgan.metrics.frechet import FrechetDistance, frechet_distance
from kerasgan.metrics.inception import FID, InceptionFeatures, InceptionScore
from kerasgan.metrics.kid import KID
from kerasgan.metrics.mixture import MixtureCoverage, grid_centers, mixture_coverage, ring_centers
from kerasgan.metrics.parzen import ParzenWindow
from kerasgan.metrics.precision_recall import PrecisionRecall
from kerasgan.metrics.registry import NAMES, get

__all__ = [
    "FID",
    "KID",
    "ClassifierScore",
    "DensityCoverage",
    "FrechetDistance",
    "InceptionFeatures",
    "InceptionScore",
    "Metric",
    "NAMES",
    "MixtureCoverage",
    "ParzenWindow",
    "PrecisionRecall",
    "digits_classifier",
    "digits_feature_extractor",
    "frechet_distance",
    "get",
    "grid_centers",
    "load_digits_split",
    "mixture_coverage",
    "ring_centers",
]
