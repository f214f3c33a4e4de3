"""The schedule as data: simultaneous, lazy and fresh-real-batch schedules against their papers."""

import os

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import Phase, Schedule
from kerasgan import regularizers as R
from tests.conftest import ring_arrays, tiny_mlp_pair
from tests.regularizers.dirac import Zeros, dirac_gan, parameters


def _sigmoid(t):
    return 1.0 / (1.0 + np.exp(-t))


# -- simultaneous vs alternating on the Dirac-GAN (Mescheder et al. 2018, Sec. 2, Fig. 2) ----------
def _dirac(schedule, steps, lr, loss="non-saturating"):
    gan = dirac_gan()
    gan.compile(keras.optimizers.SGD(lr), keras.optimizers.SGD(lr), loss=loss,
                schedule=schedule, jit_compile=False,
                steps_per_execution=1 if keras.backend.backend() == "torch" else 50)
    gan.fit(Zeros(4, steps), epochs=1, verbose=0)
    return parameters(gan)


def test_one_simultaneous_step_takes_both_gradients_at_the_same_point():
    # L_D = log 2 + softplus(ψθ) (real data at 0), L_G = softplus(-ψθ):
    # ∂L_D/∂ψ = θ σ(ψθ), ∂L_G/∂θ = -ψ σ(-ψθ). From (θ, ψ) = (1, 1) with SGD(h):
    h = 0.1
    theta, psi = _dirac(Schedule.simultaneous(), 1, h)
    np.testing.assert_allclose([theta, psi], [1 + h * _sigmoid(-1.0), 1 - h * _sigmoid(1.0)], rtol=1e-5)
    # Alternating: ψ first, then θ against the updated ψ.
    theta, psi = _dirac(Schedule.alternating(1), 1, h)
    psi1 = 1 - h * _sigmoid(1.0)
    np.testing.assert_allclose([theta, psi], [1 + h * psi1 * _sigmoid(-psi1), psi1], rtol=1e-5)


@pytest.mark.slow
@pytest.mark.every_backend
def test_simultaneous_gradient_descent_spirals_out_faster_than_alternating():
    # The unregularized minimax Dirac-GAN: the simultaneous update's Jacobian has
    # eigenvalues of modulus sqrt(1 + h²/4) > 1 near the equilibrium, so it spirals out;
    # the alternating update stays (close to) a cycle around it. (With the non-saturating
    # generator loss both converge from (1, 1): the paper's game is the minimax one.)
    r0 = np.hypot(1.0, 1.0)
    sim = np.hypot(*_dirac(Schedule.simultaneous(), 1000, 0.1, loss="minimax"))
    alt = np.hypot(*_dirac(Schedule.alternating(1), 1000, 0.1, loss="minimax"))
    assert sim > 1.5 * r0, sim
    assert sim > 1.5 * alt, (sim, alt)
    assert alt < 1.3 * r0, alt


# -- lazy R1 (StyleGAN2, App. B): interval k with gain k keeps eager R1's expected gradient -----
def _r1_gan():
    keras.utils.set_random_seed(3)
    g, _ = tiny_mlp_pair(units=8)
    d = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(1)])
    return kerasgan.GAN(g, d, latent_dim=2, seed=0)


def _one_step_update(schedule, iteration, x):
    """The discriminator's weight change of one step at GAN step `iteration` (same start)."""
    gan = _r1_gan()
    gan.compile(keras.optimizers.SGD(0.0), keras.optimizers.SGD(0.05), loss="non-saturating",
                regularizers=[R.R1Penalty(1.0)], schedule=schedule, jit_compile=False)
    gan.optimizer.iterations.assign(iteration)
    before = [ops.convert_to_numpy(v).copy() for v in gan.discriminator.trainable_variables]
    logs = gan.train_on_batch(x, return_dict=True)
    after = [ops.convert_to_numpy(v) for v in gan.discriminator.trainable_variables]
    return [a - b for a, b in zip(after, before)], logs


def test_lazy_r1_with_interval_k_and_gain_k_matches_eager_r1_in_expectation():
    k, x = 4, ring_arrays(32)[0]
    eager = Schedule([Phase("discriminator", terms=["r1_penalty"]), Phase("generator")])
    lazy = Schedule([Phase("discriminator", terms=["r1_penalty"], interval=k), Phase("generator")])
    eager_delta, eager_logs = _one_step_update(eager, 0, x)
    lazy_runs = [_one_step_update(lazy, t, x) for t in range(k)]
    mean_delta = [np.mean([run[0][i] for run in lazy_runs], axis=0) for i in range(len(eager_delta))]
    assert max(np.abs(d).max() for d in eager_delta) > 1e-4  # R1 moved the discriminator
    for a, b in zip(mean_delta, eager_delta):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-8)
    for t in range(1, k):  # off the interval the phase is skipped: nothing moves
        assert all(np.abs(d).max() == 0 for d in lazy_runs[t][0])
    np.testing.assert_allclose(lazy_runs[0][1]["d/r1_penalty"], k * eager_logs["d/r1_penalty"], rtol=1e-4)
    assert lazy_runs[1][1]["d/r1_penalty"] == 0.0


def test_lazy_schedule_trains_the_loss_every_step_and_the_penalty_on_its_interval():
    gan = _r1_gan()
    schedule = Schedule.lazy(["r1_penalty"], interval=2)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3),
                regularizers=[R.R1Penalty(1.0)], schedule=schedule, jit_compile="auto")
    history = gan.fit(ring_arrays(64)[0], batch_size=16, epochs=1, verbose=0, shuffle=False).history
    # 4 steps: the main discriminator update every step, R1's own update on steps 0 and 2.
    assert int(ops.convert_to_numpy(gan.d_optimizer.iterations)) == 4 + 2
    assert history["d/r1_penalty"][0] > 0 and np.isfinite(history["d_loss"][0])


