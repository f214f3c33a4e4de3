"""benchmarks/gpu.sh: the GPU step table's plan, checked on CPU with --dry-run."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _dry_run(*args, **env):
    proc = subprocess.run(
        ["bash", "benchmarks/gpu.sh", *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env=dict(os.environ, PYTHON=sys.executable, **env),
    )
    return proc, [line[2:] for line in proc.stdout.splitlines() if line.startswith("+ ")]


def test_dry_run_plans_every_policy_and_batch_and_the_device_rows():
    proc, commands = _dry_run("--dry-run", GPU_COUNT="0")
    assert proc.returncode == 0, proc.stderr
    assert len(commands) == 6
    for policy in ("float32", "mixed_bfloat16", "mixed_float16"):
        for batch in (64, 256):
            [command] = [c for c in commands if f"--policy {policy} " in c and f"--batch {batch} " in c]
            assert "--xla on" in command
            # JAX threads no loss-scale state: no JAX side under mixed_float16.
            assert ("--jax" in command) == (policy != "mixed_float16")
    assert "--torch" in commands[0]
    _, commands = _dry_run("--dry-run", GPU_COUNT="4")
    scaled = [c for c in commands if c.startswith("KERASGAN_BENCH_DEVICES=")]
    assert [c.split()[0] for c in scaled] == ["KERASGAN_BENCH_DEVICES=2", "KERASGAN_BENCH_DEVICES=4"]
    assert "--batch 256" in scaled[-1]  # the global batch grows with the devices


def test_a_bad_argument_or_no_gpu_stops_before_any_timing():
    proc, _ = _dry_run("--fast")
    assert proc.returncode == 2 and "--fast" in proc.stderr and "--dry-run" in proc.stderr
    proc, commands = _dry_run(GPU_COUNT="0")
    assert proc.returncode == 1 and "no GPU" in proc.stderr and not commands
