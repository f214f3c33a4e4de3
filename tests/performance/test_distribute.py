"""tf.distribute: 2 replicas give the 1-device updates; a 2-worker loopback run agrees."""

import os
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(module, *args, timeout=240):
    env = dict(os.environ, PYTHONPATH=ROOT, TF_CPP_MIN_LOG_LEVEL="3", KERAS_BACKEND="tensorflow")
    proc = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def test_mirrored_two_replicas_match_one_device_with_the_same_global_batch(tmp_path):
    path = tmp_path / "weights.npz"
    _run("tests.performance._mirrored_worker", str(path))
    out = np.load(path)
    for loss in ("non-saturating", "wgan-gp"):
        ones = sorted(k for k in out if k.startswith(f"{loss}/one/") and "/log/" not in k)
        assert ones
        moved = np.concatenate([out[k].ravel() for k in ones])
        # Training moved the weights (the comparison is not between two no-ops)...
        assert np.abs(moved - out[f"{loss}/initial"]).max() > 1e-3
        for key in ones:
            # ...and the replicas' summed gradients of per-replica means divided
            # by the replica count equal the global-batch gradient.
            np.testing.assert_allclose(
                out[key.replace("/one/", "/two/")], out[key], rtol=1e-4, atol=1e-6, err_msg=key
            )
        for name in ("d_loss", "g_loss"):  # logged means agree too
            np.testing.assert_allclose(
                out[f"{loss}/two/log/{name}"], out[f"{loss}/one/log/{name}"], rtol=1e-4
            )
