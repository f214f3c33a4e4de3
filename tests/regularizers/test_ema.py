import keras
import numpy as np

import kerasgan
from kerasgan import regularizers as R
from tests.conftest import ring_arrays, tiny_mlp_pair


class _RecordGenerator(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        self.history.append([v.numpy().copy() for v in self.model.generator.trainable_variables])

    def on_train_begin(self, logs=None):
        self.history = [[v.numpy().copy() for v in self.model.generator.trainable_variables]]


def _trained(decay=0.8, steps=6):
    g, d = tiny_mlp_pair(units=8)
    gan = kerasgan.GAN(g, d, latent_dim=2, seed=0)
    ema = R.EMAGenerator(decay)
    gan.compile(keras.optimizers.Adam(0.05), keras.optimizers.Adam(0.05), regularizers=[ema], jit_compile=True)
    record = _RecordGenerator()
    x, _ = ring_arrays(16 * steps)
    gan.fit(x, batch_size=16, epochs=1, verbose=0, shuffle=False, callbacks=[record])
    return gan, ema, record.history


def test_ema_weights_equal_the_closed_form_after_n_updates():
    decay, steps = 0.8, 6
    gan, ema, history = _trained(decay, steps)
    assert len(history) == steps + 1
    for i, avg in enumerate(ema.average):
        # θ̄_n = dⁿ θ₀ + (1-d) Σ_{k=1..n} d^{n-k} θ_k
        expected = decay**steps * history[0][i]
        for k in range(1, steps + 1):
            expected = expected + (1 - decay) * decay ** (steps - k) * history[k][i]
        np.testing.assert_allclose(avg.numpy(), expected, rtol=1e-5, atol=1e-6)
        assert not np.allclose(avg.numpy(), history[-1][i])  # an average, not the last value


def _ema_copy(gan, ema):
    copy = keras.models.clone_model(gan.generator)
    copy.set_weights([a.numpy() for a in ema.average])
    return copy


def test_generate_export_and_sample_grid_use_the_ema_weights(tmp_path):
    gan, ema, _ = _trained()
    z = gan.prior.sample(32, seed=7)
    expected = _ema_copy(gan, ema)(z).numpy()
    np.testing.assert_allclose(gan.generate(32, seed=7), expected, rtol=1e-5, atol=1e-6)
    assert not np.allclose(gan.generator(z).numpy(), expected, atol=1e-4)
    assert gan.sampling_generator() is not gan.generator

    gan.export(str(tmp_path / "g.keras"), format="keras")
    exported = keras.models.load_model(str(tmp_path / "g.keras"))
    np.testing.assert_allclose(exported(z).numpy(), expected, rtol=1e-5, atol=1e-6)

    grid = kerasgan.callbacks.SampleGrid(str(tmp_path / "grids"), num_samples=16, seed=3)
    grid.set_model(gan)
    grid.on_train_begin()
    samples = gan._generate_from(grid.latents, None, 256)
    np.testing.assert_allclose(samples, _ema_copy(gan, ema)(grid.latents).numpy(), rtol=1e-5, atol=1e-6)


def test_ema_is_saved_and_restored(tmp_path):
    gan, ema, _ = _trained()
    path = str(tmp_path / "gan.keras")
    gan.save(path)
    restored = keras.models.load_model(path)
    restored_ema = [c for c in restored.objective.regularizers if isinstance(c, R.EMAGenerator)][0]
    for a, b in zip(ema.average, restored_ema.average):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    np.testing.assert_allclose(restored.generate(16, seed=1), gan.generate(16, seed=1), rtol=1e-6)


def test_without_ema_generate_uses_the_live_generator():
    g, d = tiny_mlp_pair(units=8)
    gan = kerasgan.GAN(g, d, latent_dim=2)
    gan.compile(keras.optimizers.Adam(), keras.optimizers.Adam())
    assert gan.sampling_generator() is gan.generator