# -- fresh real minibatches per critic step (WGAN / WGAN-GP, Algorithm 1) ------------------------
class RecordingLoss(kerasgan.losses.WassersteinLoss):
    """Records the sum of the real batch of every discriminator update, and its size."""

    def build(self, gan):
        self.sums = gan.add_state("recorded_sums", (8,))
        self.sizes = gan.add_state("recorded_sizes", (8,))
        self.count = gan.add_state("recorded_count", (), dtype="int32")

    def after_discriminator_update(self, step):
        slot = ops.arange(8) == ops.convert_to_tensor(self.count)
        size = ops.cast(ops.shape(step.real)[0], "float32")
        self.sums.assign(ops.where(slot, ops.sum(step.real), ops.convert_to_tensor(self.sums)))
        self.sizes.assign(ops.where(slot, size, ops.convert_to_tensor(self.sizes)))
        self.count.assign_add(1)


@pytest.mark.parametrize("fresh", [True, False])
def test_fresh_real_critic_steps_consume_n_critic_minibatches_per_step(fresh):
    n, m = 4, 8
    gan = kerasgan.GAN(*tiny_mlp_pair(units=8), seed=0)
    loss = RecordingLoss()
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss=loss,
                schedule=Schedule.alternating(n, fresh_real=fresh), jit_compile=False)
    x = np.arange(n * m * 2, dtype="float32").reshape(n * m, 2)
    gan.fit(x, batch_size=n * m, epochs=1, verbose=0, shuffle=False)
    sums = ops.convert_to_numpy(loss.sums)[:n]
    sizes = ops.convert_to_numpy(loss.sizes)[:n]
    if fresh:
        np.testing.assert_allclose(sums, [x[i * m:(i + 1) * m].sum() for i in range(n)])
        np.testing.assert_array_equal(sizes, [m] * n)
    else:
        np.testing.assert_allclose(sums, [x.sum()] * n)
        np.testing.assert_array_equal(sizes, [n * m] * n)


def test_fresh_real_rejects_a_batch_smaller_than_its_critic_steps():
    gan = kerasgan.GAN(*tiny_mlp_pair(units=8), seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss="wgan-gp",
                schedule=Schedule.alternating(5, fresh_real=True), jit_compile=False)
    with pytest.raises(ValueError, match="batch_size"):
        gan.fit(ring_arrays(12)[0], batch_size=3, epochs=1, verbose=0)


# -- schedules are data: validation, serialization, presets ------------------------------------
def test_schedule_validation_names_the_argument():
    with pytest.raises(ValueError, match="players"):
        Phase("critic")
    with pytest.raises(ValueError, match="interval"):
        Phase("discriminator", interval=0)
    with pytest.raises(TypeError, match="terms"):
        Phase("discriminator", terms="r1_penalty")
    with pytest.raises(ValueError, match="phases"):
        Schedule([])
    with pytest.raises(ValueError, match="named twice"):
        Schedule([Phase("discriminator", terms=["r1_penalty"]),
                  Phase("discriminator", terms=["r1_penalty"], interval=4)])
    gan = kerasgan.GAN(*tiny_mlp_pair(units=8), seed=0)
    with pytest.raises(ValueError, match="unknown terms"):
        gan.compile(keras.optimizers.Adam(), keras.optimizers.Adam(),
                    schedule=Schedule.lazy(["r1"], interval=4))
    with pytest.raises(ValueError, match="discriminator_steps"):
        gan.compile(keras.optimizers.Adam(), keras.optimizers.Adam(),
                    schedule=Schedule.simultaneous(), discriminator_steps=2)


def test_a_schedule_is_saved_and_restored_with_the_gan(tmp_path):
    gan = _r1_gan()
    schedule = Schedule.lazy(["r1_penalty"], interval=4, discriminator_steps=2)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3),
                regularizers=[R.R1Penalty(1.0)], schedule=schedule, jit_compile=False)
    gan.fit(ring_arrays(32)[0], batch_size=16, epochs=1, verbose=0)
    path = os.path.join(tmp_path, "gan.keras")
    gan.save(path)
    restored = keras.models.load_model(path)
    assert restored.schedule.get_config() == schedule.get_config()
    assert restored.discriminator_steps == 2
    restored.fit(ring_arrays(32)[0], batch_size=16, epochs=1, verbose=0)


def test_objective_with_a_preset_name_keeps_the_preset():
    objective = kerasgan.Objective("wgan-gp", [R.EMAGenerator()])
    assert [type(r) for r in objective.regularizers] == [R.GradientPenalty, R.EMAGenerator]
    assert objective.effective_discriminator_steps == 5
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(objective))
    assert [type(r) for r in restored.regularizers] == [R.GradientPenalty, R.EMAGenerator]
    assert restored.effective_discriminator_steps == 5
    gan = kerasgan.GAN(*tiny_mlp_pair(units=8), seed=0)
    gan.compile(keras.optimizers.Adam(), keras.optimizers.Adam(), loss=objective, jit_compile=False)
    assert gan.discriminator_steps == 5
    assert "d/gradient_penalty" in gan.fit(ring_arrays(16)[0], batch_size=16, verbose=0).history
