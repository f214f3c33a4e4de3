"""Fréchet distance between Gaussians fitted to real and generated features."""

import warnings

import keras
import numpy as np

from kerasgan.metrics._feature import FeatureMetric
from kerasgan.metrics._moments import RunningMoments
from kerasgan.metrics.base import as_matrix
from kerasgan.metrics.reference.frechet import eigh_trace_root


def frechet_distance(mu1, sigma1, mu2, sigma2):
    """Fréchet (2-Wasserstein) distance² between N(μ₁, Σ₁) and N(μ₂, Σ₂).

    d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^½)

    Example:

    ```python
    d = kerasgan.metrics.frechet_distance(np.zeros(2), np.eye(2), np.ones(2), np.eye(2))
    # 2.0
    ```

    Args:
        mu1: Mean of the first Gaussian, shape `(d,)`.
        sigma1: Covariance of the first Gaussian, shape `(d, d)`.
        mu2: Mean of the second Gaussian, shape `(d,)`.
        sigma2: Covariance of the second Gaussian, shape `(d, d)`.

    Returns:
        The squared distance as a Python float (≥ 0).

    Reference:
        Dowson & Landau, "The Fréchet distance between multivariate normal
        distributions", J. Multivariate Analysis 1982. Heusel et al., "GANs
        Trained by a Two Time-Scale Update Rule Converge to a Local Nash
        Equilibrium", NeurIPS 2017, Eq. 6.
    """
    mu1, mu2 = np.asarray(mu1, np.float64).ravel(), np.asarray(mu2, np.float64).ravel()
    sigma1, sigma2 = np.asarray(sigma1, np.float64), np.asarray(sigma2, np.float64)
    d = mu1.shape[0]
    for name, value, shape in (("mu2", mu2, (d,)), ("sigma1", sigma1, (d, d)), ("sigma2", sigma2, (d, d))):
        if value.shape != shape:
            raise ValueError(
                f"`{name}` must have shape {shape} to match `mu1` of shape ({d},). "
                f"Received: {name}.shape={value.shape}"
            )
    diff = mu1 - mu2
    value = diff @ diff + np.trace(sigma1) + np.trace(sigma2)
    value -= 2.0 * eigh_trace_root(sigma1, sigma2)[0]  # FID's eigh path, without its warning
    return max(float(value), 0.0)


@keras.saving.register_keras_serializable(package="kerasgan")
class FrechetDistance(FeatureMetric):
    """Fréchet distance between Gaussians fitted to real and generated features.

    d² = ‖μ_r − μ_g‖² + Tr(Σ_r + Σ_g − 2 (Σ_r Σ_g)^½)

    where (μ, Σ) are the mean and covariance of each side's features. With
    InceptionV3 pool features this is FID (see `kerasgan.metrics.FID`); with
    a domain classifier's features it is the "Fréchet classifier distance"
    TF-GAN reports on MNIST (see `digits_feature_extractor`).

    Moments accumulate in float64 with a pairwise (Chan) update, so memory
    is O(d²) whatever the number of samples, and any batching gives the same
    result. The matrix square root goes through `eigh` of the symmetric
    Σ_r^½ Σ_g Σ_r^½ with tiny negative eigenvalues clipped. With no more
    samples than feature dimensions a covariance is singular: `result()`
    warns then (the estimate is biased upward; use more samples).

    Example:

    ```python
    fd = kerasgan.metrics.FrechetDistance()        # features passed directly
    fd.update_state(real_features, fake_features)  # any number of batches
    fd.result()                                    # float
    ```

    Args:
        feature_extractor: Callable mapping a batch of samples to `(batch, d)`
            features, or None to pass features. Defaults to None.
        name: Log-key prefix. Defaults to "frechet_distance".

    Reference:
        Heusel et al., "GANs Trained by a Two Time-Scale Update Rule Converge
        to a Local Nash Equilibrium", NeurIPS 2017, Eq. 6 (FID).
    """

    def _add(self, side, features):
        self._moments[side].add(features)

    def _reset(self, side):
        if not hasattr(self, "_moments"):
            self._moments = {}
        self._moments[side] = RunningMoments()

    def statistics(self, side):
        """Returns `(count, mean, covariance)` of `side` ("real" or "fake")."""
        m = self._moments[side]
        return m.count, m.mean, (m.covariance() if m.count > 1 else None)

    def result(self):
        for side in ("real", "fake"):
            count = self._moments[side].count
            if count < 2:
                raise ValueError(
                    f"`{side}` needs at least 2 samples for a covariance. "
                    f"Received: {count} {side} sample(s); call `update_state` with more."
                )
            if count <= self._width:
                warnings.warn(
                    f"{self.name}: {count} {side} samples for {self._width} feature dimensions: "
                    "the covariance estimate is singular and the distance is biased. "
                    "Use more samples than feature dimensions.",
                    stacklevel=2,
                )
        _, mu_r, sigma_r = self.statistics("real")
        _, mu_g, sigma_g = self.statistics("fake")
        return frechet_distance(mu_r, sigma_r, mu_g, sigma_g)


def gaussian_statistics(features):
    """Returns `(mean, covariance)` of a `(n, d)` feature array, in float64."""
    x = as_matrix("features", features, min_rows=2)
    return x.mean(axis=0), np.cov(x, rowvar=False)
