"""Keras's InceptionV3 (ImageNet weights) as a feature extractor, and the Inception Score.

Not the network of published FIDs: that is `kerasgan.metrics.reference_inception()`.
"""

import os

import keras
import numpy as np

from kerasgan._utils import check_positive_int
from kerasgan.metrics._feature import to_numpy
from kerasgan.metrics.classifier_score import ClassifierScore

INPUT_SIZE = 299
_RANGE_TOLERANCE = 1e-3


def _check_weights(weights):
    if weights is None or weights == "imagenet":
        return weights
    if not isinstance(weights, (str, os.PathLike)):
        raise TypeError(
            '`weights` must be "imagenet", a path to a weights file, or None. '
            f"Received: weights={weights!r}"
        )
    if not os.path.exists(weights):
        raise ValueError(
            "`weights` must be \"imagenet\" or the path of an existing InceptionV3 weights "
            f"file (.h5 / .weights.h5). Received: weights={weights!r}, which does not exist."
        )
    return os.fspath(weights)


def check_images(images):
    """Returns float32 NHWC images with 3 channels, checked to lie in [-1, 1]."""
    x = np.asarray(to_numpy(images), dtype=np.float32)
    if x.ndim != 4 or x.shape[-1] not in (1, 3):
        raise ValueError(
            "`images` must have shape (batch, height, width, 1 or 3). "
            f"Received: images.shape={x.shape}"
        )
    if x.size and (x.min() < -1 - _RANGE_TOLERANCE or x.max() > 1 + _RANGE_TOLERANCE):
        raise ValueError(
            "`images` must be scaled to [-1, 1] (kerasgan's data and tanh generators are). "
            f"Received: values in [{x.min():.4g}, {x.max():.4g}]; for uint8 images use "
            "`x / 127.5 - 1`."
        )
    return np.repeat(x, 3, axis=-1) if x.shape[-1] == 1 else x


