"""Improved precision and recall (k-NN manifolds of real and fake features)."""

import keras
import numpy as np

from kerasgan._utils import check_positive_int
from kerasgan.metrics._feature import BufferedFeatureMetric
from kerasgan.metrics._neighbours import ball_membership, check_k, kth_neighbour_radii


@keras.saving.register_keras_serializable(package="kerasgan")
class PrecisionRecall(BufferedFeatureMetric):
    """Improved precision and recall of generated samples.

    Each set Φ is approximated by the union of balls around its points with
    radius the distance to the k-th nearest neighbour within the set:

        manifold(Φ) = ∪_{φ ∈ Φ} B(φ, NN_k(φ, Φ)),   B closed,
        precision   = 1/|Φ_g| Σ_{φ_g} 1[φ_g ∈ manifold(Φ_r)]
        recall      = 1/|Φ_r| Σ_{φ_r} 1[φ_r ∈ manifold(Φ_g)]

    Precision is the share of fakes that look real (quality); recall is the
    share of reals the generator can produce (diversity). `result()` returns
    `{"precision": ..., "recall": ...}`. The cost is O(n²) distances per side
    (chunked); features are kept in a reservoir of `max_samples` rows.

    Example:

    ```python
    pr = kerasgan.metrics.PrecisionRecall(k=3)
    pr.update_state(real_features, fake_features)
    pr.result()            # {"precision": 0.8, "recall": 0.6}
    ```

    Args:
        feature_extractor: Callable mapping samples to features, or None to
            pass features. Defaults to None.
        k: Neighbour defining each ball's radius. Defaults to 3.
        max_samples: Feature rows kept per side. Defaults to 10000.
        seed: Seed of the reservoir. Defaults to None.
        name: Log-key prefix. Defaults to "precision_recall".

    Reference:
        Kynkäänniemi et al., "Improved Precision and Recall Metric for
        Assessing Generative Models", NeurIPS 2019, Section 2, Eq. 1–2
        (k = 3 recommended).
    """

    def __init__(self, feature_extractor=None, *, k=3, max_samples=10_000, seed=None, name=None):
        self.k = check_positive_int("k", k)
        super().__init__(feature_extractor, max_samples=max_samples, seed=seed, name=name)

    def result(self):
        real, fake = self.buffered("real"), self.buffered("fake")
        check_k(self.k, real.shape[0], "real")
        check_k(self.k, fake.shape[0], "fake")
        in_real, _ = ball_membership(fake, real, kth_neighbour_radii(real, self.k))
        in_fake, _ = ball_membership(real, fake, kth_neighbour_radii(fake, self.k))
        return {
            "precision": float(np.mean(in_real > 0)),
            "recall": float(np.mean(in_fake > 0)),
        }

    def get_config(self):
        return {**super().get_config(), "k": self.k}
