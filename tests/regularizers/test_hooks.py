import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import _backend
from kerasgan import regularizers as R
from kerasgan.procedure import make_game
from tests.conftest import ring_arrays, tiny_mlp_pair
from tests.regularizers.dirac import dirac_gan


def _gan(regularizers=(), seed=0, units=8, **compile_kwargs):
    keras.utils.set_random_seed(42)
    g, d = tiny_mlp_pair(units=units)
    gan = kerasgan.GAN(g, d, latent_dim=2, seed=seed)
    gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1), regularizers=list(regularizers), **compile_kwargs)
    return gan


def _probe(gan, game=None):
    return kerasgan.Step(
        seed_generator=gan.seed_generator,
        iteration=gan.optimizer.iterations,
        input_gradient=_backend.current().input_gradient,
        game=game,
    )


# -- experience replay ---------------------------------------------------------------
def test_replay_buffer_holds_past_fakes_and_mixes_them_in_the_asked_ratio():
    reg = R.ExperienceReplay(buffer_size=40, replay_fraction=0.25)
    gan = _gan([reg])
    probe = _probe(gan)
    first = np.repeat(np.arange(16, dtype="float32")[:, None], 2, axis=1)  # rows 0..15
    out = ops.convert_to_numpy(reg.discriminator_fakes(ops.convert_to_tensor(first), probe))
    np.testing.assert_array_equal(out, first)  # empty buffer: nothing to replay
    np.testing.assert_array_equal(reg.buffer.numpy()[:16], first)
    second = first + 100.0
    out = ops.convert_to_numpy(reg.discriminator_fakes(ops.convert_to_tensor(second), probe))
    assert np.all(np.isin(out[:4, 0], first[:, 0]))  # 25% from the past
    np.testing.assert_array_equal(out[4:], second[4:])  # 75% fresh
    np.testing.assert_array_equal(reg.buffer.numpy()[16:32], second)
    third = first + 200.0
    reg.discriminator_fakes(ops.convert_to_tensor(third), probe)  # wraps around the ring
    buf = reg.buffer.numpy()
    np.testing.assert_array_equal(buf[32:40], third[:8])
    np.testing.assert_array_equal(buf[:8], third[8:])
    assert int(reg.filled.numpy()) == 40


def test_replay_in_fit_fills_the_buffer_with_generated_samples():
    reg = R.ExperienceReplay(buffer_size=64, replay_fraction=0.5)
    gan = _gan([reg], jit_compile=True)
    x, _ = ring_arrays(16 * 3)
    gan.fit(x, batch_size=16, epochs=1, verbose=0)
    assert int(reg.filled.numpy()) == 48 and int(reg.position.numpy()) == 48
    assert np.abs(reg.buffer.numpy()[:48]).sum() > 0 and np.all(reg.buffer.numpy()[48:] == 0)


# -- unrolled discriminator: tests/regularizers/test_unrolled.py -----------------------


# -- consensus optimization ----------------------------------------------------------
@pytest.mark.parametrize("theta, psi", [(1.0, 1.0), (0.5, -2.0), (-1.5, 0.3)])
def test_consensus_penalty_is_half_squared_gradient_field_of_the_dirac_gan(theta, psi):
    gan = dirac_gan(theta, psi)
    reg = R.ConsensusOptimization(1.0)
    gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1), regularizers=[reg])
    real = ops.zeros((4, 1))
    game = make_game(gan, real, None, gan.prior.sample(4, seed=0))
    step = _probe(gan, game)

    def sigmoid(t):
        return 1 / (1 + np.exp(-t))

    # L_D = log 2 + softplus(ψθ), L_G = softplus(-ψθ) (non-saturating)
    v_psi = theta * sigmoid(psi * theta)
    v_theta = -psi * sigmoid(-psi * theta)
    expected = 0.5 * (v_psi**2 + v_theta**2)
    np.testing.assert_allclose(float(reg.discriminator_penalty(step)), expected, rtol=1e-5)
    np.testing.assert_allclose(float(reg.generator_penalty(step)), expected, rtol=1e-5)


def test_consensus_outside_training_names_the_missing_game():
    with pytest.raises(ValueError, match="step.game"):
        R.ConsensusOptimization(1.0).discriminator_penalty(kerasgan.Step())


# -- instance noise ------------------------------------------------------------------
def test_instance_noise_std_anneals_linearly_to_zero_and_is_applied():
    reg = R.InstanceNoise(0.5, 100)
    for t, expected in [(0, 0.5), (50, 0.25), (100, 0.0), (250, 0.0)]:
        np.testing.assert_allclose(float(reg.current_std(ops.convert_to_tensor(t, "int64"))), expected, rtol=1e-6)
    step = kerasgan.Step(seed_generator=keras.random.SeedGenerator(0), iteration=ops.convert_to_tensor(50, "int64"))
    noisy = ops.convert_to_numpy(reg.discriminator_input(ops.ones((20000, 2)), step))
    assert abs(noisy.mean() - 1.0) < 0.01 and abs(noisy.std() - 0.25) < 0.01
    constant = R.InstanceNoise(0.3)
    np.testing.assert_allclose(float(constant.current_std(ops.convert_to_tensor(10**6, "int64"))), 0.3)


