"""`FID`: the Fréchet Inception Distance with the reference network and computation."""

import os
import warnings

import keras

from kerasgan.metrics.frechet import FrechetDistance
from kerasgan.metrics.reference.extractor import ReferenceInception
from kerasgan.metrics.reference.frechet import fid_from_statistics
from kerasgan.metrics.reference.stats import as_reference_stats

_DEFAULTS = {"preprocess": "legacy-tf", "weights": "auto", "batch_size": 32}


@keras.saving.register_keras_serializable(package="kerasgan")
class FID(FrechetDistance):
    """Fréchet Inception Distance, computed as the papers compute it.

    FID = ‖μ_r − μ_g‖² + Tr(Σ_r) + Tr(Σ_g) − 2 Tr(√(Σ_r Σ_g))

    on the 2048-d `pool_3` features of the reference network (the Inception
    graph of 2015-12-05, `reference_inception`), with the value TTUR's
    `fid.py` computes (`fid_from_statistics`: the trace of the root through
    `eigh`, equal to TTUR's `scipy.linalg.sqrtm` to ~1e-9 relative, and exact
    when the product is singular). `update_state(real_images, fake_images)` takes uint8 images or
    floats in [-1, 1], of any size. With `reference`, the real side is a
    precomputed statistics file (`save_reference_stats`), so evaluating
    costs one pass over the fakes.

    FID is biased upward for few samples: the literature uses 50,000 fakes
    against the training set. Report the sample counts and `preprocess`.
    Another `feature_extractor` gives another number: it is then logged as
    `fid_<qualifier>` (e.g. `fid_keras_inception`), never as plain "fid".

    Example:

    ```python
    kerasgan.metrics.save_reference_stats("train_stats.npz", x_train)    # once
    fid = kerasgan.metrics.FID(reference="train_stats.npz")
    for i in range(20):
        fid.update_fake(gan.generate(500, seed=i))
    fid.result()
    ```

    Args:
        feature_extractor: Another feature extractor, or None for
            `reference_inception(preprocess, weights=weights)`. Defaults to None.
        preprocess: "legacy-tf" (TTUR, StyleGAN2-ADA) or "clean" (clean-fid).
            Defaults to "legacy-tf".
        weights: Reference network weights: "auto", a file, or None (random,
            for tests). Defaults to "auto".
        reference: Precomputed real statistics: an `.npz` path with `mu` and
            `sigma`, a `ReferenceStats` or a `(mu, sigma)` pair. Defaults to
            None (real images through `update_real`).
        batch_size: Images per forward pass. Defaults to 32.
        name: Log-key prefix. Defaults to "fid" (reference network) or
            "fid_<qualifier>" for another extractor.

    Reference:
        Heusel et al., "GANs Trained by a Two Time-Scale Update Rule Converge
        to a Local Nash Equilibrium", NeurIPS 2017, Eq. 6 and its code (TTUR).
    """

    def __init__(self, feature_extractor=None, *, preprocess="legacy-tf", weights="auto",
                 reference=None, batch_size=32, name=None):
        given = {"preprocess": preprocess, "weights": weights, "batch_size": batch_size}
        self._own_extractor = feature_extractor is None
        if self._own_extractor:
            feature_extractor = ReferenceInception(preprocess, weights=weights, batch_size=batch_size)
        elif given != _DEFAULTS:
            raise ValueError(
                "`preprocess`, `weights` and `batch_size` configure the reference network; with a "
                "`feature_extractor` configure that instead. Received: feature_extractor="
                f"{feature_extractor!r} and {', '.join(f'{k}={v!r}' for k, v in given.items() if v != _DEFAULTS[k])}"
            )
        self.reference = os.fspath(reference) if isinstance(reference, os.PathLike) else reference
        self._reference_stats = None if reference is None else as_reference_stats(reference)
        if name is None:
            qualifier = getattr(feature_extractor, "qualifier", "custom")
            name = "fid" if qualifier is None else f"fid_{qualifier}"
        super().__init__(feature_extractor, name=name)

    @property
    def needs_real_data(self):
        """False when `reference` statistics stand in for the real images."""
        return self._reference_stats is None

    def reset_state(self):
        super().reset_state()
        if getattr(self, "_reference_stats", None) is not None:
            self._width = self._reference_stats.mu.shape[0]

    def update_real(self, real):
        if self._reference_stats is not None:
            raise ValueError(
                f"{self.name} compares with the `reference` statistics given at construction; it "
                "takes no real images. Build it with reference=None to pass real images."
            )
        super().update_real(real)

    def _check(self, side, feats):
        try:
            return super()._check(side, feats)
        except ValueError as error:
            if self._reference_stats is None:
                raise
            raise ValueError(f"{error} (the `reference` statistics have {self._width} dimensions: "
                             "were they computed with another feature extractor?)") from None

    def statistics(self, side):
        if side == "real" and self._reference_stats is not None:
            stats = self._reference_stats
            return stats.num_samples, stats.mu, stats.sigma
        return super().statistics(side)

    def result(self):
        sides = ("fake",) if self._reference_stats is not None else ("real", "fake")
        for side in sides:
            self._check_count(side)
        stats = self._reference_stats
        if stats is not None and stats.num_samples is not None and stats.num_samples <= self._width:
            warnings.warn(f"{self.name}: the reference statistics come from {stats.num_samples} samples "
                          f"for {self._width} feature dimensions: the covariance is singular.", stacklevel=2)
        _, mu_r, sigma_r = self.statistics("real")
        _, mu_g, sigma_g = self.statistics("fake")
        return fid_from_statistics(mu_r, sigma_r, mu_g, sigma_g)

    def _check_count(self, side):
        count = self._moments[side].count
        if count < 2:
            raise ValueError(f"`{side}` needs at least 2 samples for a covariance. "
                             f"Received: {count} {side} sample(s); call `update_state` with more.")
        if count <= self._width:
            warnings.warn(
                f"{self.name}: {count} {side} samples for {self._width} feature dimensions: the "
                "covariance estimate is singular and the distance is biased. Use more samples than "
                "feature dimensions.",
                stacklevel=3,
            )

    def get_config(self):
        if self.reference is not None and not isinstance(self.reference, str):
            raise TypeError(
                "Only a `reference` given as a file path can be saved in a metric's config. "
                f"Received a {type(self.reference).__name__}: save it with "
                "`kerasgan.metrics.save_reference_stats` and pass the path."
            )
        e, own = self.feature_extractor, self._own_extractor
        config = super().get_config()
        return {
            **config,
            "feature_extractor": None if own else config["feature_extractor"],
            "preprocess": e.preprocess if own else _DEFAULTS["preprocess"],
            "weights": e.weights if own else _DEFAULTS["weights"],
            "reference": self.reference,
            "batch_size": e.batch_size if own else _DEFAULTS["batch_size"],
        }
