"""Nearest-neighbour helpers for the k-NN metrics (chunked, float64)."""

import numpy as np

_CHUNK = 1024


def _squared_distances(a, b, b_sq):
    a = np.asarray(a, np.float64)
    d = np.sum(a * a, axis=1)[:, None] + b_sq[None, :] - 2.0 * (a @ b.T)
    return np.maximum(d, 0.0)


def kth_neighbour_radii(x, k):
    """Distance from each row of `x` to its k-th nearest *other* row."""
    x = np.asarray(x, np.float64)
    x_sq = np.sum(x * x, axis=1)
    radii = np.empty(x.shape[0])
    for start in range(0, x.shape[0], _CHUNK):
        d = _squared_distances(x[start : start + _CHUNK], x, x_sq)
        rows = np.arange(d.shape[0])
        d[rows, start + rows] = -1.0  # self first after sorting
        radii[start : start + _CHUNK] = np.partition(d, k, axis=1)[:, k]
    return np.sqrt(radii)


def ball_membership(points, centres, radii, *, strict=False):
    """For balls B(centre_i, radius_i) and query points, returns

    - `count`: for each point, the number of balls that contain it, and
    - `hit`: for each ball, whether at least one point lies in it.

    `strict=True` uses open balls (‖p − c‖ < r); otherwise closed (≤).
    """
    centres = np.asarray(centres, np.float64)
    c_sq = np.sum(centres * centres, axis=1)
    r_sq = np.asarray(radii, np.float64) ** 2
    count = np.zeros(len(points), np.int64)
    hit = np.zeros(len(centres), bool)
    for start in range(0, len(points), _CHUNK):
        d = _squared_distances(points[start : start + _CHUNK], centres, c_sq)
        inside = d < r_sq[None, :] if strict else d <= r_sq[None, :]
        count[start : start + _CHUNK] = inside.sum(axis=1)
        hit |= inside.any(axis=0)
    return count, hit


def check_k(k, n, side):
    if n <= k:
        raise ValueError(
            f"`k` must be smaller than the number of {side} samples (each needs k other "
            f"neighbours). Received: k={k} with {n} {side} samples; add samples or lower `k`."
        )
