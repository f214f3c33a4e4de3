"""Mode coverage on a mixture of Gaussians (the PacGAN / VEEGAN benchmarks)."""

import math

import keras
import numpy as np

from kerasgan.metrics.base import Metric, as_matrix, check_positive_float

_CHUNK = 8192  # samples per distance block: bounds memory to _CHUNK x num_modes


def ring_centers(num_modes=8, radius=1.0):
    """`num_modes` centres at radius·(cos 2πi/n, sin 2πi/n), the 2-D ring."""
    angles = 2.0 * np.pi * np.arange(num_modes) / num_modes
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def grid_centers(values=(-4.0, -2.0, 0.0, 2.0, 4.0)):
    """Centres on the square grid values × values, the 2-D grid (25 modes)."""
    xs, ys = np.meshgrid(values, values, indexing="ij")
    return np.stack([xs.ravel(), ys.ravel()], axis=1).astype(np.float64)


def _check_std(std, num_modes):
    arr = np.asarray(std, dtype=np.float64) if not isinstance(std, bool) else None
    if arr is None or arr.ndim > 1 or (arr.ndim == 1 and arr.shape[0] != num_modes):
        raise ValueError(
            "`std` must be a positive number or one positive number per mode "
            f"({num_modes} values). Received: std={std!r}"
        )
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"`std` must be positive. Received: std={std!r}")
    return np.broadcast_to(arr, (num_modes,)).copy()


def _summary(histogram, num_samples):
    """Modes, high-quality share and KL(p ‖ uniform) of a mode histogram."""
    histogram = np.asarray(histogram, dtype=np.int64)
    good = int(histogram.sum())
    k = histogram.shape[0]
    if good == 0:
        reverse_kl = float("nan")  # no high-quality sample: p is undefined
    else:
        p = histogram[histogram > 0] / good  # 0·log 0 = 0
        reverse_kl = float(np.sum(p * np.log(p * k)))
    return {
        "modes": int(np.count_nonzero(histogram)),
        "high_quality": good / num_samples if num_samples else float("nan"),
        "reverse_kl": reverse_kl,
        "histogram": histogram.copy(),
    }


