"""kerasgan.metrics: evaluation metrics (numpy maths, injected feature extractors)."""

from kerasgan.metrics.base import Metric
from kerasgan.metrics.classifier_score import ClassifierScore
from kerasgan.metrics.density_coverage import DensityCoverage
from kerasgan.metrics.digits import (
    digits_classifier,
    digits_feature_extractor,
    digits_quality,
    load_digits_split,
)
from kerasgan.metrics.frechet import FrechetDistance, frechet_distance
from kerasgan.metrics.fid import FID
from kerasgan.metrics.geometry_score import GeometryScore, relative_living_times
from kerasgan.metrics.inception import InceptionFeatures, InceptionScore
from kerasgan.metrics.kid import KID
from kerasgan.metrics.mixture import MixtureCoverage, grid_centers, mixture_coverage, ring_centers
from kerasgan.metrics.mnist_net import build_mnist_classifier, mnist_classifier
from kerasgan.metrics.parzen import ParzenWindow
from kerasgan.metrics.precision_recall import PrecisionRecall
from kerasgan.metrics.reference.extractor import ReferenceInception, reference_inception
from kerasgan.metrics.reference.frechet import fid_from_statistics
from kerasgan.metrics.reference.preprocess import preprocess_images
from kerasgan.metrics.reference.stats import (
    ReferenceStats, compute_reference_stats, load_reference_stats, save_reference_stats,
)
from kerasgan.metrics.reference.weights import reference_weights_file
from kerasgan.metrics.registry import NAMES, get
from kerasgan.metrics.stacked_mnist import StackedMNISTModes, stacked_mnist_modes

__all__ = [
    "FID",
    "KID",
    "ClassifierScore",
    "DensityCoverage",
    "FrechetDistance",
    "GeometryScore",
    "relative_living_times",
    "InceptionFeatures",
    "InceptionScore",
    "Metric",
    "MixtureCoverage",
    "NAMES",
    "ParzenWindow",
    "PrecisionRecall",
    "build_mnist_classifier",
    "compute_reference_stats",
    "ReferenceInception",
    "ReferenceStats",
    "StackedMNISTModes",
    "digits_classifier",
    "digits_feature_extractor",
    "digits_quality",
    "fid_from_statistics",
    "frechet_distance",
    "get",
    "grid_centers",
    "load_digits_split",
    "load_reference_stats",
    "mixture_coverage",
    "mnist_classifier",
    "preprocess_images",
    "reference_inception",
    "reference_weights_file",
    "ring_centers",
    "save_reference_stats",
    "stacked_mnist_modes",
]
