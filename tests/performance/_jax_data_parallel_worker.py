"""Child process of test_jax_distribution.py: 1 device vs `DataParallel` on 2 CPUs.

XLA's virtual host devices must be requested before JAX initializes, so this
runs in its own process. It trains the same GAN (same initial weights, data and
seed) with no distribution and with `keras.distribution.DataParallel` over two
devices, saving to `.keras` and loading back half-way, and writes both final
states and the layouts it found to the .npz path given as argv[1].
"""

import os
import sys

os.environ["KERAS_BACKEND"] = "jax"
os.environ["XLA_FLAGS"] = os.environ.get("XLA_FLAGS", "") + " --xla_force_host_platform_device_count=2"

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

import kerasgan  # noqa: E402
from tests.conftest import ring_arrays, tiny_mlp_pair  # noqa: E402

BATCH, STEPS = 32, 3


def _state(gan):
    """name -> value of every variable a step threads, and how many devices hold it."""
    groups = {"weight": gan.trainable_variables, "state": gan.non_trainable_variables,
              "optimizer": gan.optimizer.variables}
    values, devices = {}, {}
    for group, variables in groups.items():
        for i, v in enumerate(variables):
            key = f"{group}/{i}"  # paths differ: layer names are numbered per model
            values[key] = np.array(v.value)
            values[f"path/{key}"] = np.array(v.path)
            devices[key] = len(v.value.sharding.device_set)
    return values, devices


def train(loss, initial, folder, distribution):
    scope = distribution.scope() if distribution is not None else _null()
    x, _ = ring_arrays(BATCH * STEPS, seed=3)
    with scope:
        g, d = tiny_mlp_pair()
        g.set_weights(initial[0])
        d.set_weights(initial[1])
        gan = kerasgan.GAN(g, d, latent_dim=2, seed=5)
        gan.compile(keras.optimizers.Adam(1e-2, 0.5), keras.optimizers.Adam(1e-2, 0.5), loss=loss,
                    regularizers=[kerasgan.regularizers.EMAGenerator(0.5)])
        gan.fit(x, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        path = os.path.join(folder, f"{loss}-{distribution is not None}.keras")
        gan.save(path)
        gan = keras.models.load_model(path)
        history = gan.fit(x, batch_size=BATCH, epochs=1, shuffle=False, verbose=0).history
    return _state(gan), history


def feature_metrics(distribution):
    """FID and KID of a small extractor, with and without `distribution`, on
    batches of odd sizes (padded to split over 2 devices). Returns the values
    and the number of devices the extractor's inputs were spread over."""
    keras.utils.set_random_seed(1)
    extractor = keras.Sequential([keras.Input((6,)), keras.layers.Dense(5, activation="tanh")])
    rng = np.random.default_rng(2)
    real, fake = rng.normal(size=(203, 6)), rng.normal(0.3, 1.2, size=(151, 6))
    seen = []

    def extract(batch):
        seen.append(len(batch.sharding.device_set) if isinstance(batch, jax.Array) else 1)
        return extractor(batch)

    values = {}
    with distribution.scope() if distribution is not None else _null():
        fid = kerasgan.metrics.FID(feature_extractor=extract)
        kid = kerasgan.metrics.KID(extract, num_subsets=5, subset_size=50, seed=0)
        for metric in (fid, kid):
            for start in range(0, 203, 51):
                metric.update_state(real[start:start + 51], fake[start:start + 51] if start < 151 else None)
            result = metric.result()
            values[metric.name] = result["mean"] if isinstance(result, dict) else result
    return {k: np.array(float(v)) for k, v in values.items()}, max(seen)


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def main(path):
    assert len(jax.devices()) == 2, jax.devices()
    out = {}
    parallel = keras.distribution.DataParallel(devices=jax.devices())
    out["data_axes"] = np.array(parallel.get_data_layout((BATCH, 2)).axes, dtype=object).astype(str)
    for loss in ("non-saturating", "wgan-gp") if "--metrics-only" not in sys.argv else ():
        keras.utils.set_random_seed(0)
        g, d = tiny_mlp_pair()
        initial = (g.get_weights(), d.get_weights())
        out[f"{loss}/initial"] = np.concatenate([w.ravel() for w in initial[0] + initial[1]])
        for label, distribution in (("one", None), ("two", parallel)):
            (values, devices), history = train(loss, initial, os.path.dirname(path), distribution)
            for key, value in values.items():
                out[f"{loss}/{label}/{key}"] = value
                if key in devices:
                    out[f"{loss}/{label}/devices/{key}"] = np.array(devices[key])
            for name in ("d_loss", "g_loss"):
                out[f"{loss}/{label}/log/{name}"] = np.array(history[name])
    for label, distribution in (("one", None), ("two", parallel)):
        values, devices = feature_metrics(distribution)
        for name, value in values.items():
            out[f"metrics/{label}/{name}"] = value
        out[f"metrics/{label}/devices"] = np.array(devices)
    np.savez(path, **out)


if __name__ == "__main__":
    main(sys.argv[1])  # --metrics-only: the feature metrics alone (while developing)
