"""Density and coverage (k-NN balls around real features only)."""

import keras
import numpy as np

from kerasgan._utils import check_positive_int
from kerasgan.metrics._feature import BufferedFeatureMetric
from kerasgan.metrics._neighbours import ball_membership, check_k, kth_neighbour_radii


@keras.saving.register_keras_serializable(package="kerasgan")
class DensityCoverage(BufferedFeatureMetric):
    """Density and coverage of generated samples.

    With balls B(X_i, NND_k(X_i)) around the N real features (radius: the
    distance to the k-th nearest other real feature) and M fakes Y_j:

        density  = 1/(kM) Σ_j Σ_i 1[Y_j ∈ B(X_i, NND_k(X_i))]
        coverage = 1/N Σ_i 1[∃ j : Y_j ∈ B(X_i, NND_k(X_i))]

    Balls are open (distance < radius), as in the authors' code. Only real
    balls are used, so outliers among the fakes cannot inflate the scores as
    they do for precision/recall. Density counts how many real
    neighbourhoods each fake falls in; it is ≈ 1 when both sets come from the
    same distribution and *can exceed 1* when fakes crowd dense real
    regions. Coverage (in [0, 1]) is the share of real neighbourhoods that
    contain at least one fake. `result()` returns `{"density": ..., "coverage": ...}`.

    Example:

    ```python
    dc = kerasgan.metrics.DensityCoverage(k=5)
    dc.update_state(real_features, fake_features)
    dc.result()          # {"density": 1.02, "coverage": 0.97}
    ```

    Args:
        feature_extractor: Callable mapping samples to features, or None to
            pass features. Defaults to None.
        k: Neighbour defining each real ball's radius. Defaults to 5.
        max_samples: Feature rows kept per side. Defaults to 10000.
        seed: Seed of the reservoir. Defaults to None.
        name: Log-key prefix. Defaults to "density_coverage".

    Reference:
        Naeem et al., "Reliable Fidelity and Diversity Metrics for Generative
        Models", ICML 2020, Section 3, Eq. (density) and (coverage); k = 5.
    """

    def __init__(self, feature_extractor=None, *, k=5, max_samples=10_000, seed=None, name=None):
        self.k = check_positive_int("k", k)
        super().__init__(feature_extractor, max_samples=max_samples, seed=seed, name=name)

    def result(self):
        real, fake = self.buffered("real"), self.buffered("fake")
        check_k(self.k, real.shape[0], "real")
        count, hit = ball_membership(fake, real, kth_neighbour_radii(real, self.k), strict=True)
        return {
            "density": float(count.sum() / (self.k * fake.shape[0])),
            "coverage": float(np.mean(hit)),
        }

    def get_config(self):
        return {**super().get_config(), "k": self.k}
