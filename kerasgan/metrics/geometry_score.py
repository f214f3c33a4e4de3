"""Geometry Score (Khrulkov & Oseledets 2018): compare the H1 topology of two samples."""

import keras
import numpy as np

from kerasgan._utils import check_positive_int
from kerasgan.metrics._feature import BufferedFeatureMetric
from kerasgan.metrics.base import as_matrix, check_positive_float


def _gudhi():
    try:
        import gudhi
    except ImportError:
        raise ImportError(
            "The Geometry Score computes persistent homology with gudhi, which is not "
            "installed. Install it with `pip install 'kerasgan[topology]'` "
            "(or `pip install gudhi`)."
        ) from None
    return gudhi


def _living_times(intervals, alpha_max, i_max):
    """Share of [0, α_max] during which exactly i intervals are alive, i < i_max."""
    rlt = np.zeros(i_max)
    if len(intervals) == 0:
        rlt[0] = 1.0
        return rlt
    births = np.minimum(intervals[:, 0], alpha_max)
    deaths = np.minimum(intervals[:, 1], alpha_max)  # inf (never dies) ends at α_max
    times = np.unique(np.concatenate([[0.0, alpha_max], births, deaths]))
    lengths = np.diff(times)
    mids = 0.5 * (times[1:] + times[:-1])
    alive = ((births[:, None] <= mids) & (mids < deaths[:, None])).sum(axis=0)
    keep = alive < i_max
    rlt += np.bincount(alive[keep], weights=lengths[keep], minlength=i_max)[:i_max]
    return rlt / alpha_max


def relative_living_times(x, *, num_landmarks=64, gamma=None, i_max=100, repetitions=1000,
                          seed=None):
    """The mean relative living times (MRLT) of H1 of a point cloud's witness complexes.

    For each repetition, `num_landmarks` points drawn at random are the
    landmarks and all of `x` the witnesses of a (weak) witness complex,
    filtered by its relaxation α from 0 to α_max = γ·max d(w, l) over
    witnesses w and landmarks l (Euclidean distances, as the authors' code
    passes them to gudhi). RLT(i) is the fraction of
    [0, α_max] during which exactly i one-dimensional holes are alive;
    MRLT is its mean over the repetitions (Khrulkov & Oseledets 2018, Alg. 1).

    Example:

    ```python
    angle = np.random.uniform(0, 2 * np.pi, 500)
    ring = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    mrlt = kerasgan.metrics.relative_living_times(ring, gamma=1 / 128, repetitions=20, seed=0)
    int(np.argmax(mrlt))       # 1: one hole lives longest
    ```

    Args:
        x: Samples, shape `(n, ...)` (flattened per sample).
        num_landmarks: L₀, landmarks per repetition. Defaults to 64.
        gamma: γ, the end of the filtration as a share of the largest
            witness-landmark distance. Defaults to n / (128·5000), the
            authors' choice (1/128 at their 5,000 samples).
        i_max: Length of the RLT vector (holes counted 0 ... i_max − 1).
            Defaults to 100.
        repetitions: Number of random landmark sets. Defaults to 1000 (the
            authors' code; a few dozen already separate 2-D toys).
        seed: Seed of the landmark draws. Defaults to None.

    Returns:
        A float64 array of shape `(i_max,)` that sums to 1 (up to the time
        spent with ≥ i_max holes).

    Reference:
        Khrulkov & Oseledets, "Geometry Score: A Method For Comparing
        Generative Adversarial Networks", ICML 2018, Sec. 4 and Algorithms 1-2.
    """
    x = as_matrix("x", x, min_rows=2)
    num_landmarks = check_positive_int("num_landmarks", num_landmarks)
    if num_landmarks > x.shape[0]:
        raise ValueError(
            "`num_landmarks` must be at most the number of samples. "
            f"Received: num_landmarks={num_landmarks} with {x.shape[0]} samples."
        )
    i_max = check_positive_int("i_max", i_max)
    repetitions = check_positive_int("repetitions", repetitions)
    gamma = x.shape[0] / (128 * 5000) if gamma is None else check_positive_float("gamma", gamma)
    gudhi = _gudhi()
    rng = np.random.default_rng(seed)
    total = np.zeros(i_max)
    for _ in range(repetitions):
        landmarks = x[rng.choice(x.shape[0], num_landmarks, replace=False)]
        dist = np.sqrt(((x[:, None, :] - landmarks[None, :, :]) ** 2).sum(axis=-1))
        alpha_max = gamma * float(dist.max())
        # Each witness's landmarks by distance, as (landmark, distance) pairs.
        table = np.dstack([np.argsort(dist, axis=1), np.sort(dist, axis=1)])
        complex_ = gudhi.WitnessComplex(nearest_landmark_table=table)
        tree = complex_.create_simplex_tree(max_alpha_square=alpha_max, limit_dimension=2)
        tree.compute_persistence(homology_coeff_field=2, min_persistence=0)
        intervals = np.asarray(tree.persistence_intervals_in_dimension(1)).reshape(-1, 2)
        total += _living_times(intervals, alpha_max, i_max)
    return total / repetitions


