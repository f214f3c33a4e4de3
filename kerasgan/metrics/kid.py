"""Kernel Inception Distance: unbiased MMD² with a cubic polynomial kernel."""

import keras
import numpy as np

from kerasgan._utils import check_positive_int
from kerasgan.metrics._feature import BufferedFeatureMetric


def polynomial_kernel(x, y):
    """k(x, y) = (xᵀy / d + 1)³ for all pairs of rows."""
    return (x @ y.T / x.shape[1] + 1.0) ** 3


def mmd2_unbiased(x, y):
    """Unbiased estimate of MMD² between the rows of `x` and of `y`.

    MMD²_u = Σ_{i≠j} k(x_i, x_j) / (m(m−1)) + Σ_{i≠j} k(y_i, y_j) / (n(n−1))
             − 2 Σ_{i,j} k(x_i, y_j) / (mn)
    """
    m, n = x.shape[0], y.shape[0]
    k_xx, k_yy, k_xy = polynomial_kernel(x, x), polynomial_kernel(y, y), polynomial_kernel(x, y)
    return (
        (k_xx.sum() - np.trace(k_xx)) / (m * (m - 1))
        + (k_yy.sum() - np.trace(k_yy)) / (n * (n - 1))
        - 2.0 * k_xy.mean()
    )


@keras.saving.register_keras_serializable(package="kerasgan")
class KID(BufferedFeatureMetric):
    """Kernel Inception Distance: unbiased MMD² between feature sets.

    KID = MMD²_u(real, fake) with k(x, y) = (xᵀy / d + 1)³,

    MMD²_u = 1/(m(m−1)) Σ_{i≠j} k(x_i, x_j) + 1/(m(m−1)) Σ_{i≠j} k(y_i, y_j)
             − 2/m² Σ_{i,j} k(x_i, y_j),

    averaged over `num_subsets` random subsets of m = min(`subset_size`,
    n_real, n_fake) samples of each side (drawn without replacement).
    `result()` returns `{"mean": ..., "std": ...}` over the subsets. The
    estimator is unbiased, so unlike FID it has no sample-size bias and can
    be negative when the distributions match. Features are kept in a bounded
    reservoir of `max_samples` rows per side.

    Example:

    ```python
    kid = kerasgan.metrics.KID(num_subsets=10, subset_size=100, seed=0)
    kid.update_state(real_features, fake_features)
    kid.result()["mean"]
    ```

    Args:
        feature_extractor: Callable mapping samples to features, or None to
            pass features. Defaults to None (use `kerasgan.metrics.
            reference_inception()` for the KID of the paper).
        num_subsets: Number of subsets. Defaults to 100.
        subset_size: Samples per side in each subset. Defaults to 1000.
        max_samples: Feature rows kept per side. Defaults to 10000.
        seed: Seed of the subset draws. Defaults to None.
        name: Log-key prefix. Defaults to "kid".

    Reference:
        Bińkowski et al., "Demystifying MMD GANs", ICLR 2018, Eq. 3 (unbiased
        MMD²) and Section 4 (KID, cubic kernel, subsets of 1000).
    """

    def __init__(
        self, feature_extractor=None, *, num_subsets=100, subset_size=1000,
        max_samples=10_000, seed=None, name=None,
    ):
        self.num_subsets = check_positive_int("num_subsets", num_subsets)
        self.subset_size = check_positive_int("subset_size", subset_size)
        super().__init__(feature_extractor, max_samples=max_samples, seed=seed, name=name)

    def result(self):
        real, fake = self.buffered("real", min_rows=2), self.buffered("fake", min_rows=2)
        m = min(self.subset_size, real.shape[0], fake.shape[0])
        rng = np.random.default_rng(self.seed)
        values = np.empty(self.num_subsets)
        for s in range(self.num_subsets):
            x = real[rng.choice(real.shape[0], m, replace=False)]
            y = fake[rng.choice(fake.shape[0], m, replace=False)]
            values[s] = mmd2_unbiased(x, y)
        return {"mean": float(values.mean()), "std": float(values.std())}

    def get_config(self):
        return {
            **super().get_config(),
            "num_subsets": self.num_subsets,
            "subset_size": self.subset_size,
        }
