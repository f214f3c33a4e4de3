import atexit
import json
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# Under JAX, many tests jit the same step (the same tiny networks, shapes and optimizers):
# JAX's compilation cache lets a worker reuse what either worker compiled earlier in this
# run (measured: losses + regularizers + test_gan under JAX, 279 s -> 206 s with 2 workers).
# A fresh directory per run, made by the controlling process and inherited by the xdist
# workers (they start after this import), removed at exit: no run reuses another's cache.
# TensorFlow's --tf_xla_persistent_cache_directory was tried on a TF sample: 188 s -> 214 s, not used.
if (os.environ.get("KERAS_BACKEND") == "jax" and "JAX_COMPILATION_CACHE_DIR" not in os.environ
        and "PYTEST_XDIST_WORKER" not in os.environ):
    _jax_cache = tempfile.mkdtemp(prefix="kerasgan-test-jax-cache-")
    atexit.register(shutil.rmtree, _jax_cache, ignore_errors=True)
    os.environ["JAX_COMPILATION_CACHE_DIR"] = _jax_cache
    os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")
    os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES", "-1")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402


# Measured seconds of the tests that take >= 2 s, per backend (last refreshed on a 2-vCPU
# AMD EPYC). `make test` runs the longest first: pytest-xdist hands tests out in collection
# order, so a 4-minute behaviour run collected last would otherwise leave one core idle at
# the end. Ordering only: no test reads it. Refresh it with `pytest --record-durations`
# (whole suite, each backend).
DURATIONS_FILE = Path(__file__).with_name("durations.json")
_RECORD_AT_LEAST = 2.0


def pytest_addoption(parser):
    parser.addoption("--record-durations", action="store_true",
                     help=f"write the tests taking >= {_RECORD_AT_LEAST:g} s into {DURATIONS_FILE.name}")


def _known_durations():
    try:
        table = json.loads(DURATIONS_FILE.read_text())
    except (OSError, ValueError):
        return {}
    return table.get(keras.backend.backend()) or table.get("tensorflow", {})


def pytest_collection_modifyitems(config, items):
    known = _known_durations()
    items.sort(key=lambda item: -known.get(item.nodeid, 0.0))  # stable: the rest keep their order


_measured = defaultdict(float)


def pytest_runtest_logreport(report):
    _measured[report.nodeid] += report.duration


def pytest_sessionfinish(session):
    if not session.config.getoption("--record-durations") or hasattr(session.config, "workerinput"):
        return
    try:
        table = json.loads(DURATIONS_FILE.read_text())
    except (OSError, ValueError):
        table = {}
    table[keras.backend.backend()] = {
        nodeid: round(seconds, 1)
        for nodeid, seconds in sorted(_measured.items(), key=lambda kv: -kv[1]) if seconds >= _RECORD_AT_LEAST
    }
    DURATIONS_FILE.write_text(json.dumps(table, indent=1) + "\n")


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


# `jit_compile` for a short training run (tens of steps): eager under TensorFlow, where
# XLA's compile takes longer than the steps it speeds up, but compiled under JAX, whose
# op-by-op execution is 2-4x slower than one compile (measured on the preset runs).
SHORT_RUN_JIT = "auto" if keras.backend.backend() == "jax" else False
