import os
import subprocess
import sys

import keras
import numpy as np
import pytest

from kerasgan import cli


@pytest.mark.parametrize("command", [[], ["train"], ["sample"], ["export"]])
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
         "--steps-per-epoch", "5", "--out", str(out), "--verbose", "0", *extra]
    )


def test_train_writes_a_run_and_resumes(tmp_path, capsys):
    out = tmp_path / "run"
    assert _train(out, 1) == 0
    for name in ("gan.keras", "gan.keras.json", "history.csv", "grids/epoch_0001.png", "generator/saved_model.pb"):
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
