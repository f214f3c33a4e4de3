"""One TensorBoard log_dir holds the losses, every logged term, the sample grids and the metrics."""

import keras
import numpy as np
import pytest

import kerasgan
from kerasgan.metrics import MixtureCoverage
from tests.conftest import ring_arrays, tiny_mlp_pair

event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")


def _read(log_dir):
    from tensorboard.util import tensor_util

    acc = event_accumulator.EventAccumulator(str(log_dir), size_guidance={event_accumulator.TENSORS: 0})
    acc.Reload()
    out = {}
    for tag in acc.Tags()["tensors"]:
        plugin = acc.SummaryMetadata(tag).plugin_data.plugin_name
        out[tag] = (plugin, [(e.step, tensor_util.make_ndarray(e.tensor_proto)) for e in acc.Tensors(tag)])
    return out


def test_losses_terms_grids_and_metrics_under_one_log_dir(tmp_path):
    log_dir = tmp_path / "tb"
    g, d = tiny_mlp_pair()
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss="wgan-gp", jit_compile=False)
    x, _ = ring_arrays(128)
    evaluate = kerasgan.callbacks.Evaluate([MixtureCoverage.ring(name="ring")], num_samples=200, log_dir=str(log_dir))
    history = gan.fit(x, batch_size=64, epochs=2, verbose=0, callbacks=[
        kerasgan.callbacks.SampleGrid(str(tmp_path / "grids"), num_samples=16, log_dir=str(log_dir)),
        evaluate,
        kerasgan.callbacks.TensorBoard(log_dir, update_freq=1),
    ])
    events = _read(log_dir)
    for tag in ("d_loss", "g_loss", "d/gradient_penalty", "evaluate/ring/modes", "ring/modes"):
        assert events[tag][0] == "scalars", tag
        assert [step for step, _ in events[tag][1]] == [1, 2], tag
    # The epoch values are the ones fit() reports.
    np.testing.assert_allclose([float(v) for _, v in events["d_loss"][1]], history.history["d_loss"], rtol=1e-6)
    assert [float(v) for _, v in events["evaluate/ring/modes"][1]][-1] == evaluate.last_results["ring"]["modes"]
    # update_freq=1: every batch too, at the generator's iteration (2 batches an epoch).
    assert [step for step, _ in events["batch/g_loss"][1]] == [1, 2, 3, 4]
    plugin, grids = events["samples"]
    assert plugin == "images" and [step for step, _ in grids] == [1, 2]
    width, height = (int(v) for v in grids[0][1][:2])
    assert (width, height) == (400, 400)  # the 2-D scatter picture, PNG-encoded by tf.summary.image
    assert grids[0][1][2][:8] == b"\x89PNG\r\n\x1a\n"


def test_tensorboard_validates_and_serializes(tmp_path):
    with pytest.raises(ValueError, match="update_freq"):
        kerasgan.callbacks.TensorBoard(tmp_path, update_freq=0)
    callback = kerasgan.callbacks.TensorBoard(tmp_path, update_freq=3)
    clone = kerasgan.callbacks.TensorBoard(**callback.get_config())
    assert clone.get_config() == {"log_dir": str(tmp_path), "update_freq": 3}
