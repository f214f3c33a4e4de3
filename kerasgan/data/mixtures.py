"""Gaussian-mixture toy datasets: the `"ring"` and `"grid"` mode-collapse benchmarks.

NumPy only (no TensorFlow), so that metrics and backend-free tests can use the
geometry directly.
"""

import numpy as np

from kerasgan._utils import check_number, check_positive_int

#: The default number of training samples in the PacGAN/VEEGAN protocol.
DEFAULT_NUM_SAMPLES = 100_000

_STDS = {"ring": 0.01, "grid": 0.05}

MIXTURES = tuple(sorted(_STDS))


def _check_name(name):
    if name not in _STDS:
        raise ValueError(
            f"`name` must be one of {list(MIXTURES)}. Received: name={name!r}"
        )
    return name


def mixture_centers(name):
    """The mode centres of a Gaussian-mixture benchmark, as a float64 array.

    - `"ring"`: 8 modes at (cos 2πi/8, sin 2πi/8), i = 0..7 (radius 1).
    - `"grid"`: 25 modes on {-4, -2, 0, 2, 4}², in row-major order: mode
      i = 5a + b sits at (2a - 4, 2b - 4).

    Args:
        name: `"ring"` or `"grid"`.

    Returns:
        A `(num_modes, 2)` NumPy array; row i is the centre of mode i (the
        label yielded by `kerasgan.data.load(name, labels=True)`).

    Example:

    ```python
    >>> kerasgan.data.mixture_centers("ring").shape
    (8, 2)
    ```

    Reference:
        Srivastava et al., 2017, "VEEGAN", Section 5.1; Lin et al., 2018,
        "PacGAN", Section 5.1 (the same geometry).
    """
    _check_name(name)
    if name == "ring":
        angles = 2.0 * np.pi * np.arange(8) / 8.0
        return np.stack([np.cos(angles), np.sin(angles)], axis=1)
    axis = np.arange(-4.0, 5.0, 2.0)
    a, b = np.meshgrid(axis, axis, indexing="ij")
    return np.stack([a.ravel(), b.ravel()], axis=1)


def mixture_std(name):
    """The per-coordinate standard deviation σ of every mode (0.01 ring, 0.05 grid).

    Args:
        name: `"ring"` or `"grid"`.

    Returns:
        A Python float.

    Example:

    ```python
    >>> kerasgan.data.mixture_std("grid")
    0.05
    ```

    Reference:
        Lin et al., 2018, "PacGAN", Section 5.1.
    """
    return _STDS[_check_name(name)]


def sample_mixture(name, num_samples=DEFAULT_NUM_SAMPLES, *, seed=None):
    """Draws points from a Gaussian-mixture benchmark, with their mode indices.

    The mode of each point is drawn uniformly, then the point from
    N(centre[mode], σ² I):

    x = c_k + σ ε,   k ~ U{0, ..., K-1},   ε ~ N(0, I₂).

    The points are the benchmark's own coordinates, *not* rescaled to
    [-1, 1] (the grid spans about [-4.2, 4.2]²), so that published mode and
    high-quality-sample figures stay comparable.

    Args:
        name: `"ring"` (K = 8, σ = 0.01) or `"grid"` (K = 25, σ = 0.05).
        num_samples: Number of points. Defaults to 100,000 (the PacGAN protocol).
        seed: Integer seed; the same seed gives the same points. Defaults to
            `None` (fresh randomness).

    Returns:
        `(x, modes)`: a float32 array of shape `(num_samples, 2)` and an int32
        array of shape `(num_samples,)`.

    Example:

    ```python
    x, modes = kerasgan.data.sample_mixture("grid", 2500, seed=0)
    ```

    Reference:
        Lin et al., 2018, "PacGAN: The power of two samples in generative
        adversarial networks", Section 5.1 and Table 1.
    """
    centers = mixture_centers(name)
    check_positive_int("num_samples", num_samples)
    check_number("seed", int(seed) if isinstance(seed, np.integer) else seed, integer=True,
                 allow_none=True)
    rng = np.random.default_rng(seed)
    modes = rng.integers(0, len(centers), size=num_samples)
    noise = rng.standard_normal((num_samples, 2))
    x = centers[modes] + mixture_std(name) * noise
    return x.astype("float32"), modes.astype("int32")