@keras.saving.register_keras_serializable(package="kerasgan")
class InceptionFeatures:
    """Keras's InceptionV3 (ImageNet) as a feature extractor or classifier.

    This is *not* the network of published FIDs (TTUR, pytorch-fid,
    StyleGAN2-ADA, clean-fid use the Inception graph of 2015-12-05, see
    `reference_inception`): its features, and a Fréchet distance on them
    (logged as `fid_keras_inception`), are not comparable with papers.

    Images in [-1, 1] (grayscale is repeated to 3 channels) are resized to
    299×299 with `interpolation` — exactly the input range InceptionV3's
    `preprocess_input` produces — and fed to
    `keras.applications.InceptionV3`. With `include_top=False` the output is
    the 2048-d average-pool feature (FID, KID, precision/recall); with
    `include_top=True` the 1000-class softmax (Inception Score).

    The resize filter changes the score: clean-fid (Parmar et al. 2022)
    measured a StyleGAN2 FID of 2.98 with PIL-bicubic resizing and 9.16
    with TF's bicubic. Report the filter with your numbers, and only compare
    scores computed the same way. The model is built lazily on first call.

    Example:

    ```python
    extract = kerasgan.metrics.InceptionFeatures(weights="/data/inception_v3_notop.h5")
    features = extract(images)       # (n, 2048)
    kid = kerasgan.metrics.KID(extract, name="kid_keras_inception")
    ```

    Args:
        weights: "imagenet" (downloaded once by Keras into ~/.keras/models),
            the path of a local weights file, or None (random weights, for
            tests). Defaults to "imagenet".
        include_top: Return class probabilities instead of pool features.
            Defaults to False.
        interpolation: Resize filter ("bilinear", "bicubic", "area", ...).
            Defaults to "bilinear".
        antialias: Antialias when downsampling. Defaults to False.
        batch_size: Images per forward pass. Defaults to 32.

    Reference:
        Szegedy et al., "Rethinking the Inception Architecture for Computer
        Vision", CVPR 2016. Parmar, Zhang & Zhu, "On Aliased Resizing and
        Surprising Subtleties in GAN Evaluation", CVPR 2022, Section 3.
    """

    qualifier = "keras_inception"  # FID(InceptionFeatures()) logs as "fid_keras_inception"

    def __init__(self, *, weights="imagenet", include_top=False, interpolation="bilinear",
                 antialias=False, batch_size=32):
        self.weights = _check_weights(weights)
        self.include_top = bool(include_top)
        self.interpolation = interpolation
        self.antialias = bool(antialias)
        self.batch_size = check_positive_int("batch_size", batch_size)
        self._model = None

    @property
    def model(self):
        if self._model is None:
            self._model = self._build()
        return self._model

    def _build(self):
        kwargs = {"include_top": self.include_top, "weights": self.weights,
                  "input_shape": (INPUT_SIZE, INPUT_SIZE, 3)}
        if not self.include_top:
            kwargs["pooling"] = "avg"
        try:
            return keras.applications.InceptionV3(**kwargs)
        except Exception as error:
            if self.weights != "imagenet":
                raise
            raise OSError(
                "Could not fetch the ImageNet weights of InceptionV3 (no network?). Download "
                "the weights file once on a machine with network access ("
                + ("inception_v3_weights_tf_dim_ordering_tf_kernels.h5" if self.include_top
                   else "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5")
                + " from https://storage.googleapis.com/tensorflow/keras-applications/"
                "inception_v3/), or copy it into ~/.keras/models/, and pass "
                '`weights="/path/to/that.h5"`. Received: weights="imagenet". '
                f"Original error: {error}"
            ) from error

    def __call__(self, images):
        x = check_images(images)
        outputs = []
        for start in range(0, x.shape[0], self.batch_size):
            batch = keras.ops.image.resize(
                x[start : start + self.batch_size], (INPUT_SIZE, INPUT_SIZE),
                interpolation=self.interpolation, antialias=self.antialias,
            )
            outputs.append(to_numpy(self.model(batch, training=False)))
        width = 1000 if self.include_top else 2048
        return np.concatenate(outputs) if outputs else np.zeros((0, width), np.float32)

    def get_config(self):
        return {"weights": self.weights, "include_top": self.include_top,
                "interpolation": self.interpolation, "antialias": self.antialias,
                "batch_size": self.batch_size}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@keras.saving.register_keras_serializable(package="kerasgan")
class InceptionScore(ClassifierScore):
    """Inception Score: `ClassifierScore` with InceptionV3's ImageNet classifier.

    IS = exp(E_x KL(p(y|x) ‖ p(y))), mean and std over `splits` groups.

    Keras's InceptionV3 has 1000 classes; the original TensorFlow Inception
    graph of Salimans et al. had 1008 outputs and different weights, so
    scores are close to, but not identical with, published ones.

    Example:

    ```python
    score = kerasgan.metrics.InceptionScore(weights="/data/inception_v3.h5")
    score.update_state(gan.generate(5000, seed=0))
    score.result()       # {"mean": ..., "std": ...}
    ```

    Args:
        weights: "imagenet", a local weights file, or None. Defaults to "imagenet".
        splits: Number of groups. Defaults to 10.
        batch_size: Images per forward pass. Defaults to 32.
        name: Log-key prefix. Defaults to "inception_score".

    Reference:
        Salimans et al., "Improved Techniques for Training GANs", NeurIPS
        2016, Section 4.
    """

    def __init__(self, *, weights="imagenet", splits=10, batch_size=32, name="inception_score"):
        classifier = InceptionFeatures(weights=weights, include_top=True, batch_size=batch_size)
        super().__init__(classifier, splits=splits, name=name)

    def get_config(self):
        return {"weights": self.classifier.weights, "splits": self.splits,
                "batch_size": self.classifier.batch_size, "name": self.name}
