"""kill -9 at random moments, some during saves: the resumed run ends bitwise equal."""

import multiprocessing
import os
import random
import signal
import time

import numpy as np
import pytest

from tests.callbacks import _kill_child

SAVE_EVERY = 2
EPOCHS = 4
STEPS_PER_PASS = 8  # 256 points, batches of 32


def _argv(data, out):
    # --jit-compile false: each of the 12 processes would spend ~5 s compiling XLA. What is
    # tested here is the checkpoint files and the restored state; resuming the XLA-compiled
    # step bitwise is tested in-process (tests/test_gan.py).
    return ["train", "--jit-compile", "false", "--data", str(data), "--model", "mlp", "--epochs", str(EPOCHS), "--batch-size", "32",
            "--save-every", str(SAVE_EVERY), "--seed", "3", "--no-export", "--verbose", "0", "--out", str(out)]


def _weights(path):
    import zipfile
    import io
    import h5py

    with zipfile.ZipFile(path) as archive:
        raw = archive.read("model.weights.h5")
    arrays = {}
    with h5py.File(io.BytesIO(raw), "r") as f:
        f.visititems(lambda name, obj: arrays.__setitem__(name, obj[()]) if hasattr(obj, "shape") else None)
    return arrays


def _temps(out):
    return [n for n in os.listdir(out) if n.startswith(".tmp-")] if os.path.isdir(out) else []


@pytest.mark.slow
def test_ten_sigkills_then_resume_end_bitwise_equal_to_the_uninterrupted_run(tmp_path):
    from kerasgan.callbacks import _checkpoint_files as files

    rng = np.random.default_rng(0)
    data = tmp_path / "points.npy"
    np.save(data, rng.normal(size=(256, 2)).astype("float32"))
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.callbacks._kill_child", "kerasgan.cli", "kerasgan._cli_commands",
                                "kerasgan.callbacks", "keras", "tensorflow"])

    def start(out):
        done, finished = ctx.Value("l", 0), ctx.Value("l", 0)
        proc = ctx.Process(target=_kill_child.run_train, args=(_argv(data, out), done, finished))
        proc.start()
        return proc, done, finished

    ref_out, out = tmp_path / "reference", tmp_path / "killed"
    reference = start(ref_out)
    reference[0].join(300)
    assert reference[2].value == 100, "the uninterrupted run failed"

    total = EPOCHS * STEPS_PER_PASS
    chooser = random.Random(0)
    kills, during_save, lost = 0, 0, []
    while kills < 10:
        before = files.read_progress(files.candidates(str(out / "gan.keras"))[0])["global_step"] \
            if files.candidates(str(out / "gan.keras")) else 0
        proc, done, finished = start(out)
        in_save = chooser.random() < 0.5  # half the kills wait for a save in progress
        target = min(before + chooser.randint(1, 3), total - 1)  # a random step of this segment
        deadline = time.time() + 120
        while proc.is_alive() and time.time() < deadline:
            if done.value >= target and (not in_save or _temps(out)):
                break
            time.sleep(0.002)
        if not proc.is_alive():  # finished before the chosen moment
            break
        at_kill, temp_seen = done.value, bool(_temps(out))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        kills += 1
        during_save += temp_seen
        saved = files.read_progress(files.candidates(str(out / "gan.keras"))[0])["global_step"] \
            if files.candidates(str(out / "gan.keras")) else 0
        lost.append(at_kill - saved)
    proc, done, finished = start(out)
    proc.join(300)
    assert finished.value == 100
    assert kills == 10 and during_save >= 3, (kills, during_save)
    assert max(lost) <= SAVE_EVERY, lost
    assert not _temps(out)
    expected, got = _weights(ref_out / "gan.keras"), _weights(out / "gan.keras")
    assert expected.keys() == got.keys() and len(expected) > 10
    for name in expected:
        np.testing.assert_array_equal(got[name], expected[name], err_msg=name)
    final = files.read_progress(str(out / "gan.keras"))
    assert final["global_step"] == total and final["epoch"] == EPOCHS
    print(f"\nkills: {kills}, during a save: {during_save}, steps lost per kill: {lost}")