@keras.saving.register_keras_serializable(package="kerasgan")
class GeometryScore(BufferedFeatureMetric):
    """Geometry Score: the squared L2 distance between two samples' MRLTs.

    GS(X, Y) = Σ_{i < i_max} (MRLT(i, X) − MRLT(i, Y))²

    where MRLT(i, ·) is the mean share of the filtration during which exactly
    i one-dimensional holes are alive in witness complexes on random
    landmarks (`relative_living_times`). It compares the *topology* of the
    data and generated manifolds: one ring and two rings, or a ring and a
    generator that collapsed onto an arc, get a large score even where
    moment-based metrics are close. Lower is better; 0 for equal MRLTs.
    Persistence is computed by gudhi (`pip install 'kerasgan[topology]'`).

    Example:

    ```python
    gs = kerasgan.metrics.GeometryScore(gamma=1 / 128, repetitions=20, seed=0)
    angle = np.random.uniform(0, 2 * np.pi, 400)
    ring = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    blob = np.random.normal(size=(400, 2))
    gs.update_state(ring, blob)
    gs.result()
    ```

    Args:
        feature_extractor: Callable mapping samples to features, or None to
            pass features (points) directly. Defaults to None.
        num_landmarks: L₀, landmarks per repetition. Defaults to 64.
        gamma: γ, the filtration's end as a share of the largest
            witness-landmark distance. Defaults to n / (128·5000), n the
            number of samples (the authors' choice).
        i_max: Length of the RLT vectors. Defaults to 100.
        repetitions: Random landmark sets per sample. Defaults to 1000
            (the authors' code).
        max_samples: Rows kept per side (reservoir). Defaults to 5000 (the
            paper's sample size).
        seed: Seed of the reservoirs and landmark draws. Defaults to None.
        name: Log-key prefix. Defaults to "geometry_score".

    Reference:
        Khrulkov & Oseledets, "Geometry Score: A Method For Comparing
        Generative Adversarial Networks", ICML 2018, Sec. 4, Eq. 4 and
        Algorithms 1-2.
    """

    def __init__(self, feature_extractor=None, *, num_landmarks=64, gamma=None, i_max=100,
                 repetitions=1000, max_samples=5000, seed=None, name=None):
        self.num_landmarks = check_positive_int("num_landmarks", num_landmarks)
        self.gamma = None if gamma is None else check_positive_float("gamma", gamma)
        self.i_max = check_positive_int("i_max", i_max)
        self.repetitions = check_positive_int("repetitions", repetitions)
        super().__init__(feature_extractor, max_samples=max_samples, seed=seed, name=name)

    def mrlt(self, side):
        """The MRLT vector of the buffered "real" or "fake" samples."""
        return relative_living_times(
            self.buffered(side, min_rows=2), num_landmarks=self.num_landmarks, gamma=self.gamma,
            i_max=self.i_max, repetitions=self.repetitions, seed=self.seed,
        )

    def result(self):
        return float(np.sum((self.mrlt("real") - self.mrlt("fake")) ** 2))

    def get_config(self):
        return {
            **super().get_config(),
            "num_landmarks": self.num_landmarks,
            "gamma": self.gamma,
            "i_max": self.i_max,
            "repetitions": self.repetitions,
        }
