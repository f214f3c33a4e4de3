"""Latent priors: the distributions the generator's input is drawn from."""

import keras
from keras import ops

from kerasgan._utils import Configurable, check_positive_int


class Prior(Configurable):
    """Base class of a latent prior.

    A prior has a `dim` (the flat latent size) and draws `(n, dim)` float32
    samples with `sample(n, seed)`, where `seed` is a `keras.random.SeedGenerator`
    (inside training) or an int (for reproducible sampling).
    """

    def __init__(self, dim):
        self.dim = check_positive_int("dim", dim)

    def sample(self, n, seed=None):
        raise NotImplementedError

    def get_config(self):
        return {"dim": self.dim}


@keras.saving.register_keras_serializable(package="kerasgan")
class Normal(Prior):
    """Isotropic Gaussian prior z ~ N(mean, stddev² I).

    Example:

    ```python
    z = kerasgan.priors.Normal(128).sample(16, seed=0)   # (16, 128)
    ```

    Args:
        dim: Latent dimension.
        mean: Defaults to 0.0.
        stddev: Defaults to 1.0.
    """

    def __init__(self, dim, *, mean=0.0, stddev=1.0):
        super().__init__(dim)
        if stddev <= 0:
            raise ValueError(f"`stddev` must be positive. Received: stddev={stddev!r}")
        self.mean = float(mean)
        self.stddev = float(stddev)

    def sample(self, n, seed=None):
        return keras.random.normal((n, self.dim), self.mean, self.stddev, dtype="float32", seed=seed)

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


@keras.saving.register_keras_serializable(package="kerasgan")
class Uniform(Prior):
    """Uniform prior z ~ U[low, high]^dim (DCGAN draws from U[-1, 1]).

    Args:
        dim: Latent dimension.
        low: Defaults to -1.0.
        high: Defaults to 1.0.
    """

    def __init__(self, dim, *, low=-1.0, high=1.0):
        super().__init__(dim)
        if not high > low:
            raise ValueError(
                f"`high` must be greater than `low`. Received: low={low!r}, high={high!r}"
            )
        self.low = float(low)
        self.high = float(high)

    def sample(self, n, seed=None):
        return keras.random.uniform((n, self.dim), self.low, self.high, dtype="float32", seed=seed)

    def get_config(self):
        return {**super().get_config(), "low": self.low, "high": self.high}


def get(identifier, latent_dim=None):
    """Returns a `Prior` from a Prior, a serialized dict, or None (Normal(latent_dim))."""
    if identifier is None:
        if latent_dim is None:
            raise ValueError(
                "Cannot pick a prior without a latent dimension. Pass `latent_dim=` "
                "or `prior=`, or give the generator a known input shape."
            )
        return Normal(latent_dim)
    if isinstance(identifier, Prior):
        return identifier
    if isinstance(identifier, dict):
        return keras.saving.deserialize_keras_object(identifier)
    raise TypeError(
        "`prior` must be a kerasgan.priors.Prior (e.g. kerasgan.priors.Normal(128)) "
        f"or None. Received: prior={identifier!r}"
    )


__all__ = ["Prior", "Normal", "Uniform", "get"]
