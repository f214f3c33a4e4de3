"""`kerasgan train/sample/export`: bad inputs refused in one line (exit 2), run failures exit 1,
a changed config refused on resume, a truncated image named, a corrupt checkpoint recovered."""

import os

import keras
import numpy as np
import pytest

from kerasgan import cli


def _train(out, *extra, data="ring", epochs=1):
    return cli.main(["train", "--data", data, "--epochs", str(epochs), "--batch-size", "100",
                     "--steps-per-epoch", "3", "--no-export", "--verbose", "0", "--jit-compile", "false", "--out", str(out),
                     *extra])


@pytest.mark.parametrize("flags, message", [
    (["--lr", "-1"], "--lr must be a positive finite number"),
    (["--lr", "nan"], "--lr must be a positive finite number"),
    (["--beta1", "1.5"], "--beta1 must be in [0, 1)"),
    (["--beta2", "-0.1"], "--beta2 must be in [0, 1)"),
    (["--steps-per-epoch", "0"], "--steps-per-epoch must be a positive integer"),
    (["--steps-per-epoch", "-5"], "--steps-per-epoch must be a positive integer"),
    (["--latent-dim", "0"], "--latent-dim must be a positive integer"),
    (["--seed", "-1"], "--seed must be an integer in [0, 2**31)"),
    (["--save-every", "0"], "--save-every must be a positive integer"),
    (["--keep", "0"], "--keep must be a positive integer"),
    (["--loss", "began"], "--loss began needs an autoencoder discriminator"),
])
def test_out_of_range_flags_are_refused_before_work(tmp_path, capsys, flags, message):
    assert _train(tmp_path / "run", *flags) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "run").exists()


def test_bad_out_paths_are_one_line_errors(tmp_path, capsys, monkeypatch):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert _train(a_file) == 2
    assert "is a file" in capsys.readouterr().err
    assert _train(a_file / "under") == 2
    assert "which is a file" in capsys.readouterr().err
    locked = tmp_path / "locked"
    locked.mkdir()
    # This suite may run as root, whom file modes do not stop: the check asks os.access.
    monkeypatch.setattr(os, "access", lambda path, mode: os.path.abspath(path) != str(locked))
    assert _train(locked / "run") == 2
    assert "not writable" in capsys.readouterr().err


@pytest.mark.slow
def test_resume_refuses_changed_settings_naming_them(tmp_path, capsys):
    out = tmp_path / "run"
    assert _train(out) == 0
    assert _train(out, "--lr", "1e-3", "--latent-dim", "3", epochs=2) == 2
    err = capsys.readouterr().err
    assert "lr: 0.0002 -> 0.001" in err and "latent_dim: 2 -> 3" in err
    assert _train(out, "--loss", "hinge", epochs=2) == 2
    assert "loss: 'non-saturating' -> 'hinge'" in capsys.readouterr().err
    # Without the folder's config.json, the checkpoint's own progress record refuses.
    (out / "config.json").unlink()
    assert _train(out, "--lr", "1e-3", epochs=2) == 2
    assert "--lr: 0.0002 -> 0.001" in capsys.readouterr().err


@pytest.mark.slow
def test_corrupt_newest_checkpoint_resumes_from_the_previous(tmp_path, capsys):
    out = tmp_path / "run"
    assert _train(out, epochs=2) == 0
    newest = out / "gan.keras"
    newest.write_bytes(newest.read_bytes()[:500])
    capsys.readouterr()
    assert _train(out, epochs=3) == 0
    text = capsys.readouterr().out
    assert "falling back to the previous checkpoint" in text and "from epoch 1, step 0" in text
    assert int(keras.models.load_model(str(newest)).g_optimizer.iterations) == 9


def test_sample_and_export_refuse_what_is_not_a_gan(tmp_path, capsys):
    plain = tmp_path / "plain.keras"
    keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]).save(plain)
    assert cli.main(["export", "--model", str(plain), "--out", str(tmp_path / "served")]) == 2
    assert "holds a Sequential, not a kerasgan GAN" in capsys.readouterr().err
    assert cli.main(["sample", "--model", str(plain), "--out", str(tmp_path / "s.png")]) == 2
    assert "not a kerasgan GAN" in capsys.readouterr().err
    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert cli.main(["sample", "--model", str(broken), "--out", str(tmp_path / "s.png")]) == 2
    assert "is not a readable .keras file" in capsys.readouterr().err
    assert cli.main(["sample", "--model", str(plain), "--out", str(tmp_path)]) == 2
    assert cli.main(["sample", "--model", str(plain), "--out", str(tmp_path / "s.png"), "--seed", "-1"]) == 2
    assert "--seed" in capsys.readouterr().err


def test_a_truncated_png_in_an_image_folder_is_named_up_front(tmp_path, capsys):
    from kerasgan.callbacks import images

    folder = tmp_path / "images"
    folder.mkdir()
    for i in range(4):
        images.write_png(str(folder / f"{i}.png"), np.full((8, 8, 3), 40 * i, "uint8"))
    good = (folder / "1.png").read_bytes()
    (folder / "1.png").write_bytes(good[: len(good) - 20])
    assert _train(tmp_path / "run", "--batch-size", "2", data=str(folder)) == 2
    err = capsys.readouterr().err
    assert "truncated or damaged" in err and "1.png" in err


def test_bad_npy_files_name_the_path(tmp_path, capsys):
    bad = tmp_path / "points.npy"
    bad.write_bytes(b"not numpy")
    assert _train(tmp_path / "run", data=str(bad)) == 2
    assert str(bad) in capsys.readouterr().err
    empty = tmp_path / "empty.npy"
    np.save(empty, np.zeros((0, 2), "float32"))
    assert _train(tmp_path / "run2", data=str(empty)) == 2
    assert "no examples" in capsys.readouterr().err
