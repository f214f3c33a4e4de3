"""`FeatureMetric`: a metric that compares real and generated features."""

import keras
import numpy as np

from kerasgan._utils import check_number, check_positive_int
from kerasgan.metrics.base import Metric, as_matrix


def serialize_extractor(extractor):
    """Config entry of an injected feature extractor (or classifier)."""
    if extractor is None:
        return None
    if isinstance(extractor, (keras.Layer, keras.Model)) or hasattr(extractor, "get_config"):
        return keras.saving.serialize_keras_object(extractor)
    raise TypeError(
        "Only a Keras model/layer or a registered serializable object can be saved in a "
        f"metric's config. Received a {type(extractor).__name__}: wrap it in a "
        "`keras.Model`, or rebuild the metric instead of serializing it."
    )


def deserialize_extractor(extractor):
    if isinstance(extractor, dict):
        return keras.saving.deserialize_keras_object(extractor)
    return extractor


def check_extractor(name, extractor):
    extractor = deserialize_extractor(extractor)
    if extractor is not None and not callable(extractor):
        raise TypeError(
            f"`{name}` must be a callable mapping a batch of samples to a (batch, features) "
            f"array, or None to pass features directly. Received: {name}={extractor!r}"
        )
    return extractor


def to_numpy(x):
    """Converts a tensor from any backend (or an array-like) to numpy."""
    if isinstance(x, np.ndarray):
        return x
    return keras.ops.convert_to_numpy(x)


