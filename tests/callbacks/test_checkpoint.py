"""One atomic checkpoint with its progress: keep K, fall back, refuse bad records, skip NaN."""

import os
import zipfile

import keras
import numpy as np
import pytest

import kerasgan
from kerasgan.callbacks import _checkpoint_files as files
from kerasgan.callbacks import checkpoint as C
from tests.conftest import ring_arrays, tiny_mlp_pair


def _linear_pair():  # oneDNN's relu maps NaN to 0, which would hide a NaN batch from the losses
    def net(n_in, n_out):
        return keras.Sequential([keras.Input((n_in,)), keras.layers.Dense(8, activation="tanh"),
                                 keras.layers.Dense(n_out)])
    return net(2, 2), net(2, 1)


def _gan(pair=None, **compile_kwargs):
    g, d = pair or tiny_mlp_pair(units=8)
    gan = kerasgan.GAN(g, d, 2, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), jit_compile=False, **compile_kwargs)
    return gan


def _fit(gan, path, epochs=2, **kwargs):
    x, _ = ring_arrays(64)
    ck = C.Checkpoint(path, **kwargs)
    gan.fit(x, batch_size=16, epochs=epochs, callbacks=[ck], verbose=0)
    return ck


def test_progress_lives_inside_the_file_and_last_two_are_kept(tmp_path):
    path = str(tmp_path / "gan.keras")
    gan = _gan()
    ck = _fit(gan, path, epochs=3, save_every=3, config={"lr": 1e-3})
    assert ck.saved_epochs == [1, 2, 3] and ck.saved_steps == [3, 4, 6, 8, 9, 12]
    assert sorted(os.listdir(tmp_path)) == ["gan.1.keras", "gan.keras"]  # no side file, no temp file
    record = files.read_progress(path)
    assert (record["epoch"], record["step"], record["global_step"]) == (3, 0, 12)
    assert record["g_iterations"] == 12 and record["config_hash"] == C.config_hash({"lr": 1e-3})
    assert files.read_progress(str(tmp_path / "gan.1.keras"))["global_step"] == 9
    loaded, record, used = C.load_latest(path)
    assert used == path and int(loaded.g_optimizer.iterations) == 12


def test_a_corrupt_newest_file_falls_back_to_the_previous_with_a_message(tmp_path):
    path = str(tmp_path / "gan.keras")
    _fit(_gan(), path)
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) // 2)
    messages = []
    gan, record, used = C.load_latest(path, log=messages.append)
    assert used.endswith("gan.1.keras") and record["epoch"] == 1
    assert "not a complete .keras file" in messages[0] and "previous checkpoint" in messages[1]


def test_a_missing_or_disagreeing_progress_record_is_refused(tmp_path):
    path = str(tmp_path / "gan.keras")
    gan = _gan()
    _fit(gan, path, epochs=1, keep=1)
    plain = str(tmp_path / "plain" / "gan.keras")
    os.makedirs(os.path.dirname(plain))
    gan.save(plain)  # a whole GAN without a progress record
    with pytest.raises(C.CheckpointError, match="holds no progress record"):
        C.load_latest(plain)
    record = files.read_progress(path)
    bad = str(tmp_path / "bad" / "gan.keras")
    files.save(gan, bad, dict(record, epoch=1), keep=1)
    with zipfile.ZipFile(bad) as src:
        entries = {n: src.read(n) for n in src.namelist()}
    entries[files.PROGRESS_ENTRY] = entries[files.PROGRESS_ENTRY].replace(b'"g_iterations": 4', b'"g_iterations": 9')
    with zipfile.ZipFile(bad, "w") as dst:
        for name, raw in entries.items():
            dst.writestr(name, raw)
    with pytest.raises(C.CheckpointError, match="g_iterations: record 9, model 4"):
        C.load_latest(bad)


def test_stale_temp_files_are_removed_when_training_begins(tmp_path, capsys):
    stale = tmp_path / ".tmp-gan.keras-abc.keras"
    stale.write_bytes(b"half a zip")
    other = tmp_path / ".tmp-other.keras"
    other.write_bytes(b"not ours")
    _fit(_gan(), str(tmp_path / "gan.keras"), epochs=1)
    assert not stale.exists() and other.exists()
    assert "removed 1 temporary file" in capsys.readouterr().out


def test_nan_in_a_non_trainable_variable_keeps_the_good_file(tmp_path, capsys):
    path = str(tmp_path / "gan.keras")
    gan = _gan()
    _fit(gan, path, epochs=1)
    good = open(path, "rb").read()
    state = gan.add_state("probe.moving_variance", (2,))
    state.assign([1.0, np.nan])

    ck = _fit(gan, path, epochs=2)
    assert ck.skipped_epochs == [1, 2] and open(path, "rb").read() == good
    assert "probe_moving_variance" in capsys.readouterr().out


def test_fit_stops_on_nan_by_default_naming_term_epoch_and_step(tmp_path, capsys):
    path = str(tmp_path / "gan.keras")
    gan = _gan(_linear_pair())
    _fit(gan, path, epochs=1)
    good = open(path, "rb").read()
    import tensorflow as tf

    x, _ = ring_arrays(64)
    x[20] = np.nan  # a foreign pipeline: kerasgan cannot check it up front
    history = gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(16), epochs=4,
                      callbacks=[C.Checkpoint(path)], verbose=0)
    out = capsys.readouterr().out
    assert "training stopped at epoch 1, step 2" in out and "d_loss" in out
    assert "the batch was not checked" in out
    assert len(history.history["d_loss"]) == 1 and open(path, "rb").read() == good
    with pytest.raises(ValueError, match="NaN or infinite"):
        gan.fit(np.full((32, 2), np.nan, "float32"), batch_size=16, verbose=0)


def test_a_kerasgan_dataset_resumed_at_initial_epoch_sees_that_epochs_order(tmp_path):
    def data():  # a fresh pipeline, as in a new process
        return kerasgan.data.load("ring", batch_size=16, num_samples=64, seed=0)

    gan = _gan()
    gan.save(str(tmp_path / "start.keras"))
    gan.fit(data(), epochs=3, verbose=0)
    resumed = keras.models.load_model(str(tmp_path / "start.keras"))
    resumed.fit(data(), epochs=1, verbose=0)
    resumed.save(str(tmp_path / "epoch1.keras"))
    resumed = keras.models.load_model(str(tmp_path / "epoch1.keras"))
    resumed.fit(data(), epochs=3, initial_epoch=1, verbose=0)
    for a, b in zip(gan.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)
