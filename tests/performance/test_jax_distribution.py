"""keras.distribution on JAX: DataParallel over 2 devices gives the 1-device updates.

The worker runs under KERAS_BACKEND=jax with two virtual XLA host devices (the
flag must be set before JAX starts), whichever backend runs this file.
"""

import os
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(module, *args, timeout=300):
    env = dict(os.environ, PYTHONPATH=ROOT, TF_CPP_MIN_LOG_LEVEL="3", KERAS_BACKEND="jax")
    proc = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stderr[-3000:]}"
    return proc


def _check_data_parallel_training(out):
    # Before the fix the first distributed step died with a segmentation fault
    # (one zeros buffer backing two metric variables, donated twice).
    assert list(out["data_axes"]) == ["batch", "None"]  # the global batch is split
    for loss in ("non-saturating", "wgan-gp"):
        keys = sorted(k for k in out if k.startswith(f"{loss}/one/")
                      and k.split("/")[2] in ("weight", "state", "optimizer"))
        paths = {str(out[k.replace("/one/", "/one/path/")]) for k in keys}
        # Both optimizers' slots, the seed state and the EMA average are compared.
        assert any("momentum" in p for p in paths) and any("seed_generator_state" in p for p in paths)
        assert sum("ema_generator" in p for p in paths) == 4
        weights = np.concatenate([out[k].ravel() for k in keys if k.split("/")[2] == "weight"])
        assert np.abs(weights - out[f"{loss}/initial"]).max() > 1e-2  # training moved them
        for key in keys:
            two = key.replace("/one/", "/two/")
            # Every threaded variable lives on both devices (replicated by the layout)...
            assert int(out[two.replace("/two/", "/two/devices/")]) == 2, out[key.replace("/one/", "/one/path/")]
            # ...and holds the 1-device value.
            np.testing.assert_allclose(out[two], out[key], rtol=1e-5, atol=1e-6, err_msg=f"{loss} {key}")
        for name in ("d_loss", "g_loss"):
            np.testing.assert_allclose(out[f"{loss}/two/log/{name}"], out[f"{loss}/one/log/{name}"], rtol=1e-5)


def _check_sharded_feature_metrics(out):
    # The extractor saw batches spread over both devices (odd batch sizes, padded)...
    assert int(out["metrics/one/devices"]) == 1 and int(out["metrics/two/devices"]) == 2
    for name in ("fid_custom", "kid"):
        one, two = float(out[f"metrics/one/{name}"]), float(out[f"metrics/two/{name}"])
        assert one > 1e-3, (name, one)  # the two sides differ: not a distance of zero
        # ...and the gathered moments (FID) and features (KID) give the 1-device value.
        assert abs(two - one) <= 1e-6 * abs(one), (name, one, two)


@pytest.mark.slow
def test_two_devices_match_one_device_in_training_across_save_load_and_in_fid_kid(tmp_path):
    """One worker process (JAX starts once, ~60 s) for both checks. As two tests sharing a
    module fixture, two xdist workers each ran the process."""
    path = tmp_path / "state.npz"
    _run("tests.performance._jax_data_parallel_worker", str(path))
    out = dict(np.load(path))
    _check_data_parallel_training(out)  # DataParallel: both losses, saved and loaded midway
    _check_sharded_feature_metrics(out)  # FID / KID features extracted across the devices
