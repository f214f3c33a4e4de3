"""ProgressiveGrowing: 4→8→16 inside fit, α ramps, optimizer slots, save/load mid-phase."""

import keras
import numpy as np
import pytest

import kerasgan
from kerasgan.callbacks import ProgressiveGrowing
from kerasgan.models import progressive, progressive_resolution

L, F = 4, 4
SCHEDULE = {4: 2, 8: 6, 16: 4}
FADE = 3


def _expected(step):
    """(resolution, α) from the schedule, written out independently of the callback."""
    if step < 2:
        return 4, None
    start, resolution = (2, 8) if step < 8 else (8, 16)
    return resolution, min(1.0, (step - start) / FADE)


def _gan(resolution=4):
    g, d = progressive(16, L, resolution=resolution, channels=1, filters=F)
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(
        keras.optimizers.Adam(1e-3, 0.0, 0.99), keras.optimizers.Adam(1e-3, 0.0, 0.99),
        loss="wgan-gp", discriminator_steps=1, jit_compile=False,
    )
    return gan


def _data(n):
    return np.random.default_rng(0).uniform(-1, 1, size=(n, 16, 16, 1)).astype("float32")


class _Record(keras.callbacks.Callback):
    """Records (step, resolution, α) as the step runs (after ProgressiveGrowing's hook)."""

    def __init__(self):
        super().__init__()
        self.seen = []

    def on_train_batch_begin(self, batch, logs=None):
        gan = self.model
        resolution = progressive_resolution(gan.generator)
        alphas = [
            float(m.get_layer(n).alpha.numpy())
            for m, n in ((gan.generator, "g_fade"), (gan.discriminator, "d_fade"))
            if resolution > 4
        ]
        self.seen.append((int(gan.optimizer.iterations.numpy()), resolution, alphas))


@pytest.mark.slow
def test_grows_4_8_16_with_fade_in_and_resumes_mid_phase(tmp_path):
    gan = _gan()
    record = _Record()
    # Steps 0..4: 4×4 for two steps, then 8×8 fading in; stop mid-fade.
    gan.fit(_data(20), batch_size=4, epochs=1, verbose=0,
            callbacks=[ProgressiveGrowing(SCHEDULE, fade_steps=FADE), record])
    assert progressive_resolution(gan.generator) == 8
    alpha = float(gan.generator.get_layer("g_fade").alpha.numpy())
    assert 0 < alpha < 1
    z = np.random.default_rng(3).normal(size=(4, L)).astype("float32")
    before = np.asarray(gan.generator(z))
    gan.save(tmp_path / "gan.keras")

    loaded = keras.saving.load_model(tmp_path / "gan.keras")
    assert progressive_resolution(loaded.generator) == 8
    assert float(loaded.generator.get_layer("g_fade").alpha.numpy()) == pytest.approx(alpha)
    assert float(loaded.discriminator.get_layer("d_fade").alpha.numpy()) == pytest.approx(alpha)
    assert int(loaded.optimizer.iterations.numpy()) == 5
    np.testing.assert_allclose(np.asarray(loaded.generator(z)), before, atol=1e-6)

    # Steps 5..11 on the loaded GAN: the schedule resumes from the step counter.
    loaded.fit(_data(28), batch_size=4, epochs=1, verbose=0,
               callbacks=[ProgressiveGrowing(SCHEDULE, fade_steps=FADE), record])
    assert [s for s, _, _ in record.seen] == list(range(12))
    for step, resolution, alphas in record.seen:
        want_resolution, want_alpha = _expected(step)
        assert resolution == want_resolution, step
        if want_alpha is not None:
            np.testing.assert_allclose(alphas, [want_alpha] * 2, atol=1e-6, err_msg=str(step))
    # α starts at 0 and reaches 1 within each grown phase.
    for resolution in (8, 16):
        phase = [a[0] for _, r, a in record.seen if r == resolution]
        assert phase[0] == 0.0 and phase[-1] == 1.0 and phase == sorted(phase)
    assert progressive_resolution(loaded.generator) == 16
    assert loaded.generate(4, seed=0).shape == (4, 16, 16, 1)


