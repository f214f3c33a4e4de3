"""`kerasgan.metrics.get`: metrics by short name (for the CLI and `Evaluate`)."""

import keras

from kerasgan.metrics.base import Metric


def _factories(weights):
    from kerasgan.metrics.classifier_score import ClassifierScore
    from kerasgan.metrics.density_coverage import DensityCoverage
    from kerasgan.metrics.digits import digits_classifier, digits_feature_extractor
    from kerasgan.metrics.frechet import FrechetDistance
    from kerasgan.metrics.inception import FID, InceptionFeatures, InceptionScore
    from kerasgan.metrics.kid import KID
    from kerasgan.metrics.mixture import MixtureCoverage
    from kerasgan.metrics.precision_recall import PrecisionRecall
    from kerasgan.metrics.stacked_mnist import StackedMNISTModes

    return {
        "fid": lambda: FID(weights=weights),
        "kid": lambda: KID(InceptionFeatures(weights=weights), name="kid"),
        "is": lambda: InceptionScore(weights=weights),
        "pr": lambda: PrecisionRecall(InceptionFeatures(weights=weights), name="pr"),
        "dc": lambda: DensityCoverage(InceptionFeatures(weights=weights), name="dc"),
        "digits_score": lambda: ClassifierScore(digits_classifier(), name="digits_score"),
        "digits_fd": lambda: FrechetDistance(digits_feature_extractor(), name="digits_fd"),
        "ring": lambda: MixtureCoverage.ring(name="ring"),
        "grid": lambda: MixtureCoverage.grid(name="grid"),
        "stacked_mnist": lambda: StackedMNISTModes(name="stacked_mnist"),
    }


NAMES = ("fid", "kid", "is", "pr", "dc", "digits_score", "digits_fd", "ring", "grid",
         "stacked_mnist")


def get(identifier, *, inception_weights="imagenet"):
    """Returns a metric from a short name, a serialized dict, or a `Metric`.

    Names: "fid", "kid", "is", "pr" (precision/recall), "dc"
    (density/coverage) on InceptionV3 features; "digits_score" and
    "digits_fd" (classifier score and Fréchet distance with kerasgan's digits
    classifier); "ring" and "grid" (`MixtureCoverage` of the 2-D benchmarks);
    "stacked_mnist" (`StackedMNISTModes` with the shipped MNIST classifier).

    Example:

    ```python
    metrics = [kerasgan.metrics.get(n) for n in "digits_fd,digits_score".split(",")]
    ```

    Args:
        identifier: A name above, a dict from `keras.saving.serialize_keras_object`,
            or a `Metric` (returned as is).
        inception_weights: `weights` of the InceptionV3-based metrics.
            Defaults to "imagenet".
    """
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, dict):
        return keras.saving.deserialize_keras_object(identifier)
    if isinstance(identifier, str):
        key = identifier.strip().lower()
        factories = _factories(inception_weights)
        if key not in factories:
            raise ValueError(
                f"Unknown metric name. Received: metric={identifier!r}. "
                f"Valid names: {', '.join(NAMES)}"
            )
        return factories[key]()
    raise TypeError(
        "`metric` must be a metric name, a serialized dict or a kerasgan.metrics.Metric. "
        f"Received: metric={identifier!r}"
    )
