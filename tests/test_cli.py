import os
import subprocess
import sys

import keras
import numpy as np
import pytest

from kerasgan import cli


@pytest.mark.parametrize("command", [[], ["train"], ["sample"], ["export"], ["presets"]])
def test_help_for_every_command(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(command + ["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: kerasgan" in out
    if command == ["train"]:
        for flag in ("--data", "--model", "--loss", "--epochs", "--batch-size", "--out"):
            assert flag in out


def _train(out, epochs, extra=()):
    return cli.main(
        ["train", "--data", "ring", "--loss", "wgan-gp", "--epochs", str(epochs), "--batch-size", "100",
         "--steps-per-epoch", "5", "--out", str(out), "--verbose", "0", "--jit-compile", "false", *extra]
    )


def test_train_writes_a_run_and_resumes(tmp_path, capsys):
    out = tmp_path / "run"
    assert _train(out, 1) == 0
    for name in ("gan.keras", "history.csv", "grids/epoch_0001.png", "generator/saved_model.pb"):
        assert (out / name).exists(), name
    first = keras.models.load_model(str(out / "gan.keras"))
    assert int(first.optimizer.iterations) == 5
    assert _train(out, 2) == 0
    assert "resuming" in capsys.readouterr().out
    resumed = keras.models.load_model(str(out / "gan.keras"))
    assert int(resumed.optimizer.iterations) == 10
    assert int(resumed.d_optimizer.iterations) == 50
    assert (out / "grids/epoch_0002.png").exists()
    history = (out / "history.csv").read_text().strip().splitlines()
    assert len(history) == 3  # header + 2 epochs, appended on resume


def test_sample_and_export(tmp_path):
    out = tmp_path / "run"
    assert _train(out, 1, ["--no-export"]) == 0
    assert not (out / "generator").exists()
    npy = tmp_path / "s.npy"
    assert cli.main(["sample", "--model", str(out / "gan.keras"), "--n", "16", "--out", str(npy)]) == 0
    samples = np.load(npy)
    assert samples.shape == (16, 2)
    gan = keras.models.load_model(str(out / "gan.keras"))
    np.testing.assert_allclose(samples, gan.generate(16, seed=0), rtol=1e-6)
    png = tmp_path / "s.png"
    assert cli.main(["sample", "--model", str(out / "gan.keras"), "--n", "16", "--out", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert cli.main(["export", "--model", str(out / "gan.keras"), "--out", str(tmp_path / "served")]) == 0
    assert (tmp_path / "served" / "saved_model.pb").exists()


def test_cli_errors_are_clear(tmp_path, capsys):
    assert cli.main(["sample", "--model", str(tmp_path / "missing.keras"), "--out", str(tmp_path / "x.png")]) == 2
    assert "--model" in capsys.readouterr().err
    assert _train(tmp_path / "r", 0) == 2
    assert "--epochs" in capsys.readouterr().err
    assert cli.main(["train", "--data", "nope", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "ring" in err
    assert cli.main(["train", "--data", "ring", "--loss", "bogus", "--epochs", "1", "--out", str(tmp_path / "r2")]) == 2
    assert "wgan-gp" in capsys.readouterr().err


def test_console_script_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "kerasgan.cli", "--help"], capture_output=True, text=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}, timeout=120,
    )
    assert result.returncode == 0 and "train" in result.stdout


def test_evaluate_scores_a_ring_gan(tmp_path, capsys):
    import json

    out = tmp_path / "run"
    assert _train(out, 1, ["--no-export"]) == 0
    capsys.readouterr()
    report = tmp_path / "scores.json"
    code = cli.main(["evaluate", "--model", str(out / "gan.keras"), "--metrics", "ring,pr",
                     "--data", "ring", "--num-samples", "500", "--out", str(report)])
    assert code == 0
    printed = capsys.readouterr().out
    scores = json.loads(report.read_text())
    assert {"ring/modes", "ring/high_quality", "precision_recall/precision",
            "precision_recall/recall"} <= set(scores)
    assert 0 <= scores["ring/modes"] <= 8
    assert 0.0 <= scores["precision_recall/precision"] <= 1.0
    assert "precision_recall/precision" in printed
    assert cli.main(["evaluate", "--model", str(out / "gan.keras"), "--metrics", "bogus"]) == 2
    assert "bogus" in capsys.readouterr().err


@pytest.fixture(scope="module")
def digits_gan(tmp_path_factory):
    """A DCGAN on the bundled digits after two steps: image samples for evaluate."""
    out = tmp_path_factory.mktemp("digits_run")
    code = cli.main(["train", "--data", "digits", "--model", "dcgan", "--epochs", "1", "--batch-size", "16",
                     "--steps-per-epoch", "2", "--base-filters", "8", "--out", str(out), "--no-export",
                     "--verbose", "0"])
    assert code == 0
    return str(out / "gan.keras")


def _first_real(n):
    import kerasgan

    batch = next(iter(kerasgan.data.load("digits", batch_size=n, shuffle=False, drop_remainder=False)))
    return np.asarray(batch[0] if isinstance(batch, tuple) else batch)


@pytest.mark.slow  # two reference FIDs through the 2048-d Inception
def test_evaluate_prints_a_reference_fid_and_reads_reference_stats(digits_gan, tmp_path, capsys):
    import json

    import kerasgan

    report = tmp_path / "fid.json"
    with pytest.warns(UserWarning, match="12 real samples for 2048 feature dimensions"):
        code = cli.main(["evaluate", "--model", digits_gan, "--metrics", "fid", "--data", "digits",
                         "--num-samples", "12", "--features", "reference", "--out", str(report)])
    assert code == 0
    printed = capsys.readouterr().out
    fid = json.loads(report.read_text())["fid"]
    assert f"fid: {fid:.6g}" in printed and fid > 1.0
    # The same 12 real digits as statistics: the same FID from one pass over the fakes.
    stats = tmp_path / "digits_stats.npz"
    with pytest.warns(UserWarning, match="singular"):
        kerasgan.metrics.save_reference_stats(stats, _first_real(12),
                                              feature_extractor=kerasgan.metrics.reference_inception())
    with pytest.warns(UserWarning, match="reference statistics come from 12 samples"):
        code = cli.main(["evaluate", "--model", digits_gan, "--metrics", "fid", "--reference", str(stats),
                         "--num-samples", "12", "--out", str(report)])
    assert code == 0
    assert json.loads(report.read_text())["fid"] == pytest.approx(fid, rel=1e-6)


def test_evaluate_bad_inputs_are_clear(digits_gan, tmp_path, capsys):
    bad = tmp_path / "bad.npz"
    np.savez(bad, mean=np.zeros(3))
    args = ["evaluate", "--model", digits_gan, "--num-samples", "4"]
    assert cli.main(args + ["--metrics", "fid", "--reference", str(bad)]) == 2
    assert "`reference` must be an .npz with arrays `mu`" in capsys.readouterr().err
    small = tmp_path / "small.npz"
    np.savez(small, mu=np.zeros(8), sigma=np.eye(8))
    assert cli.main(args + ["--metrics", "fid", "--reference", str(small)]) == 2
    assert "`reference` statistics have 8 dimensions" in capsys.readouterr().err
    assert cli.main(args + ["--metrics", "kid", "--reference", str(small)]) == 2
    assert "add fid to --metrics" in capsys.readouterr().err
    assert cli.main(args + ["--metrics", "fid"]) == 2
    assert "--data is required by fid" in capsys.readouterr().err
    assert cli.main(args + ["--metrics", "fid", "--data", "digits", "--num-samples", "1"]) == 2
    assert "--num-samples must be at least 2" in capsys.readouterr().err
    ring = tmp_path / "ring"
    assert _train(ring, 1, ["--no-export"]) == 0
    assert cli.main(["evaluate", "--model", str(ring / "gan.keras"), "--metrics", "fid", "--data", "ring",
                     "--features", "reference"]) == 2
    assert "needs image samples" in capsys.readouterr().err
