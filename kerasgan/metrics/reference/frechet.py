"""FID's reference computation: TTUR's `sqrtm` with its singular-product fallback."""

import warnings

import numpy as np

IMAGINARY_TOLERANCE = 1e-3


def _sqrtm(matrix):
    try:
        import scipy.linalg
    except ImportError as error:
        raise ImportError("FID takes its matrix square root with scipy, as TTUR does: "
                          "`pip install scipy` (or kerasgan[fid]).") from error

    with warnings.catch_warnings():  # a singular product warns; checked below instead
        warnings.simplefilter("ignore")
        return scipy.linalg.sqrtm(matrix)


def fid_from_statistics(mu1, sigma1, mu2, sigma2, *, eps=1e-6):
    """FID between two Gaussians, computed as TTUR's `fid.py` does (float64).

    d² = ‖μ₁ − μ₂‖² + Tr(Σ₁) + Tr(Σ₂) − 2 Tr(√(Σ₁Σ₂)),

    with √ the principal square root of the (non-symmetric) product by
    `scipy.linalg.sqrtm`. When the product is singular and the root is not
    finite, both covariances get `eps` added to their diagonal and the root
    is taken again. A complex root whose diagonal has an imaginary part
    above 1e-3 is rejected; a smaller one is numerical noise and dropped.
    `frechet_distance` computes the same value through `eigh` (a
    cross-check; the two agree to ~1e-6 relative on well-conditioned input).

    Example:

    ```python
    d = kerasgan.metrics.fid_from_statistics(np.zeros(2), np.eye(2), np.ones(2), np.eye(2))  # 2.0
    ```

    Args:
        mu1: Mean of the first feature set, shape `(d,)`.
        sigma1: Its covariance, `(d, d)`.
        mu2: Mean of the second set, `(d,)`.
        sigma2: Its covariance, `(d, d)`.
        eps: Diagonal offset of the fallback. Defaults to 1e-6.

    Returns:
        The distance as a Python float.

    Reference:
        Heusel et al., "GANs Trained by a Two Time-Scale Update Rule Converge
        to a Local Nash Equilibrium", NeurIPS 2017, Eq. 6, and its code (TTUR,
        `calculate_frechet_distance`).
    """
    mu1, mu2 = np.atleast_1d(np.asarray(mu1, np.float64)), np.atleast_1d(np.asarray(mu2, np.float64))
    sigma1, sigma2 = np.atleast_2d(np.asarray(sigma1, np.float64)), np.atleast_2d(np.asarray(sigma2, np.float64))
    d = mu1.shape[0]
    for name, value, shape in (("mu2", mu2, (d,)), ("sigma1", sigma1, (d, d)), ("sigma2", sigma2, (d, d))):
        if value.shape != shape:
            raise ValueError(f"`{name}` must have shape {shape} to match `mu1` of shape ({d},). "
                             f"Received: {name}.shape={value.shape}")
    diff = mu1 - mu2
    root = _sqrtm(sigma1 @ sigma2)
    if not np.all(np.isfinite(root)):
        warnings.warn(
            f"FID: the product of the covariances is singular; adding {eps} to their diagonals "
            "(as TTUR's fid.py does). Use more samples than feature dimensions.",
            stacklevel=2,
        )
        offset = np.eye(d) * eps
        root = _sqrtm((sigma1 + offset) @ (sigma2 + offset))
    if np.iscomplexobj(root):
        imaginary = np.abs(np.diagonal(root).imag).max()
        if imaginary > IMAGINARY_TOLERANCE:
            raise ValueError(
                "FID: the matrix square root of Σ₁Σ₂ has a large imaginary part "
                f"(max |Im| on its diagonal = {imaginary:.3g} > {IMAGINARY_TOLERANCE}): the covariances "
                "are not valid (NaN/inf features, or far too few samples). Check the features and "
                "use more samples than feature dimensions."
            )
        root = root.real
    return float(diff @ diff + np.trace(sigma1) + np.trace(sigma2) - 2.0 * np.trace(root))
