"""Latent priors: the distributions the generator's input is drawn from."""

import math

import keras
import numpy as np
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

    def entropy(self):
        """Differential entropy in nats: dim · ½ log(2πe σ²)."""
        return self.dim * 0.5 * math.log(2.0 * math.pi * math.e * self.stddev**2)

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

    def entropy(self):
        """Differential entropy in nats: dim · log(high − low)."""
        return self.dim * math.log(self.high - self.low)

    def sample(self, n, seed=None):
        return keras.random.uniform((n, self.dim), self.low, self.high, dtype="float32", seed=seed)

    def get_config(self):
        return {**super().get_config(), "low": self.low, "high": self.high}


@keras.saving.register_keras_serializable(package="kerasgan")
class Categorical(Prior):
    """Uniform categorical code, drawn as a one-hot vector (InfoGAN's c ~ Cat(K, 1/K)).

    c = one_hot(k, K),   k ~ U{0, ..., K-1}

    Its entropy is H(c) = log K nats, the constant term of InfoGAN's
    mutual-information lower bound. Used as a latent code inside `Joint`.

    Example:

    ```python
    c = kerasgan.priors.Categorical(10).sample(4, seed=0)   # (4, 10), one-hot rows
    ```

    Args:
        num_classes: K, the number of categories (>= 2); also the sample width.

    Reference:
        Chen et al., "InfoGAN: Interpretable Representation Learning by
        Information Maximizing Generative Adversarial Nets", NeurIPS 2016,
        Sec. 5 and Sec. 7 (c1 ~ Cat(K = 10, p = 0.1) on MNIST).
    """

    def __init__(self, num_classes):
        check_positive_int("num_classes", num_classes)
        if num_classes < 2:
            raise ValueError(
                "`num_classes` must be at least 2 (a one-class code carries no "
                f"information). Received: num_classes={num_classes!r}"
            )
        super().__init__(num_classes)
        self.num_classes = num_classes

    def entropy(self):
        """H(c) = log K in nats."""
        return float(math.log(self.num_classes))

    def sample(self, n, seed=None):
        k = keras.random.randint((n,), 0, self.num_classes, seed=seed, dtype="int32")
        return ops.one_hot(k, self.num_classes, dtype="float32")

    def encode(self, value, n):
        """Class indices (an int or `(n,)` ints) -> `(n, K)` one-hot codes."""
        value = np.asarray(value)
        if not np.issubdtype(value.dtype, np.integer):
            raise TypeError(
                "A categorical code must be given as integer class indices. "
                f"Received: codes={value.tolist()!r} of dtype {value.dtype}."
            )
        value = np.broadcast_to(value.reshape(-1) if value.ndim else value, (n,))
        if value.min() < 0 or value.max() >= self.num_classes:
            raise ValueError(
                f"A Categorical({self.num_classes}) code must lie in [0, {self.num_classes - 1}]. "
                f"Received: codes with values in [{value.min()}, {value.max()}]."
            )
        return np.eye(self.num_classes, dtype="float32")[value]

    def get_config(self):
        return {"num_classes": self.num_classes}


@keras.saving.register_keras_serializable(package="kerasgan")
class Joint(Prior):
    """Incompressible noise and latent codes, concatenated: z = [noise, c_1, ..., c_L].

    The generator sees one flat vector of size `noise.dim + sum(c.dim)`; the
    codes' slices (`code_slices`) are what `LatentCodeHead` predicts and
    `kerasgan.regularizers.MutualInformation` scores. Each code is a
    `Categorical` (one-hot) or a continuous prior (`Uniform`, `Normal`).

    Example:

    ```python
    prior = kerasgan.priors.Joint(
        noise=kerasgan.priors.Normal(62),
        code=[kerasgan.priors.Categorical(10), kerasgan.priors.Uniform(2)],
    )
    z = prior.sample(8, seed=0)              # (8, 74)
    z3 = prior.fix_codes(z, [3, None])       # every sample gets category 3
    ```

    Args:
        noise: The noise prior (e.g. `Normal(62)`).
        code: One code prior or a list of them.

    Reference:
        Chen et al., "InfoGAN", NeurIPS 2016, Sec. 4 (z and c as the
        generator's input, G(z, c)) and Sec. 7.
    """

    def __init__(self, noise, code):
        noise = get(noise)
        codes = list(code) if isinstance(code, (list, tuple)) else [code]
        if not codes:
            raise ValueError("`code` must hold at least one prior. Received: code=[]")
        codes = [get(c) for c in codes]
        for c in [noise, *codes]:
            if isinstance(c, Joint):
                raise TypeError(f"A Joint prior cannot nest another Joint. Received: {c!r}")
        self.noise = noise
        self.codes = codes
        super().__init__(noise.dim + sum(c.dim for c in codes))

    @property
    def code_slices(self):
        """`[(code_prior, start, stop), ...]`: where each code sits inside z."""
        out, start = [], self.noise.dim
        for c in self.codes:
            out.append((c, start, start + c.dim))
            start += c.dim
        return out

    def sample(self, n, seed=None):
        parts = []
        for i, prior in enumerate([self.noise, *self.codes]):
            # An int seed gives each part its own stream; a SeedGenerator advances itself.
            part_seed = seed + i if isinstance(seed, int) else seed
            parts.append(prior.sample(n, seed=part_seed))
        return ops.concatenate(parts, axis=-1)

    def fix_codes(self, z, codes):
        """Returns `z` (n, dim) with chosen codes written into their slices.

        Args:
            z: Latents from `sample`.
            codes: One value per code (a list, or a bare value when there is a
                single code); None keeps the sampled code. A categorical value is a
                class index (int or `(n,)` ints); a continuous value is a float,
                `(n,)` or `(n, code_dim)`.
        """
        z = np.array(ops.convert_to_numpy(z), dtype="float32")
        n = z.shape[0]
        if not isinstance(codes, (list, tuple)) or len(self.codes) == 1 and len(codes) != 1:
            codes = [codes]
        if len(codes) != len(self.codes):
            raise ValueError(
                f"`codes` must have one entry per code ({len(self.codes)}: "
                f"{self.codes!r}); use None for a code to sample. Received {len(codes)} entries."
            )
        for value, (prior, start, stop) in zip(codes, self.code_slices):
            if value is None:
                continue
            if isinstance(prior, Categorical):
                z[:, start:stop] = prior.encode(value, n)
                continue
            value = np.asarray(value, dtype="float32")
            if value.ndim == 1 and prior.dim > 1 and value.shape[0] == prior.dim:
                value = value[None, :]
            elif value.ndim == 1:
                value = value[:, None]
            try:
                z[:, start:stop] = np.broadcast_to(value, (n, prior.dim))
            except ValueError:
                raise ValueError(
                    f"A continuous code of size {prior.dim} takes a float, ({n},) or "
                    f"({n}, {prior.dim}) values. Received: codes entry of shape {value.shape}."
                ) from None
        return z

    def get_config(self):
        return {
            "noise": keras.saving.serialize_keras_object(self.noise),
            "code": [keras.saving.serialize_keras_object(c) for c in self.codes],
        }

    @classmethod
    def from_config(cls, config):
        return cls(
            noise=keras.saving.deserialize_keras_object(config["noise"]),
            code=[keras.saving.deserialize_keras_object(c) for c in config["code"]],
        )


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


__all__ = ["Prior", "Normal", "Uniform", "Categorical", "Joint", "get"]
