"""Latent-space tools: interpolation, vector arithmetic and the truncation trick.

NumPy functions on latent vectors (what `GAN.generate`'s generator is fed):
compute a path or a latent here, then run `gan.generator(z)` or
`gan.predict(z)` on it.
"""

import numpy as np

from kerasgan._utils import check_number


def _pair(a, b):
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    if a.shape != b.shape or a.ndim == 0:
        raise ValueError(
            "`a` and `b` must be latent vectors (or batches of them) of the same shape. "
            f"Received: a.shape={a.shape}, b.shape={b.shape}."
        )
    return a, b


def _times(t):
    t = np.asarray(t, dtype="float64")
    if t.ndim > 1:
        raise ValueError(f"`t` must be a number or a 1-D array of numbers. Received shape {t.shape}.")
    return t


def _expand(t, a):
    """`t` of shape () or (steps,) -> broadcastable against `a` with a leading steps axis."""
    return t.reshape(t.shape + (1,) * a.ndim)


def lerp(a, b, t):
    """Linear interpolation between latents: z(t) = (1 − t) a + t b.

    Example:

    ```python
    path = kerasgan.latent.lerp(z0, z1, np.linspace(0, 1, 8))   # (8, dim)
    ```

    Args:
        a: Start latent `(dim,)` or batch `(n, dim)`.
        b: End latent, same shape as `a`.
        t: A number or a 1-D array of positions (0 gives `a`, 1 gives `b`).

    Returns:
        float32 array: `a.shape` for a scalar `t`, else `(len(t),) + a.shape`.

    Reference:
        White, "Sampling Generative Networks", 2016, Sec. 2.1 (why linear
        paths leave the Gaussian shell).
    """
    a, b = _pair(a, b)
    t = _times(t)
    tt = _expand(t, a)
    return ((1.0 - tt) * a + tt * b).astype("float32")


def slerp(a, b, t, *, eps=1e-7):
    """Spherical linear interpolation: the great-circle path between latents.

    z(t) = sin((1 − t) Ω) / sin Ω · a + sin(t Ω) / sin Ω · b,
    cos Ω = (a · b) / (‖a‖ ‖b‖)

    For endpoints of equal norm every point keeps that norm, so a path between
    two Gaussian latents stays on the shell where the prior's mass lies (a
    linear path's midpoint has norm ≈ ‖a‖/√2 in high dimensions). Nearly
    parallel endpoints (sin Ω < `eps`) fall back to linear interpolation.

    Example:

    ```python
    path = kerasgan.latent.slerp(z0, z1, np.linspace(0, 1, 8))   # (8, dim)
    ```

    Args:
        a: Start latent `(dim,)` or batch `(n, dim)` (the last axis is the vector).
        b: End latent, same shape as `a`.
        t: A number or a 1-D array of positions in [0, 1].
        eps: Threshold on sin Ω for the linear fallback. Defaults to 1e-7.

    Returns:
        float32 array: `a.shape` for a scalar `t`, else `(len(t),) + a.shape`.

    Reference:
        Shoemake, "Animating Rotation with Quaternion Curves", SIGGRAPH 1985,
        Sec. 3.3; White, "Sampling Generative Networks", 2016, Sec. 2.1.
    """
    a, b = _pair(a, b)
    t = _times(t)
    tt = _expand(t, a)
    na = np.linalg.norm(a, axis=-1, keepdims=True)
    nb = np.linalg.norm(b, axis=-1, keepdims=True)
    cos = np.clip(np.sum(a * b, axis=-1, keepdims=True) / np.maximum(na * nb, 1e-300), -1.0, 1.0)
    omega = np.arccos(cos)
    sin = np.sin(omega)
    safe = np.where(sin < eps, 1.0, sin)
    wa = np.where(sin < eps, 1.0 - tt, np.sin((1.0 - tt) * omega) / safe)
    wb = np.where(sin < eps, tt, np.sin(tt * omega) / safe)
    return (wa * a + wb * b).astype("float32")


def interpolate(a, b, steps, *, method="slerp"):
    """`steps` latents from `a` to `b` inclusive, by `"slerp"` or `"linear"`.

    Example:

    ```python
    path = kerasgan.latent.interpolate(z0, z1, 10)   # (10, dim)
    ```

    Args:
        a: Start latent(s).
        b: End latent(s).
        steps: Number of points (>= 2), endpoints included.
        method: `"slerp"` or `"linear"`. Defaults to `"slerp"`.

    Returns:
        float32 array `(steps,) + a.shape`.
    """
    check_number("steps", steps, low=2, integer=True, type_error=ValueError)
    if method not in ("slerp", "linear"):
        raise ValueError(f"`method` must be 'slerp' or 'linear'. Received: method={method!r}")
    fn = slerp if method == "slerp" else lerp
    return fn(a, b, np.linspace(0.0, 1.0, steps))