def shard_batch(samples):
    """`(batch, n)`: `samples` split along the batch axis over the active
    `keras.distribution`'s devices, padded with copies of its last row to a
    multiple of their number, and the true row count `n` to cut the extractor's
    output back to. `(samples, None)` without a distribution."""
    distribution = keras.distribution.distribution()
    if distribution is None or isinstance(samples, (list, tuple, dict)):
        return samples, None
    samples = keras.ops.convert_to_numpy(samples)
    layout = distribution.get_data_layout(samples.shape)
    axis = layout.axes[0] if layout.axes else None
    mesh = layout.device_mesh
    shards = 1 if axis is None else mesh.shape[mesh.axis_names.index(axis)]
    n = samples.shape[0]
    if shards == 1 or n == 0:
        return samples, None
    padded = -(-n // shards) * shards
    if padded != n:
        samples = np.concatenate([samples, np.repeat(samples[-1:], padded - n, axis=0)])
    return keras.distribution.distribute_tensor(samples, layout), n


class FeatureMetric(Metric):
    """Base class of a metric computed from real and generated features.

    `update_state(real, fake)` adds a batch of each (either may be None);
    `update_real(x)` / `update_fake(x)` add one side. With a
    `feature_extractor`, the inputs are samples (e.g. images) mapped to
    `(batch, features)` arrays by the extractor; with `feature_extractor=None`
    they are the features themselves. `reset_fake()` forgets the generated
    side only, so that the real statistics of a fixed data set are computed
    once and reused across evaluations.

    Subclasses implement `_add(side, features)` ("real" or "fake"),
    `_reset(side)` and `result()`.

    Args:
        feature_extractor: Callable mapping samples to features, or None.
            Defaults to None.
        name: Log-key prefix. Defaults to the snake-cased class name.
    """

    def __init__(self, feature_extractor=None, *, name=None):
        super().__init__(name=name)
        self.feature_extractor = check_extractor("feature_extractor", feature_extractor)
        self.reset_state()

    def features(self, samples):
        """Runs the extractor (if any) and returns float64 `(n, d)` features.

        Under a `keras.distribution` (JAX), the batch is split across the
        devices along its first axis before the extractor runs, so each device
        extracts the features of its shard; the features come back to the host,
        where the float64 moments are merged (as one device's would be).
        """
        if self.feature_extractor is not None:
            batch, n = shard_batch(samples)
            samples = to_numpy(self.feature_extractor(batch))[:n]
        return samples

    def update_state(self, real=None, fake=None):
        """Adds a batch of real and/or generated samples (or features)."""
        if real is None and fake is None:
            raise ValueError(
                "`update_state` needs `real` and/or `fake` batches. Received: real=None, fake=None"
            )
        if real is not None:
            self.update_real(real)
        if fake is not None:
            self.update_fake(fake)

    def update_real(self, real):
        self._add("real", self._check("real", self.features(real)))

    def update_fake(self, fake):
        self._add("fake", self._check("fake", self.features(fake)))

    def _check(self, side, feats):
        feats = as_matrix(side, feats, width=self._width, min_rows=0)
        self._width = feats.shape[1]
        return feats

    def reset_state(self):
        self._width = None
        self._reset("real")
        self._reset("fake")

    def reset_fake(self):
        """Forgets the generated side, keeping the real statistics."""
        self._reset("fake")

    def get_config(self):
        return {"feature_extractor": serialize_extractor(self.feature_extractor), **super().get_config()}

    def _add(self, side, features):
        raise NotImplementedError

    def _reset(self, side):
        raise NotImplementedError


class FeatureBuffer:
    """Keeps up to `max_samples` rows; beyond that, a uniform reservoir sample.

    Algorithm R (Vitter 1985): after t rows were offered, every one of them
    is in the buffer with probability max_samples / t. Memory stays bounded by
    `max_samples × width` float64 values for any number of updates.
    """

    def __init__(self, max_samples, seed=None):
        self.max_samples = max_samples
        self.rng = np.random.default_rng(seed)
        self.data = None
        self.size = 0
        self.seen = 0

    def add(self, rows):
        if self.data is None:
            self.data = np.empty((min(self.max_samples, 1024), rows.shape[1]), np.float64)
        take = min(self.max_samples - self.size, rows.shape[0])
        if take > 0:
            self._grow(self.size + take)
            self.data[self.size : self.size + take] = rows[:take]
            self.size += take
            self.seen += take
        for row in rows[take:]:  # reservoir phase: keep row t with prob. max/t
            self.seen += 1
            j = self.rng.integers(self.seen)
            if j < self.max_samples:
                self.data[j] = row

    def _grow(self, needed):
        if needed > self.data.shape[0]:
            new = min(self.max_samples, max(needed, 2 * self.data.shape[0]))
            grown = np.empty((new, self.data.shape[1]), np.float64)
            grown[: self.size] = self.data[: self.size]
            self.data = grown

    def values(self):
        if self.data is None:
            return np.zeros((0, 0))
        return self.data[: self.size]


class BufferedFeatureMetric(FeatureMetric):
    """A `FeatureMetric` that keeps (a bounded reservoir of) both sides' features.

    Args:
        feature_extractor: Callable mapping samples to features, or None.
        max_samples: Most feature rows kept per side; beyond it a uniform
            reservoir sample is kept.
        seed: Seed of the reservoir (and of any subsampling in `result`).
        name: Log-key prefix.
    """

    def __init__(self, feature_extractor=None, *, max_samples=10_000, seed=None, name=None):
        self.max_samples = check_positive_int("max_samples", max_samples)
        self.seed = check_number("seed", seed, integer=True, allow_none=True)
        super().__init__(feature_extractor, name=name)

    def _add(self, side, features):
        self._buffers[side].add(features)

    def _reset(self, side):
        if not hasattr(self, "_buffers"):
            self._buffers = {}
        offset = 0 if side == "real" else 1
        self._buffers[side] = FeatureBuffer(
            self.max_samples, None if self.seed is None else self.seed + offset
        )

    def buffered(self, side, *, min_rows=1):
        """Float64 features kept for `side`; raises when fewer than `min_rows`."""
        values = self._buffers[side].values()
        if values.shape[0] < min_rows:
            raise ValueError(
                f"`{side}` needs at least {min_rows} sample(s) for {self.name}. "
                f"Received: {values.shape[0]}; call `update_state` with more."
            )
        return values.astype(np.float64)

    def get_config(self):
        return {**super().get_config(), "max_samples": self.max_samples, "seed": self.seed}