# -- DiffAugment ---------------------------------------------------------------------
def _images(b=8, h=8, w=8, c=3, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, size=(b, h, w, c)).astype("float32")


def test_translation_shifts_each_image_with_zero_padding():
    from kerasgan.regularizers.diff_augment import translation

    x = _images()
    out = ops.convert_to_numpy(translation(ops.convert_to_tensor(x), kerasgan.Step(seed_generator=keras.random.SeedGenerator(1))))
    for img, res in zip(x, out):
        matches = []
        for dy in range(-1, 2):
            for dx in range(-1, 2):
                shifted = np.zeros_like(img)
                ys, yd = (slice(0, 8 - dy), slice(dy, 8)) if dy >= 0 else (slice(-dy, 8), slice(0, 8 + dy))
                xs, xd = (slice(0, 8 - dx), slice(dx, 8)) if dx >= 0 else (slice(-dx, 8), slice(0, 8 + dx))
                shifted[yd, xd] = img[ys, xs]
                matches.append(np.allclose(shifted, res))
        assert any(matches)  # ⅛ of 8 pixels: shifts of -1, 0 or 1 on each axis


def test_cutout_zeroes_a_half_size_square_and_color_keeps_gradients():
    from kerasgan.regularizers.diff_augment import cutout

    out = ops.convert_to_numpy(cutout(ops.ones((6, 8, 8, 2)), kerasgan.Step(seed_generator=keras.random.SeedGenerator(2))))
    assert np.all((out == 0).sum(axis=(1, 2, 3)) == 4 * 4 * 2)
    reg = R.DiffAugment()
    step = kerasgan.Step(seed_generator=keras.random.SeedGenerator(3))
    grad = _backend.current().input_gradient(lambda x: reg.discriminator_input(x, step), ops.convert_to_tensor(_images()))
    assert float(ops.max(ops.abs(grad))) > 0  # differentiable: gradients reach the generator


def test_diff_augment_trains_an_image_gan_with_xla_and_rejects_flat_data():
    g = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8 * 8 * 3, activation="tanh"), keras.layers.Reshape((8, 8, 3))])
    d = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(4, 3, strides=2), keras.layers.Flatten(), keras.layers.Dense(1)])
    gan = kerasgan.GAN(g, d, latent_dim=4)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), regularizers=[R.DiffAugment()], jit_compile=True)
    history = gan.fit(_images(32), batch_size=16, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][-1])
    with pytest.raises(ValueError, match="DiffAugment"):
        _gan([R.DiffAugment()])


# -- every technique under XLA in fit ------------------------------------------------------
def _fm_pair():
    keras.utils.set_random_seed(0)
    g, _ = tiny_mlp_pair(units=8)
    x = keras.Input((2,))
    h = keras.layers.Dense(8, activation="relu")(x)
    return g, keras.Model(x, (keras.layers.Dense(1)(h), h))


def test_every_technique_trains_together_under_jit_compile():
    regs = [
        R.DRAGANPenalty(10.0),
        R.R1Penalty(1.0, every=2),
        R.R2Penalty(1.0),
        R.FeatureMatching(1.0),
        R.HistoricalAveraging(0.1),
        R.OrthogonalRegularization(1e-3),
        R.InstanceNoise(0.1, 10),
        R.ExperienceReplay(32, 0.5),
        R.EMAGenerator(0.9),
        R.ConsensusOptimization(1.0),
        R.UnrolledDiscriminator(2),
    ]
    g, d = _fm_pair()
    gan = kerasgan.GAN(g, d, latent_dim=2, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), regularizers=regs, jit_compile=True)
    x, _ = ring_arrays(64)
    logs = gan.fit(x, batch_size=16, epochs=1, verbose=0).history
    assert all(np.isfinite(v[-1]) for v in logs.values()), logs
    for name in ["dragan_penalty", "r1_penalty", "r2_penalty", "historical_averaging", "consensus_optimization"]:
        assert f"d/{name}" in logs
    for name in ["feature_matching", "orthogonal_regularization", "consensus_optimization"]:
        assert f"g/{name}" in logs
    assert logs["g/feature_matching"][-1] > 0 and logs["d/r1_penalty"][-1] > 0


def test_replay_buffer_and_historical_means_are_saved_and_restored(tmp_path):
    replay = R.ExperienceReplay(32, 0.5)
    history = R.HistoricalAveraging(0.1)
    gan = _gan([replay, history])
    x, _ = ring_arrays(48)
    gan.fit(x, batch_size=16, epochs=1, verbose=0)
    path = str(tmp_path / "gan.keras")
    gan.save(path)
    restored = keras.models.load_model(path)
    r_replay, r_history = restored.objective.regularizers
    np.testing.assert_array_equal(r_replay.buffer.numpy(), replay.buffer.numpy())
    assert int(r_replay.filled.numpy()) == 32 and int(r_replay.position.numpy()) == int(replay.position.numpy())
    for a, b in zip(r_history._means, history._means):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert float(r_history._count.numpy()) == 4.0  # initial weights + 3 updates
