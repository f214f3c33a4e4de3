"""Gaussian Parzen-window log-likelihood (historical; see the warning)."""

import keras
import numpy as np

from kerasgan.metrics._feature import BufferedFeatureMetric
from kerasgan.metrics.base import as_matrix, check_positive_float

_CHUNK = 512


def parzen_log_likelihood(points, centres, bandwidth):
    """log p(x) of each row of `points` under a Gaussian KDE on `centres`.

    log p(x) = logsumexp_j(−‖x − c_j‖² / 2h²) − log M − (d/2) log(2πh²)
    """
    centres = np.asarray(centres, np.float64)
    m, d = centres.shape
    c_sq = np.sum(centres * centres, axis=1)
    out = np.empty(len(points))
    const = np.log(m) + 0.5 * d * np.log(2.0 * np.pi * bandwidth**2)
    for start in range(0, len(points), _CHUNK):
        x = np.asarray(points[start : start + _CHUNK], np.float64)
        sq = np.maximum(np.sum(x * x, axis=1)[:, None] + c_sq[None, :] - 2.0 * x @ centres.T, 0.0)
        a = -sq / (2.0 * bandwidth**2)
        top = a.max(axis=1, keepdims=True)
        out[start : start + _CHUNK] = (top[:, 0] + np.log(np.exp(a - top).sum(axis=1))) - const
    return out


@keras.saving.register_keras_serializable(package="kerasgan")
class ParzenWindow(BufferedFeatureMetric):
    """Mean log-likelihood of real samples under a Parzen window on fakes.

    A Gaussian kernel density with bandwidth h is fitted to the M generated
    samples g_j, and the real (held-out) samples x are scored:

        log p̂(x) = logsumexp_j(−‖x − g_j‖² / 2h²) − log M − (d/2) log(2πh²)

    `result()` returns `{"log_likelihood": mean, "std_error": std/√n}` over
    the real samples, in nats. Choose h by cross-validation on a validation
    split (`select_bandwidth`), as Goodfellow et al. did.

    Warning: this is *not* a reliable measure of a generative model. Theis,
    van den Oord & Bethge (2016) show that Parzen estimates are far from the
    true log-likelihood even in 6 dimensions with millions of samples, that a
    model which memorises or blurs the training data can beat a good one,
    and that the ranking of models need not agree with the true likelihood.
    It is here to reproduce the numbers of early GAN papers; prefer FID/KID
    and precision/recall for comparisons.

    Example:

    ```python
    pw = kerasgan.metrics.ParzenWindow(bandwidth=0.2)
    pw.update_state(test_images.reshape(len(test_images), -1), fakes.reshape(len(fakes), -1))
    pw.result()["log_likelihood"]
    ```

    Args:
        bandwidth: Kernel standard deviation h, in the units of the inputs.
        feature_extractor: Callable applied to samples first, or None (the
            usual choice: raw flattened pixels). Defaults to None.
        max_samples: Rows kept per side. Defaults to 10000.
        seed: Seed of the reservoir. Defaults to None.
        name: Log-key prefix. Defaults to "parzen_window".

    Reference:
        Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014,
        Section 5 and Table 1 (after Breuleux et al. 2011). Theis, van den
        Oord & Bethge, "A note on the evaluation of generative models", ICLR
        2016, Section 3.2 (why Parzen estimates mislead).
    """

    def __init__(self, bandwidth, *, feature_extractor=None, max_samples=10_000, seed=None, name=None):
        self.bandwidth = check_positive_float("bandwidth", bandwidth)
        super().__init__(feature_extractor, max_samples=max_samples, seed=seed, name=name)

    def result(self):
        real, fake = self.buffered("real"), self.buffered("fake")
        ll = parzen_log_likelihood(real, fake, self.bandwidth)
        return {
            "log_likelihood": float(ll.mean()),
            "std_error": float(ll.std(ddof=1) / np.sqrt(len(ll))) if len(ll) > 1 else float("nan"),
        }

    @staticmethod
    def select_bandwidth(fake, validation, candidates):
        """Returns the bandwidth in `candidates` with the best validation likelihood."""
        fake = as_matrix("fake", fake)
        validation = as_matrix("validation", validation, width=fake.shape[1])
        candidates = [check_positive_float("candidates", float(h)) for h in candidates]
        if not candidates:
            raise ValueError("`candidates` must hold at least one bandwidth. Received: candidates=[]")
        scores = [parzen_log_likelihood(validation, fake, h).mean() for h in candidates]
        return candidates[int(np.argmax(scores))]

    def get_config(self):
        config = super().get_config()
        return {"bandwidth": self.bandwidth, **config}