def test_growth_keeps_optimizer_slots_of_surviving_variables():
    gan = _gan()
    gan.fit(_data(8), batch_size=4, epochs=1, verbose=0)  # two steps at 4×4
    old = {v.name: np.asarray(v) for v in gan.g_optimizer.variables}
    old_d = {v.name: np.asarray(v) for v in gan.d_optimizer.variables}
    old_networks = gan.generator.weights + gan.discriminator.weights
    callback = ProgressiveGrowing({4: 2, 8: 4})
    callback.set_model(gan)
    callback.on_train_begin()
    assert progressive_resolution(gan.generator) == 8
    assert int(gan.optimizer.iterations.numpy()) == 2
    new_g_vars = {id(v) for v in gan.generator.trainable_variables}
    assert {id(v) for v in gan.g_optimizer._trainable_variables} == new_g_vars
    moments = [v for v in gan.g_optimizer.variables if v.name.endswith("_momentum")]
    carried = [v for v in moments if v.name in old]
    fresh = [v for v in moments if v.name not in old]
    assert carried and fresh  # g_4_* survive; g_8_* are new
    for v in carried:
        np.testing.assert_array_equal(np.asarray(v), old[v.name])
    assert any(np.abs(old[v.name]).max() > 0 for v in carried)
    for v in fresh:
        assert np.abs(np.asarray(v)).max() == 0
    for v in gan.d_optimizer.variables:
        if v.name in old_d and v.name != "learning_rate":
            np.testing.assert_array_equal(np.asarray(v), old_d[v.name])
    # The GAN tracks only the grown networks' weights, and it keeps training.
    assert not {id(v) for v in old_networks} & {id(v) for v in gan.weights}
    history = gan.fit(_data(8), batch_size=4, epochs=1, verbose=0, callbacks=[callback])
    assert np.isfinite(history.history["d_loss"]).all()
    assert int(gan.optimizer.iterations.numpy()) == 4


@pytest.mark.parametrize(
    "schedule", [{4: 2, 16: 2}, {5: 2}, {4: 0}, [], "4:2", {4: 2.5}]
)
def test_bad_schedule(schedule):
    with pytest.raises(ValueError, match="schedule"):
        ProgressiveGrowing(schedule)


@pytest.mark.parametrize("fade_steps", [0, -1, 1.5, True])
def test_bad_fade_steps(fade_steps):
    with pytest.raises(ValueError, match="fade_steps"):
        ProgressiveGrowing({4: 2, 8: 2}, fade_steps=fade_steps)


def test_schedule_must_list_the_starting_resolution():
    gan = _gan(resolution=8)
    callback = ProgressiveGrowing({16: 4})
    callback.set_model(gan)
    with pytest.raises(ValueError, match="schedule"):
        callback.on_train_begin()


def test_phase_and_config():
    callback = ProgressiveGrowing({4: 10, 8: 8, 16: 4})
    assert [callback.phase(t) for t in (0, 9, 10, 12, 14, 17, 18, 20, 99)] == [
        (4, 1.0), (4, 1.0), (8, 0.0), (8, 0.5), (8, 1.0), (8, 1.0), (16, 0.0), (16, 1.0), (16, 1.0)
    ]
    config = callback.get_config()
    assert set(config) == {"schedule", "fade_steps", "reset_optimizers"}
    assert keras.saving.get_registered_name(ProgressiveGrowing) == "kerasgan>ProgressiveGrowing"
    restored = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(callback)
    )
    assert type(restored) is ProgressiveGrowing and restored.get_config() == config
    json_config = {"schedule": {"4": 10, "8": 8, "16": 4}, "fade_steps": None,
                   "reset_optimizers": False}
    assert ProgressiveGrowing.from_config(json_config).get_config() == config


def test_reset_optimizers_starts_fresh_but_keeps_the_schedule_counter():
    gan = _gan()
    gan.fit(_data(8), batch_size=4, epochs=1, verbose=0)  # two steps at 4×4
    callback = ProgressiveGrowing({4: 2, 8: 4}, reset_optimizers=True)
    callback.set_model(gan)
    callback.on_train_begin()
    assert progressive_resolution(gan.generator) == 8
    assert int(gan.optimizer.iterations.numpy()) == 2
    assert int(gan.g_optimizer.iterations.numpy()) == 0
    moments = [v for v in gan.g_optimizer.variables if v.name.endswith("_momentum")]
    assert moments and all(np.abs(np.asarray(v)).max() == 0 for v in moments)
