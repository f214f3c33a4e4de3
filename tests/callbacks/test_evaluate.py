import gc
import math
import tracemalloc

import keras
import numpy as np
import pytest
import tensorflow as tf

from kerasgan.callbacks import Evaluate
from kerasgan.metrics import FrechetDistance, KID, MixtureCoverage, ring_centers


class FakeGAN:
    """Stands in for kerasgan.GAN: `generate(n, seed=...)` -> numpy samples."""

    def __init__(self, modes, std=0.01):
        self.modes, self.std, self.calls = np.asarray(modes), std, []

    def generate(self, n, seed=None):
        self.calls.append((n, seed))
        rng = np.random.default_rng(seed)
        centers = ring_centers()[rng.choice(self.modes, n)]
        return centers + self.std * rng.standard_normal((n, 2))


class TinyGAN(keras.Model):
    """A keras.Model with a custom train_step that counts its traces."""

    def __init__(self):
        super().__init__()
        self.generator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
        self.traces = 0

    def call(self, z):
        return self.generator(z)

    def train_step(self, data):
        self.traces += 1  # Python side effect: runs once per trace only
        with tf.GradientTape() as tape:
            loss = keras.ops.mean(keras.ops.square(self.generator(data) - data))
        grads = tape.gradient(loss, self.generator.trainable_variables)
        self.optimizer.apply(grads, self.generator.trainable_variables)
        return {"loss": loss}

    def generate(self, n, seed=None):
        z = keras.random.normal((n, 2), seed=seed)
        return keras.ops.convert_to_numpy(self.generator(z))


def _ring_data(n, seed=0):
    rng = np.random.default_rng(seed)
    return ring_centers()[rng.integers(0, 8, n)] + 0.01 * rng.standard_normal((n, 2))


def test_results_reach_fit_history_and_match_direct_computation():
    gan = TinyGAN()
    gan.compile(keras.optimizers.SGD(0.01))
    data = _ring_data(64).astype("float32")
    callback = Evaluate([FrechetDistance(), MixtureCoverage.ring(name="ring")], data,
                        num_samples=50, batch_size=20, seed=7)
    history = gan.fit(data, epochs=3, batch_size=16, verbose=0, callbacks=[callback])
    assert gan.traces == 1  # evaluation never retraced the training step
    for key in ("frechet_distance", "ring/modes", "ring/high_quality", "ring/reverse_kl"):
        assert len(history.history[key]) == 3
    # The last logged value is the metric of the final generator on the same latents.
    fakes = np.concatenate([gan.generate(20, seed=7), gan.generate(20, seed=8), gan.generate(10, seed=9)])
    direct = FrechetDistance()
    direct.update_state(data[:50], fakes)
    assert history.history["frechet_distance"][-1] == pytest.approx(direct.result(), rel=1e-9)
    assert "histogram" in callback.last_results["ring"]


def test_every_n_epochs_seeds_and_sample_counts():
    gan = FakeGAN(modes=[0, 1, 2])
    callback = Evaluate([MixtureCoverage.ring()], every_n_epochs=2, num_samples=25, batch_size=10, seed=3)
    callback.set_model(gan)
    logs = [{} for _ in range(4)]
    for epoch in range(4):
        callback.on_epoch_end(epoch, logs[epoch])
    assert logs[0] == {} and logs[2] == {}
    assert logs[1]["mixture_coverage/modes"] == 3
    assert logs[3]["mixture_coverage/reverse_kl"] == pytest.approx(logs[1]["mixture_coverage/reverse_kl"])
    assert gan.calls == [(10, 3), (10, 4), (5, 5)] * 2


def test_real_statistics_computed_once_from_a_dataset():
    data = _ring_data(300)
    ds = tf.data.Dataset.from_tensor_slices((data, np.zeros(300))).batch(64)
    fd = FrechetDistance()
    callback = Evaluate([fd], ds, num_samples=200)
    callback.set_model(FakeGAN(modes=range(8)))
    first = callback.evaluate()
    count, mean, _ = fd.statistics("real")
    assert count == 200  # capped at num_samples
    np.testing.assert_allclose(mean, data[:200].mean(0))
    second = callback.evaluate()
    assert fd.statistics("real")[0] == 200 and fd.statistics("fake")[0] == 200
    assert first == second  # same latents, same generator