@keras.saving.register_keras_serializable(package="kerasgan")
class MixtureCoverage(Metric):
    """Modes covered, high-quality share and reverse KL on a Gaussian mixture.

    Each sample x is assigned to its nearest mode by σ-normalized distance

        d(x) = min_k ‖x − μ_k‖ / σ_k,   k*(x) = argmin_k ‖x − μ_k‖ / σ_k

    and is *high quality* when d(x) < `threshold` (3σ). With n_k the number
    of high-quality samples assigned to mode k, N the number of samples and
    K the number of modes:

        modes        = #{k : n_k > 0}
        high_quality = Σ_k n_k / N
        reverse_kl   = KL(p ‖ u) = Σ_k p_k log(K p_k),   p_k = n_k / Σ_j n_j

    (0 · log 0 = 0). A perfect sampler of an isotropic 2-D mixture scores
    `high_quality` = P(χ²₂ < 9) = 1 − e^{−4.5} ≈ 0.989 and `reverse_kl` ≈ 0;
    a generator collapsed on one mode scores `reverse_kl` = log K. With no
    high-quality sample at all, `reverse_kl` is NaN.

    The state is the per-mode histogram and the sample count, so
    `update_state` can be called on any number of batches in bounded memory.
    `result()` returns a dict: `modes` (int), `high_quality` (float in
    [0, 1]), `reverse_kl` (float, nats) and `histogram` (int64 array of n_k,
    shape `(K,)`).

    Example:

    ```python
    metric = kerasgan.metrics.MixtureCoverage.ring()    # 8 modes, σ = 0.01
    metric.update_state(gan.generate(2500, seed=0))
    metric.result()["modes"]                             # e.g. 8
    ```

    Args:
        centers: Mode centres, array-like of shape `(K, d)`.
        std: Standard deviation of each mode: one number, or one per mode.
        threshold: High-quality radius in units of σ. Defaults to 3.0.
        name: Log-key prefix. Defaults to "mixture_coverage".

    Reference:
        Srivastava et al., "VEEGAN: Reducing Mode Collapse in GANs using
        Implicit Variational Learning", NeurIPS 2017, Section 5.1 (modes and
        high-quality samples within 3σ). Lin et al., "PacGAN: The power of two
        samples in generative adversarial networks", NeurIPS 2018, Section 5.1
        and Table 1 (adds the reverse KL of the mode histogram to uniform).
    """

    def __init__(self, centers, std, *, threshold=3.0, name=None):
        super().__init__(name=name)
        centers = np.asarray(centers, dtype=np.float64)
        if centers.ndim != 2 or centers.shape[0] < 1 or centers.shape[1] < 1:
            raise ValueError(
                "`centers` must have shape (num_modes, dim) with at least one mode. "
                f"Received: centers.shape={centers.shape}"
            )
        self.centers = centers
        self.std = _check_std(std, centers.shape[0])
        self._std_config = float(std) if np.ndim(std) == 0 else [float(v) for v in np.ravel(std)]
        self.threshold = check_positive_float("threshold", threshold)
        self.reset_state()

    @classmethod
    def ring(cls, *, num_modes=8, radius=1.0, std=0.01, **kwargs):
        """The 2-D ring benchmark: 8 modes on the unit circle, σ = 0.01."""
        return cls(ring_centers(num_modes, radius), std, **kwargs)

    @classmethod
    def grid(cls, *, values=(-4.0, -2.0, 0.0, 2.0, 4.0), std=0.05, **kwargs):
        """The 2-D grid benchmark: 25 modes on {−4, −2, 0, 2, 4}², σ = 0.05."""
        return cls(grid_centers(values), std, **kwargs)

    @property
    def num_modes(self):
        return self.centers.shape[0]

    def assign(self, samples):
        """Returns `(nearest_mode, normalized_distance)`, each of shape `(n,)`."""
        x = as_matrix("samples", samples, width=self.centers.shape[1], min_rows=0)
        modes = np.empty(x.shape[0], dtype=np.int64)
        dists = np.empty(x.shape[0], dtype=np.float64)
        for start in range(0, x.shape[0], _CHUNK):
            block = x[start : start + _CHUNK]
            sq = np.sum((block[:, None, :] - self.centers[None, :, :]) ** 2, axis=-1)
            normalized = np.sqrt(sq) / self.std[None, :]
            normalized = np.where(np.isnan(normalized), np.inf, normalized)
            idx = np.argmin(normalized, axis=1)
            modes[start : start + _CHUNK] = idx
            dists[start : start + _CHUNK] = normalized[np.arange(len(idx)), idx]
        return modes, dists

    def update_state(self, samples):
        """Adds a batch of samples of shape `(n, d)`."""
        modes, dists = self.assign(samples)
        good = dists < self.threshold
        self.histogram += np.bincount(modes[good], minlength=self.num_modes)
        self.num_samples += int(modes.shape[0])

    def result(self):
        return _summary(self.histogram, self.num_samples)

    def reset_state(self):
        self.histogram = np.zeros(self.num_modes, dtype=np.int64)
        self.num_samples = 0

    def get_config(self):
        return {
            "centers": self.centers.tolist(),
            "std": self._std_config,
            "threshold": self.threshold,
            **super().get_config(),
        }


def mixture_coverage(samples, centers, std, *, threshold=3.0):
    """Functional form of `MixtureCoverage`: one call on all samples.

    Example:

    ```python
    r = kerasgan.metrics.mixture_coverage(samples, centers, 0.05)
    r["modes"], r["high_quality"], r["reverse_kl"], r["histogram"]
    ```

    Args:
        samples: Array of shape `(n, d)`.
        centers: Mode centres of shape `(K, d)`.
        std: σ of the modes (one number or one per mode).
        threshold: High-quality radius in σ. Defaults to 3.0.

    Returns:
        Dict with `modes`, `high_quality`, `reverse_kl` and `histogram`.

    Reference:
        Lin et al., "PacGAN", NeurIPS 2018, Section 5.1 and Table 1.
    """
    metric = MixtureCoverage(centers, std, threshold=threshold)
    metric.update_state(samples)
    return metric.result()


# P(χ²₂ < 9): the high-quality share of a perfect sampler of a 2-D mixture.
PERFECT_HIGH_QUALITY_2D = 1.0 - math.exp(-4.5)
