"""Peak memory of one benchmark side, measured in a fresh process.

`step_speed.py --memory` runs this module once per side so that no side pays
for (or profits from) another's allocations. The child imports the frameworks,
notes its resident set (`baseline`), builds and compiles the side, runs a few
steps and reports the process's peak resident set (Linux `VmHWM`, or
`ru_maxrss` elsewhere). `step MiB` = peak - baseline: what the side's networks,
optimizer state, compiled step and its buffers cost on top of the runtime.
"""

import json
import os
import resource
import subprocess
import sys


def _status_mib(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss_mib():
    peak = _status_mib("VmHWM")
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


def measure(side, setup, loss, xla, batch, size, base_filters, steps=3):
    """Runs one side in a child process; returns `(baseline_mib, peak_mib)`."""
    cmd = [
        sys.executable, "-m", "benchmarks._memory", side, setup, loss,
        str(int(xla)), str(batch), str(size), str(base_filters), str(steps),
    ]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root, TF_CPP_MIN_LOG_LEVEL="3")
    out = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["baseline"], result["peak"]


def _child(side, setup, loss, xla, batch, size, base_filters, steps):
    from benchmarks import step_speed as S

    if side.startswith("torch"):
        from benchmarks import _torch_eager  # noqa: F401  (import cost in baseline)
    g, d, latent_dim, data, optimizers = S.build_setup(setup, batch, size, base_filters)
    baseline = _status_mib("VmRSS") or 0.0
    if side.startswith("torch"):
        args = type("Args", (), {"base_filters": base_filters, "warmup": 1})()
        runner = _torch_eager.side(g, d, latent_dim, loss, data, batch, args)
    else:
        make = S.kerasgan_side if side == "kerasgan" else S.handwritten_side
        runner = S.Side(side, make(g, d, latent_dim, loss, xla, optimizers), data, batch, 1)
    runner.run(steps)
    print(json.dumps({"baseline": baseline, "peak": peak_rss_mib()}))


if __name__ == "__main__":
    a = sys.argv[1:]
    _child(a[0], a[1], a[2], bool(int(a[3])), int(a[4]), int(a[5]), int(a[6]), int(a[7]))
