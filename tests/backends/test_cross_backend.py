"""A `.keras` GAN saved on one backend loads on the others and generates the same samples.

Each backend runs in its own process (Keras picks the backend at import); this
test runs in the TensorFlow suite and drives JAX and torch in subprocesses.
"""

import json
import os
import pathlib
import subprocess
import sys

import keras
import numpy as np
import pytest

import kerasgan

WORKER = pathlib.Path(__file__).with_name("_cross_backend_worker.py")
ROOT = WORKER.parents[2]


def _run(backend, *args):
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, str(WORKER), *map(str, args)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, f"{backend} worker failed:\n{proc.stderr[-3000:]}"


def _counts(out):
    return json.loads(pathlib.Path(f"{out}.json").read_text())


@pytest.mark.slow
def test_saved_gan_loads_and_generates_the_same_on_every_backend(tmp_path):
    z = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
    z_path = tmp_path / "z.npy"
    np.save(z_path, z)
    tf_file, jax_file = tmp_path / "tf.keras", tmp_path / "jax.keras"
    out = {name: str(tmp_path / f"{name}.npy") for name in
           ("tf", "jax_from_tf", "jax", "torch_from_tf", "torch_from_jax")}

    _run("tensorflow", "save", tf_file, z_path, out["tf"])
    _run("jax", "load", tf_file, z_path, out["jax_from_tf"], "save", jax_file, z_path, out["jax"])
    _run("torch", "load", tf_file, z_path, out["torch_from_tf"], "load", jax_file, z_path,
         out["torch_from_jax"])

    tf_samples, jax_samples = np.load(out["tf"]), np.load(out["jax"])
    np.testing.assert_allclose(np.load(out["jax_from_tf"]), tf_samples, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.load(out["torch_from_tf"]), tf_samples, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.load(out["torch_from_jax"]), jax_samples, rtol=1e-5, atol=1e-6)
    # And JAX -> TensorFlow, in this (TensorFlow) process.
    assert keras.backend.backend() == "tensorflow"
    loaded = keras.models.load_model(jax_file)
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(loaded.generator(z, training=False)), jax_samples,
        rtol=1e-5, atol=1e-6,
    )
    # Objective and optimizer state travel too: 3 steps of 5 critic updates each.
    for name in ("tf", "jax_from_tf", "jax", "torch_from_tf", "torch_from_jax"):
        assert _counts(out[name])["g"] == 3 and _counts(out[name])["d"] == 15, name
        assert _counts(out[name])["objective"] == "WassersteinLoss"
    assert isinstance(loaded.objective.loss, kerasgan.losses.WassersteinLoss)
    assert int(loaded.d_optimizer.iterations) == 15
    # The two trainings differ (different random streams), so the check is not vacuous.
    assert not np.allclose(tf_samples, jax_samples)