def vector_arithmetic(plus, minus=()):
    """DCGAN-style concept arithmetic: Σ mean(plus_i) − Σ mean(minus_j).

    Each concept is given by a few exemplar latents `(k, dim)` (the DCGAN paper
    averages three per concept, which stabilizes the result); the concept
    vector is their mean. "smiling woman − neutral woman + neutral man":

    Example:

    ```python
    z = kerasgan.latent.vector_arithmetic(
        plus=[z_smiling_woman, z_neutral_man],   # each (3, dim)
        minus=[z_neutral_woman],
    )                                             # (dim,)
    ```

    With as many `plus` as `minus` terms plus one, the coefficients sum to 1,
    so for a linear generator G(z) = Wz + c the result maps to the same
    arithmetic on the samples.

    Args:
        plus: A list of exemplar arrays `(k_i, dim)` (or single latents `(dim,)`).
        minus: A list of exemplar arrays to subtract. Defaults to none.

    Returns:
        A float32 latent `(dim,)`.

    Reference:
        Radford, Metz & Chintala, "Unsupervised Representation Learning with
        Deep Convolutional GANs", ICLR 2016, Sec. 6.3 and Fig. 7.
    """
    if not isinstance(plus, (list, tuple)) or not plus:
        raise ValueError(
            "`plus` must be a non-empty list of exemplar arrays (k, dim). "
            f"Received: plus={type(plus).__name__}"
        )
    if not isinstance(minus, (list, tuple)):
        raise ValueError(
            f"`minus` must be a list of exemplar arrays (k, dim). Received: minus={type(minus).__name__}"
        )
    means = []
    for name, terms in (("plus", plus), ("minus", minus)):
        for i, ex in enumerate(terms):
            ex = np.asarray(ex, dtype="float64")
            if ex.ndim == 1:
                ex = ex[None]
            if ex.ndim != 2 or ex.shape[0] == 0:
                raise ValueError(
                    f"`{name}[{i}]` must be exemplar latents of shape (k, dim). Received shape {ex.shape}."
                )
            means.append((1.0 if name == "plus" else -1.0, ex.mean(axis=0)))
    dims = {m.shape[0] for _, m in means}
    if len(dims) != 1:
        raise ValueError(f"Every exemplar must have the same latent size. Received sizes {sorted(dims)}.")
    return sum(sign * m for sign, m in means).astype("float32")


def truncate(z, threshold, *, seed=None, max_rounds=10_000):
    """The truncation trick: resample every entry with |z_i| > threshold from N(0, 1).

    Entries outside [−threshold, threshold] are redrawn until all lie inside,
    which samples the standard normal truncated to that interval. Smaller
    thresholds trade variety for fidelity.

    Example:

    ```python
    z = kerasgan.latent.truncate(np.random.normal(size=(16, 128)), 0.5, seed=0)
    samples = gan.generator(z)
    ```

    Args:
        z: Gaussian latents (any shape).
        threshold: The bound (> 0).
        seed: Int seed of the redraws. Defaults to None.
        max_rounds: Give up (RuntimeError) after this many redraw rounds.
            Defaults to 10,000.

    Returns:
        float32 array of `z`'s shape, every |entry| ≤ threshold.

    Reference:
        Brock, Donahue & Simonyan, "Large Scale GAN Training for High Fidelity
        Natural Image Synthesis", ICLR 2019, Sec. 3.1.
    """
    check_number("threshold", threshold, low=0, low_open=True, type_error=ValueError)
    z = np.array(z, dtype="float64")
    rng = np.random.default_rng(seed)
    for _ in range(max_rounds):
        bad = np.abs(z) > threshold
        count = int(bad.sum())
        if not count:
            return z.astype("float32")
        z[bad] = rng.standard_normal(count)
    raise RuntimeError(
        f"truncate: entries still exceed threshold={threshold} after {max_rounds} rounds; "
        "use a larger threshold."
    )


def truncated_normal(shape, threshold, *, seed=None):
    """Standard-normal latents truncated to [−threshold, threshold] (by resampling).

    Example:

    ```python
    z = kerasgan.latent.truncated_normal((16, 128), 0.5, seed=0)
    ```

    Args:
        shape: Output shape, e.g. `(n, latent_dim)`.
        threshold: The bound (> 0).
        seed: Int seed. Defaults to None.

    Returns:
        float32 array of `shape`.

    Reference:
        Brock et al., ICLR 2019, Sec. 3.1.
    """
    rng = np.random.default_rng(seed)
    return truncate(rng.standard_normal(shape), threshold, seed=None if seed is None else seed + 1)


__all__ = ["lerp", "slerp", "interpolate", "vector_arithmetic", "truncate", "truncated_normal"]
