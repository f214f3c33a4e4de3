import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _seed_and_policy():
    keras.utils.set_random_seed(1234)
    yield
    keras.config.set_dtype_policy("float32")


def ring_arrays(n, seed=0, std=0.01):
    """8 Gaussians on the unit circle (independent of kerasgan.data, for core tests)."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, 8, n)
    angle = 2 * np.pi * idx / 8
    x = np.stack([np.cos(angle), np.sin(angle)], 1) + std * rng.normal(size=(n, 2))
    return x.astype("float32"), idx.astype("int32")


def ring_centers():
    a = 2 * np.pi * np.arange(8) / 8
    return np.stack([np.cos(a), np.sin(a)], 1)


def tiny_mlp_pair(data_dim=2, latent_dim=2, units=32, name=""):
    from keras import layers

    g = keras.Sequential(
        [keras.Input((latent_dim,)), layers.Dense(units, activation="relu"), layers.Dense(data_dim)],
        name=f"generator{name}",
    )
    d = keras.Sequential(
        [keras.Input((data_dim,)), layers.Dense(units, activation="relu"), layers.Dense(1)],
        name=f"discriminator{name}",
    )
    return g, d
