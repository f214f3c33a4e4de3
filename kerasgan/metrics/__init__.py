"""kerasgan.metrics: evaluation metrics (numpy maths, injected feature extractors)."""

from kerasgan.metrics.base import Metric
from kerasgan.metrics.classifier_score import ClassifierScore
from kerasgan.metrics.density_coverage import DensityCoverage
from kerasgan.metrics.digits import digits_classifier, digits_feature_extractor, load_digits_split
from kerasgan.metrics.frechet import FrechetDistance, frechet_distance
from kerasgan.metrics.inception import FID, InceptionFeatures, InceptionScore
from kerasgan.metrics.kid import KID
from kerasgan.metrics.mixture import MixtureCoverage, grid_centers, mixture_coverage, ring_centers
from kerasgan.metrics.mnist_net import build_mnist_classifier, mnist_classifier
from kerasgan.metrics.parzen import ParzenWindow
from kerasgan.metrics.precision_recall import PrecisionRecall
from kerasgan.metrics.registry import NAMES, get
from kerasgan.metrics.stacked_mnist import StackedMNISTModes, stacked_mnist_modes

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
    "StackedMNISTModes",
    "build_mnist_classifier",
    "digits_classifier",
    "digits_feature_extractor",
    "frechet_distance",
    "get",
    "grid_centers",
    "load_digits_split",
    "mixture_coverage",
    "mnist_classifier",
    "ring_centers",
    "stacked_mnist_modes",
]
