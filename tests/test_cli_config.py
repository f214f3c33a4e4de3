"""The CLI's run config (config.json, --config, --override), quiet start, hints and --log-dir."""

import json
import os
import re
import subprocess
import sys
import time

import keras
import numpy as np
import pytest

from kerasgan import cli

_RING = ["train", "--data", "ring", "--epochs", "1", "--batch-size", "64", "--steps-per-epoch", "3",
         "--no-export", "--progress", "none", "--jit-compile", "false"]
# TensorFlow's C++ log lines ("I0000 00:00:... port.cc:153] oneDNN ...", "W0000 ...") and the
# banner printed before absl's logging starts.
_TF_LOG = re.compile(r"^[IWEF]\d{4} |absl::InitializeLog|oneDNN|cuda|tensorflow/", re.MULTILINE)


def _env():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")]))}
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)  # the CLI must be quiet without help from the caller
    return env


def test_help_answers_without_importing_tensorflow():
    for command in (["--help"], ["train", "--help"]):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "kerasgan_cli", *command], capture_output=True,
                                text=True, env=_env(), timeout=60)
        elapsed = time.perf_counter() - start
        assert result.returncode == 0 and "usage: kerasgan" in result.stdout
        assert elapsed < 1.5, f"kerasgan {' '.join(command)} took {elapsed:.2f} s"
        assert not _TF_LOG.search(result.stdout + result.stderr)
    probe = "import sys, kerasgan_cli; kerasgan_cli._cli_module(); print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=_env(), timeout=60)
    assert result.stdout.split() == ["False", "False"]


@pytest.mark.slow  # a fresh process imports TensorFlow (~10 s here)
def test_train_prints_no_tensorflow_log_line_and_one_line_per_epoch(tmp_path):
    args = [*_RING, "--out", str(tmp_path / "run"), "--epochs", "2", "--progress", "auto", "--loss", "wgan-gp",
            "--jit-compile", "auto"]  # the default step, XLA-compiled: XLA's own log lines too
    result = subprocess.run([sys.executable, "-m", "kerasgan_cli", *args], capture_output=True, text=True,
                            env=_env(), timeout=300)
    printed = result.stdout + result.stderr
    assert result.returncode == 0, printed
    assert not _TF_LOG.search(printed), printed
    assert "\r" not in printed and "\x08" not in printed  # not a terminal: no progress bar updates
    assert len(re.findall(r"^3/3 - ", result.stdout, re.MULTILINE)) == 2  # one line per epoch
    assert "kerasgan sample --model" in result.stdout and "kerasgan evaluate --model" in result.stdout


def _generator_weights(run):
    gan = keras.models.load_model(str(run / "gan.keras"))
    return [np.asarray(w) for w in gan.generator.weights], gan


def test_config_round_trip_reproduces_the_run(tmp_path, capsys):
    first = tmp_path / "first"
    assert cli.main([*_RING, "--out", str(first), "--lr", "1e-3", "--seed", "3", "--latent-dim", "3"]) == 0
    config = json.loads((first / "config.json").read_text())
    assert config["lr"] == 1e-3 and config["seed"] == 3 and config["latent_dim"] == 3
    assert config["loss"] == "non-saturating" and config["model"] == "mlp" and config["steps_per_epoch"] == 3
    assert config["jit_compile"] == "false"
    assert "kerasgan sample --model" in capsys.readouterr().out
    again = tmp_path / "again"
    assert cli.main(["train", "--config", str(first / "config.json"), "--out", str(again), "--progress", "none"]) == 0
    assert json.loads((again / "config.json").read_text()) == config
    (w1, gan1), (w2, gan2) = _generator_weights(first), _generator_weights(again)
    assert int(gan2.optimizer.iterations) == int(gan1.optimizer.iterations) == 3
    assert gan1.jit_compile is False and gan2.jit_compile is False  # --jit-compile false, kept by the config
    for a, b in zip(w1, w2):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_command_line_flags_win_over_the_config_file_which_wins_over_the_run_folder(tmp_path):
    from kerasgan import _cli_config

    run = tmp_path / "run"
    run.mkdir()
    (run / "config.json").write_text(json.dumps({"data": "ring", "seed": 1, "lr": 0.1, "epochs": 3}))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"seed": 2, "batch-size": 8}))
    argv = ["train", "--out", str(run), "--config", str(other), "--lr", "0.5"]
    args = cli._build_parser().parse_args(argv)
    args = cli._build_parser(_cli_config.train_defaults(args)).parse_args(argv)
    assert (args.data, args.seed, args.batch_size, args.lr, args.epochs) == ("ring", 2, 8, 0.5, 3)


