"""tf.distribute: 2 replicas give the 1-device updates; a 2-worker loopback run agrees."""

import os
import socket
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


def _free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_two_worker_loopback_run_trains_and_both_workers_agree(tmp_path):
    ports = [str(p) for p in _free_ports(2)]
    env = dict(os.environ, PYTHONPATH=ROOT, TF_CPP_MIN_LOG_LEVEL="3", KERAS_BACKEND="tensorflow")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.performance._multiworker_worker", str(i), *ports,
             str(tmp_path / f"worker{i}.npz")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(2)
    ]
    try:
        errors = [p.communicate(timeout=240)[1] for p in procs]
    finally:
        for p in procs:  # bounded: never leave a worker waiting for its peer
            if p.poll() is None:
                p.kill()
                p.wait()
    assert [p.returncode for p in procs] == [0, 0], "\n".join(e[-2000:] for e in errors)
    w0, w1 = (np.load(tmp_path / f"worker{i}.npz") for i in range(2))
    assert int(w0["replicas"]) == int(w1["replicas"]) == 2
    assert np.abs(w0["final"] - w0["initial"]).max() > 1e-4  # it trained
    assert np.all(np.isfinite(w0["d_loss"]))
    np.testing.assert_allclose(w0["initial"], w1["initial"], rtol=0, atol=0)
    np.testing.assert_allclose(w0["final"], w1["final"], rtol=1e-6, atol=1e-7)