def test_collapsed_generator_scores_worse():
    data = _ring_data(400)
    metrics = lambda: [MixtureCoverage.ring(), KID(num_subsets=5, subset_size=100, seed=0)]  # noqa: E731
    good, bad = Evaluate(metrics(), data), Evaluate(metrics(), data)
    good.set_model(FakeGAN(modes=range(8)))
    bad.set_model(FakeGAN(modes=[0]))
    g, b = good.evaluate(), bad.evaluate()
    assert g["mixture_coverage/modes"] == 8 and b["mixture_coverage/modes"] == 1
    assert b["mixture_coverage/reverse_kl"] == pytest.approx(math.log(8))
    assert b["kid/mean"] > 10 * max(g["kid/mean"], 1e-3)


def test_memory_does_not_grow_with_evaluations():
    data = _ring_data(500)
    callback = Evaluate([FrechetDistance(), KID(num_subsets=2, subset_size=50), MixtureCoverage.ring()],
                        data, num_samples=500)
    callback.set_model(FakeGAN(modes=range(8)))
    for _ in range(3):
        callback.evaluate()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for _ in range(20):
        callback.evaluate()
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    growth = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert growth < 100_000  # one evaluation's buffers alone are ~16 kB x 3


def test_tensorboard_scalars_written(tmp_path):
    callback = Evaluate([MixtureCoverage.ring(name="ring")], num_samples=40, log_dir=str(tmp_path))
    callback.set_model(FakeGAN(modes=[0, 1]))
    callback.on_epoch_end(0, {})
    callback.on_train_end()
    values = {}
    for path in tmp_path.iterdir():
        for event in tf.compat.v1.train.summary_iterator(str(path)):
            for v in event.summary.value:
                assert v.metadata.plugin_data.plugin_name == "scalars"
                values[v.tag] = tf.make_ndarray(v.tensor)
    assert values["evaluate/ring/modes"] == 2
    assert values["evaluate/ring/high_quality"] == pytest.approx(callback.last_results["ring"]["high_quality"])


def test_bad_arguments():
    with pytest.raises(ValueError, match="`real_data` is required"):
        Evaluate([FrechetDistance()])
    with pytest.raises(ValueError, match="`metrics`.*distinct"):
        Evaluate([MixtureCoverage.ring(), MixtureCoverage.grid()])
    with pytest.raises(ValueError, match="`every_n_epochs`"):
        Evaluate([MixtureCoverage.ring()], every_n_epochs=0)
    with pytest.raises(TypeError, match="`num_samples`"):
        Evaluate([MixtureCoverage.ring()], num_samples=1.5)
    with pytest.raises(ValueError, match="Valid names: fid"):
        Evaluate(["nope"])
    callback = Evaluate([FrechetDistance()], np.zeros((0, 2)))
    callback.set_model(FakeGAN(modes=[0]))
    with pytest.raises(ValueError, match="`real_data` yielded no samples"):
        callback.evaluate()


def test_serialization_round_trip():
    callback = Evaluate([MixtureCoverage.ring(name="ring"), "grid"], "ring", every_n_epochs=2,
                        num_samples=100, batch_size=50, seed=4, log_dir="/tmp/tb")
    config = callback.get_config()
    assert set(config) == {"metrics", "real_data", "every_n_epochs", "num_samples",
                           "batch_size", "seed", "log_dir"}
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(callback))
    assert isinstance(restored, Evaluate)
    assert [m.name for m in restored.metrics] == ["ring", "grid"]
    assert restored.get_config() == config


def test_inside_a_real_gan_fit_without_retracing():
    import kerasgan
    from tests.conftest import ring_arrays, tiny_mlp_pair

    generator, discriminator = tiny_mlp_pair()
    gan = kerasgan.GAN(generator, discriminator, latent_dim=2)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss="non-saturating")
    traces = []
    train_step = gan.train_step
    gan.train_step = lambda data: (traces.append(1), train_step(data))[1]
    x = ring_arrays(256)[0]
    callback = Evaluate([MixtureCoverage.ring(name="ring"), FrechetDistance()], x, num_samples=200)
    history = gan.fit(x, batch_size=64, epochs=3, verbose=0, callbacks=[callback])
    assert len(traces) == 1
    assert len(history.history["ring/modes"]) == 3
    assert len(history.history["frechet_distance"]) == 3
    assert all(np.isfinite(history.history["frechet_distance"]))
    # The logged value is that of the final generator's samples on the callback's latents.
    fakes = np.concatenate([gan.generate(200, seed=0)])
    assert history.history["ring/high_quality"][-1] == pytest.approx(
        MixtureCoverage.ring()(fakes)["high_quality"])
