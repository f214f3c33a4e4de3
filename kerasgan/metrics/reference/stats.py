"""Reference statistics files: the (μ, Σ) of a data set's features, computed once.

The format is TTUR's: an `.npz` with `mu` (d,) and `sigma` (d, d), so the
statistics files published with TTUR and pytorch-fid load. kerasgan adds two
optional entries, `num_samples` and `extractor` (a description of the
network and preprocessing), which those tools ignore.
"""

import os
import warnings
from typing import NamedTuple, Optional

import numpy as np

from kerasgan.metrics._feature import to_numpy
from kerasgan.metrics._moments import RunningMoments


class ReferenceStats(NamedTuple):
    """Mean `mu` (d,), covariance `sigma` (d, d), and what produced them (if known)."""

    mu: np.ndarray
    sigma: np.ndarray
    num_samples: Optional[int] = None
    extractor: Optional[str] = None


def check_stats(mu, sigma, *, what="reference"):
    mu, sigma = np.asarray(mu, np.float64), np.asarray(sigma, np.float64)
    if mu.ndim != 1 or sigma.shape != (mu.shape[0], mu.shape[0]):
        raise ValueError(
            f"`{what}` statistics need `mu` of shape (d,) and `sigma` of shape (d, d). "
            f"Received: mu.shape={mu.shape}, sigma.shape={sigma.shape}"
        )
    if not (np.all(np.isfinite(mu)) and np.all(np.isfinite(sigma))):
        raise ValueError(f"`{what}` statistics hold NaN or inf values; recompute them.")
    return mu, sigma


def _batches(data):
    if isinstance(data, np.ndarray) or hasattr(data, "shape"):
        yield to_numpy(data)
        return
    for batch in data:
        yield to_numpy(batch[0] if isinstance(batch, (tuple, list)) else batch)


def compute_reference_stats(data, *, feature_extractor=None):
    """(μ, Σ) of a data set's features, streaming over its batches.

    Args:
        data: Images — an array `(n, h, w, c)` (uint8 or [-1, 1]) or an
            iterable of such batches (a `tf.data.Dataset`; `(x, y)` elements
            use `x`) — or a `(n, d)` array of features already extracted.
        feature_extractor: Callable images → features. Defaults to None:
            `reference_inception()` ("legacy-tf") for images; features pass
            through.

    Returns:
        A `ReferenceStats`.
    """
    moments = RunningMoments()
    extractor, described = feature_extractor, None
    for batch in _batches(data):
        if batch.ndim == 2 and feature_extractor is None:
            moments.add(batch)
            continue
        if extractor is None:
            from kerasgan.metrics.reference.extractor import reference_inception

            extractor = reference_inception()
        moments.add(to_numpy(extractor(batch)))
    if moments.count < 2:
        raise ValueError(f"`data` must hold at least 2 samples. Received: {moments.count}")
    if extractor is not None:
        described = repr(extractor)
    if moments.count <= moments.mean.shape[0]:
        warnings.warn(
            f"Reference statistics from {moments.count} samples for {moments.mean.shape[0]} feature "
            "dimensions: the covariance is singular and FID against it is biased. Use more samples "
            "than feature dimensions (the convention is the whole training set, or 50,000).",
            stacklevel=2,
        )
    return ReferenceStats(moments.mean, moments.covariance(), moments.count, described)


def save_reference_stats(path, data, *, feature_extractor=None):
    """Computes (or takes) reference statistics and writes them to an `.npz`.

    Example:

    ```python
    x, _ = kerasgan.data.digits_arrays()
    kerasgan.metrics.save_reference_stats("digits_stats.npz", x)   # once
    fid = kerasgan.metrics.FID(reference="digits_stats.npz")        # then: fakes only
    ```

    Args:
        path: File to write (`.npz` is appended when missing, as numpy does).
        data: A `ReferenceStats`, or anything `compute_reference_stats` takes.
        feature_extractor: See `compute_reference_stats`. Defaults to None.

    Returns:
        The `ReferenceStats` written.

    Reference:
        Heusel et al. 2017, TTUR's `fid_stats_*.npz` files (keys `mu`, `sigma`).
    """
    stats = data if isinstance(data, ReferenceStats) else compute_reference_stats(
        data, feature_extractor=feature_extractor)
    mu, sigma = check_stats(stats.mu, stats.sigma)
    path = os.fspath(path)
    path = path if path.endswith(".npz") else path + ".npz"
    extra = {}
    if stats.num_samples is not None:
        extra["num_samples"] = np.int64(stats.num_samples)
    if stats.extractor is not None:
        extra["extractor"] = np.str_(stats.extractor)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp.npz")
    np.savez(tmp, mu=mu, sigma=sigma, **extra)
    os.replace(tmp, path)
    return ReferenceStats(mu, sigma, stats.num_samples, stats.extractor)


def load_reference_stats(path):
    """Reads an `.npz` with `mu` and `sigma` (TTUR's, pytorch-fid's or kerasgan's).

    Args:
        path: The `.npz` file.

    Returns:
        A `ReferenceStats` (`num_samples` / `extractor` None when absent).
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"`reference` must be an existing .npz statistics file. Received: {path!r}")
    try:
        f = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as error:  # not an .npz / .npy file
        raise ValueError(f"`reference` must be an .npz statistics file. Received: {path!r} ({error})") from None
    if not isinstance(f, np.lib.npyio.NpzFile):
        raise ValueError(f"`reference` must be an .npz with `mu` and `sigma`. Received: {path!r}, a single "
                         "array (.npy); write the statistics with `kerasgan.metrics.save_reference_stats`.")
    with f:
        keys = set(f.files)
        if not {"mu", "sigma"} <= keys:
            raise ValueError(
                "`reference` must be an .npz with arrays `mu` (d,) and `sigma` (d, d) (TTUR's "
                f"format). Received: {path!r} with keys {sorted(keys)}; write one with "
                "`kerasgan.metrics.save_reference_stats`."
            )
        mu, sigma = check_stats(f["mu"], f["sigma"])
        count = int(f["num_samples"]) if "num_samples" in keys else None
        extractor = str(f["extractor"]) if "extractor" in keys else None
    return ReferenceStats(mu, sigma, count, extractor)


def as_reference_stats(reference):
    """A path, `ReferenceStats`, `(mu, sigma)` pair or dict → `ReferenceStats`."""
    if isinstance(reference, (str, os.PathLike)):
        return load_reference_stats(reference)
    if isinstance(reference, ReferenceStats):
        return ReferenceStats(*check_stats(reference.mu, reference.sigma), *reference[2:])
    if isinstance(reference, dict) and {"mu", "sigma"} <= set(reference):
        return ReferenceStats(*check_stats(reference["mu"], reference["sigma"]))
    if isinstance(reference, (tuple, list)) and len(reference) == 2:
        return ReferenceStats(*check_stats(*reference))
    raise TypeError(
        "`reference` must be a path to an .npz with `mu` and `sigma`, a ReferenceStats, or a "
        f"(mu, sigma) pair. Received: reference of type {type(reference).__name__}"
    )
