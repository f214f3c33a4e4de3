"""`kerasgan.metrics.get`: metrics by short name (for the CLI and `Evaluate`)."""

import keras

from kerasgan.metrics.base import Metric

FEATURES = ("reference", "keras-inception")


def _image_features(features, preprocess, weights):
    """The extractor factory and name suffix of the image-feature metrics."""
    from kerasgan.metrics.inception import InceptionFeatures
    from kerasgan.metrics.reference.extractor import ReferenceInception

    if features == "reference":
        w = "auto" if weights == "default" else weights
        return (lambda: ReferenceInception(preprocess, weights=w)), ""
    w = "imagenet" if weights == "default" else weights
    return (lambda: InceptionFeatures(weights=w)), "_keras_inception"


def _factories(features, preprocess, weights):
    from kerasgan.metrics.classifier_score import ClassifierScore
    from kerasgan.metrics.density_coverage import DensityCoverage
    from kerasgan.metrics.digits import digits_classifier, digits_feature_extractor
    from kerasgan.metrics.fid import FID
    from kerasgan.metrics.frechet import FrechetDistance
    from kerasgan.metrics.inception import InceptionScore
    from kerasgan.metrics.kid import KID
    from kerasgan.metrics.mixture import MixtureCoverage
    from kerasgan.metrics.precision_recall import PrecisionRecall
    from kerasgan.metrics.stacked_mnist import StackedMNISTModes

    extractor, suffix = _image_features(features, preprocess, weights)
    return {
        "fid": lambda: FID(extractor()),
        "kid": lambda: KID(extractor(), name="kid" + suffix),
        "is": lambda: InceptionScore(weights="imagenet" if weights == "default" else weights),
        "pr": lambda: PrecisionRecall(extractor(), name="pr" + suffix),
        "dc": lambda: DensityCoverage(extractor(), name="dc" + suffix),
        "digits_score": lambda: ClassifierScore(digits_classifier(), name="digits_score"),
        "digits_fd": lambda: FrechetDistance(digits_feature_extractor(), name="digits_fd"),
        "ring": lambda: MixtureCoverage.ring(name="ring"),
        "grid": lambda: MixtureCoverage.grid(name="grid"),
        "stacked_mnist": lambda: StackedMNISTModes(name="stacked_mnist"),
    }


NAMES = ("fid", "kid", "is", "pr", "dc", "digits_score", "digits_fd", "ring", "grid",
         "stacked_mnist")


def get(identifier, *, features="reference", preprocess="legacy-tf", inception_weights="default"):
    """Returns a metric from a short name, a serialized dict, or a `Metric`.

    Names: "fid", "kid", "pr" (precision/recall), "dc" (density/coverage) on
    Inception features — by default the reference FID network
    (`reference_inception`), so "fid" is the FID of papers; "is" (Inception
    Score, Keras's InceptionV3 classifier); "digits_score" and "digits_fd"
    (kerasgan's digits classifier); "ring" and "grid" (`MixtureCoverage` of
    the 2-D benchmarks); "stacked_mnist" (`StackedMNISTModes` with the
    shipped MNIST classifier).

    Example:

    ```python
    metrics = [kerasgan.metrics.get(n) for n in "digits_fd,digits_score".split(",")]
    fid_clean = kerasgan.metrics.get("fid", preprocess="clean")
    ```

    Args:
        identifier: A name above, a dict from `keras.saving.serialize_keras_object`,
            or a `Metric` (returned as is).
        features: "reference" (the 2015-12-05 FID network) or
            "keras-inception" (Keras's ImageNet InceptionV3; not comparable
            with papers, and logged as `fid_keras_inception`, ...). Defaults
            to "reference".
        preprocess: Resize protocol of the reference network, "legacy-tf" or
            "clean". Defaults to "legacy-tf".
        inception_weights: Weights of the Inception networks: "default"
            ("auto" for the reference network, "imagenet" for Keras's), a
            file, or None (random, for tests). Defaults to "default".
    """
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, dict):
        return keras.saving.deserialize_keras_object(identifier)
    if features not in FEATURES:
        raise ValueError(f"`features` must be one of {', '.join(FEATURES)}. Received: features={features!r}")
    if isinstance(identifier, str):
        key = identifier.strip().lower()
        factories = _factories(features, preprocess, inception_weights)
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