def test_resume_with_a_changed_config_is_refused_unless_overridden(tmp_path, capsys):
    run = tmp_path / "run"
    assert cli.main([*_RING, "--out", str(run)]) == 0
    before = (run / "gan.keras").read_bytes()
    capsys.readouterr()
    assert cli.main(["train", "--out", str(run), "--epochs", "2", "--loss", "hinge", "--lr", "1e-3"]) == 2
    err = capsys.readouterr().err
    assert "loss: 'non-saturating' -> 'hinge'" in err and "lr: 0.0002 -> 0.001" in err and "--override" in err
    assert (run / "gan.keras").read_bytes() == before
    assert cli.main(["train", "--out", str(run), "--epochs", "2", "--latent-dim", "5", "--override"]) == 2
    assert "--override cannot change latent_dim" in capsys.readouterr().err
    assert cli.main(["train", "--out", str(run), "--epochs", "2", "--jit-compile", "true", "--override"]) == 2
    assert "--override cannot change jit_compile" in capsys.readouterr().err
    # Resuming needs only --out: the folder's config gives --data and the rest (the
    # data-dependent defaults, --model and --latent-dim, included).
    assert cli.main(["train", "--out", str(run), "--epochs", "2", "--progress", "none"]) == 0
    assert "resuming" in capsys.readouterr().out
    assert cli.main(["train", "--out", str(run), "--epochs", "3", "--loss", "hinge", "--override",
                     "--progress", "none"]) == 0
    assert "resuming" in capsys.readouterr().out
    gan = keras.models.load_model(str(run / "gan.keras"))
    assert type(gan.objective.loss).__name__ == "HingeLoss"
    assert json.loads((run / "config.json").read_text())["loss"] == "hinge"


def test_bad_config_files_are_clear(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"data": "ring", "learning_rate": 1e-3}))
    assert cli.main(["train", "--config", str(bad), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "learning_rate" in err and "batch_size" in err
    assert cli.main(["train", "--config", str(tmp_path / "missing.json"), "--out", str(tmp_path / "r")]) == 2
    assert "missing.json" in capsys.readouterr().err
    assert cli.main(["train", "--out", str(tmp_path / "r")]) == 2
    assert "--data is required" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_log_dir_holds_losses_terms_and_grids(tmp_path):
    from tensorboard.backend.event_processing import event_accumulator

    log_dir = tmp_path / "tb"
    assert cli.main([*_RING, "--epochs", "2", "--loss", "wgan-gp", "--out", str(tmp_path / "run"),
                     "--log-dir", str(log_dir)]) == 0
    acc = event_accumulator.EventAccumulator(str(log_dir), size_guidance={event_accumulator.TENSORS: 0})
    acc.Reload()
    plugins = {tag: acc.SummaryMetadata(tag).plugin_data.plugin_name for tag in acc.Tags()["tensors"]}
    assert {"d_loss", "g_loss", "d/gradient_penalty", "samples"} <= set(plugins)
    assert plugins["samples"] == "images" and plugins["d_loss"] == "scalars"
    assert [e.step for e in acc.Tensors("d_loss")] == [1, 2]
    history = (tmp_path / "run" / "history.csv").read_text().splitlines()
    header, last = history[0].split(","), history[-1].split(",")
    from tensorboard.util import tensor_util

    logged = float(tensor_util.make_ndarray(acc.Tensors("d_loss")[-1].tensor_proto))
    assert logged == pytest.approx(float(last[header.index("d_loss")]), rel=1e-5)
