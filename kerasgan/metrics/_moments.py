"""Streaming mean and covariance in float64 (Chan et al.'s pairwise update)."""

import numpy as np


class RunningMoments:
    """Mean and covariance of all rows seen, in O(d²) memory.

    Each batch's own mean m_b and scatter S_b = Σ (x − m_b)(x − m_b)ᵀ are
    merged into the running (n, mean, S) with

        δ = m_b − mean,  n' = n + n_b,
        mean' = mean + δ n_b / n',   S' = S + S_b + δδᵀ n n_b / n'

    which is exact (up to float64 rounding) and avoids the cancellation of
    the naive Σxxᵀ − n m mᵀ. The covariance is S / (n − 1), as `np.cov`.

    Reference:
        Chan, Golub & LeVeque, "Updating formulae and a pairwise algorithm for
        computing sample variances", 1979, Eq. 2.1.
    """

    def __init__(self):
        self.count = 0
        self.mean = None
        self.scatter = None

    def add(self, rows):
        rows = np.asarray(rows, dtype=np.float64)
        n_b = rows.shape[0]
        if n_b == 0:
            return
        m_b = rows.mean(axis=0)
        centred = rows - m_b
        s_b = centred.T @ centred
        if self.count == 0:
            self.count, self.mean, self.scatter = n_b, m_b, s_b
            return
        n = self.count + n_b
        delta = m_b - self.mean
        self.mean = self.mean + delta * (n_b / n)
        self.scatter = self.scatter + s_b + np.outer(delta, delta) * (self.count * n_b / n)
        self.count = n

    def covariance(self):
        return self.scatter / (self.count - 1)
