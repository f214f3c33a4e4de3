"""What every backend's `GANTrainer` must do; runs under each KERAS_BACKEND.

The step's gradients are checked against a hand-derived update, and the state
that procedure hooks rely on (`gan.add_state` variables, BatchNorm statistics,
the seed generator, the step counter, metric means) must advance the same way
on TensorFlow, JAX and torch.
"""

import keras
import numpy as np
from keras import layers, ops

import kerasgan
from tests.conftest import ring_arrays


def _softplus(x):
    return np.logaddexp(0.0, x)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _linear_pair(w, c, b):
    """G(z) = 0·z + b (every fake equals b) and the linear critic D(x) = w·x + c."""
    g = keras.Sequential([keras.Input((2,)), layers.Dense(2)])
    g.layers[0].set_weights([np.zeros((2, 2), "float32"), np.asarray(b, "float32")])
    d = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    d.layers[0].set_weights([np.asarray(w, "float32")[:, None], np.asarray([c], "float32")])
    return g, d


def test_one_step_matches_the_hand_derived_sgd_update():
    w, c, b, lr = np.array([0.5, -1.0]), 0.2, np.array([0.3, 0.7]), 0.1
    real = np.random.default_rng(0).normal(size=(8, 2)).astype("float32")
    g, d = _linear_pair(w, c, b)
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.SGD(lr), keras.optimizers.SGD(lr), loss="non-saturating")
    history = gan.fit(real, batch_size=8, epochs=1, verbose=0, shuffle=False)

    # D: L = mean softplus(-(w·x+c)) + softplus(w·b+c); one SGD step.
    s_real = real.astype("float64") @ w + c
    s_fake = b @ w + c
    grad_w = np.mean(-_sigmoid(-s_real)[:, None] * real, 0) + _sigmoid(s_fake) * b
    grad_c = np.mean(-_sigmoid(-s_real)) + _sigmoid(s_fake)
    w1, c1 = w - lr * grad_w, c - lr * grad_c
    # G, against the *updated* D: L = softplus(-(w1·b+c1)); dL/db = -sigmoid(-s)·w1.
    b1 = b - lr * (-_sigmoid(-(b @ w1 + c1)) * w1)

    kernel, bias = (ops.convert_to_numpy(v) for v in d.layers[0].weights)
    np.testing.assert_allclose(kernel[:, 0], w1, rtol=1e-5)
    np.testing.assert_allclose(bias, [c1], rtol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(g.layers[0].bias), b1, rtol=1e-5)
    d_loss = np.mean(_softplus(-s_real)) + _softplus(s_fake)
    np.testing.assert_allclose(history.history["d_loss"][0], d_loss, rtol=1e-5)
    np.testing.assert_allclose(history.history["g_loss"][0], _softplus(-(b @ w1 + c1)), rtol=1e-5)



def test_spectrally_normalized_critic_step_differentiates_through_sigma():
    # D(x) = w·x/‖w‖ + c: for a one-unit kernel σ(W) = ‖w‖ exactly. The paper's
    # gradient (Miyato et al. 2018, Eq. 12) through W/σ(W) is the projection
    # (I - ŵŵᵀ) g / ‖w‖ of the gradient g at the normalized kernel; the stored
    # kernel takes that SGD step and is never rescaled in place.
    w, c, b, lr = np.array([1.5, -2.0]), 0.2, np.array([0.3, 0.7]), 0.1
    real = np.random.default_rng(0).normal(size=(8, 2)).astype("float32")
    g, plain = _linear_pair(w, c, b)
    sn = kerasgan.layers.SpectralNormalization(plain.layers[0])
    d = keras.Sequential([keras.Input((2,)), sn])
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.SGD(lr), keras.optimizers.SGD(lr), loss="non-saturating")
    gan.fit(real, batch_size=8, epochs=1, verbose=0, shuffle=False)

    norm = np.linalg.norm(w)
    w_hat = w / norm
    s_real = real.astype("float64") @ w_hat + c
    s_fake = b @ w_hat + c
    g_sn = np.mean(-_sigmoid(-s_real)[:, None] * real, 0) + _sigmoid(s_fake) * b
    grad_w = (g_sn - w_hat * (w_hat @ g_sn)) / norm
    kernel = ops.convert_to_numpy(sn.layer.kernel)[:, 0]
    np.testing.assert_allclose(kernel, w - lr * grad_w, rtol=1e-5)
    assert np.linalg.norm(kernel) > 2.0  # not written back as w/‖w‖ (unit norm)
    # ũ has one entry here: power iteration makes it ±1.
    np.testing.assert_allclose(np.abs(ops.convert_to_numpy(sn.vector_u)), [1.0], rtol=1e-6)

class _Counter(kerasgan.regularizers.Regularizer):
    """Counts hook calls in `gan.add_state` variables and draws noise in D's input."""

    def build(self, gan):
        self.d_updates = gan.add_state("test_d_updates", dtype="int32")
        self.g_updates = gan.add_state("test_g_updates", dtype="int32")
        self.last_iteration = gan.add_state("test_last_iteration", dtype="int32")
        self.noise_sum = gan.add_state("test_noise_sum")

    def discriminator_input(self, x, step):
        noise = keras.random.normal(ops.shape(x), seed=step.seed_generator)
        self.noise_sum.assign_add(ops.sum(ops.abs(noise)))
        return x + 0.01 * noise

    def after_discriminator_update(self, step):
        self.d_updates.assign_add(1)
        self.last_iteration.assign(ops.cast(step.iteration, "int32"))

    def after_generator_update(self, step):
        self.g_updates.assign_add(1)


def _stateful_gan(counter):
    g = keras.Sequential([keras.Input((2,)), layers.Dense(16, activation="relu"), layers.Dense(2)])
    d = keras.Sequential([
        keras.Input((2,)), layers.Dense(16), layers.BatchNormalization(),
        layers.Activation("relu"), layers.Dropout(0.2), layers.Dense(1),
    ])
    gan = kerasgan.GAN(g, d, seed=3)
    gan.compile(
        keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3),
        loss="wgan-gp", regularizers=[counter], discriminator_steps=2,
    )
    return gan


def test_hook_state_batch_norm_seed_and_counters_are_threaded():
    counter = _Counter()
    gan = _stateful_gan(counter)
    bn = gan.discriminator.layers[1]
    seed0 = ops.convert_to_numpy(gan.seed_generator.state).copy()
    history = gan.fit(ring_arrays(96)[0], batch_size=32, epochs=1, verbose=0)

    assert int(ops.convert_to_numpy(counter.d_updates)) == 6  # 3 steps x 2 D updates
    assert int(ops.convert_to_numpy(counter.g_updates)) == 3
    assert int(ops.convert_to_numpy(counter.last_iteration)) == 2  # before the 3rd step's count
    # |N(0,1)| has mean sqrt(2/pi); the hook saw 6 D updates x 2 batches + 3 G batches
    # (+ GP interpolates) of 32x2 draws, and each draw was fresh (not the same noise).
    assert float(ops.convert_to_numpy(counter.noise_sum)) > 0.5 * 15 * 64 * np.sqrt(2 / np.pi)
    assert int(ops.convert_to_numpy(gan.optimizer.iterations)) == 3
    assert int(ops.convert_to_numpy(gan.d_optimizer.iterations)) == 6
    assert not np.array_equal(ops.convert_to_numpy(gan.seed_generator.state), seed0)
    assert np.any(ops.convert_to_numpy(bn.moving_mean) != 0.0)
    assert np.all(np.isfinite(history.history["d/gradient_penalty"]))


def test_seed_makes_training_reproducible():
    runs = []
    for _ in range(2):
        keras.utils.set_random_seed(5)
        gan = _stateful_gan(_Counter())
        gan.fit(ring_arrays(64)[0], batch_size=32, epochs=1, verbose=0, shuffle=False)
        runs.append(gan.generate(16, seed=0))
    np.testing.assert_allclose(runs[0], runs[1], rtol=1e-6, atol=1e-6)


def test_logs_are_epoch_means_of_the_step_values():
    g, d = _linear_pair([0.5, -1.0], 0.2, [0.3, 0.7])
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.SGD(0.0), keras.optimizers.SGD(0.0), loss="non-saturating")
    real = np.random.default_rng(1).normal(size=(16, 2)).astype("float32")
    history = gan.fit(real, batch_size=8, epochs=1, verbose=0, shuffle=False)
    # lr = 0: the weights never move, so the epoch mean is the mean of two batches' scores.
    s_real = real.astype("float64") @ np.array([0.5, -1.0]) + 0.2
    np.testing.assert_allclose(history.history["real_score"][0], s_real.mean(), rtol=1e-5)


def test_input_gradient_over_a_list_gives_zeros_for_unused_entries():
    from kerasgan import _backend

    x = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    weights = [ops.ones((3, 2)), ops.ones((4,))]
    grads = _backend.current().input_gradient(lambda ws: ops.matmul(x, ws[0]) ** 2, weights)
    # d/dW sum((xW)^2) = 2 x^T (xW), with W = 1.
    expected = 2 * x.T @ (x @ np.ones((3, 2)))
    np.testing.assert_allclose(ops.convert_to_numpy(grads[0]), expected, rtol=1e-5)
    np.testing.assert_array_equal(ops.convert_to_numpy(grads[1]), np.zeros(4))


def test_wgan_gp_critic_step_matches_the_closed_form():
    # Linear critic: ∇_x D = w everywhere, so GP = (|w| - 1)^2 whatever the interpolates,
    # and with every fake equal to b: L_D = w·b - mean(w·x) + 10 (|w| - 1)^2.
    w, c, b, lr = np.array([0.5, -2.0]), 0.2, np.array([0.3, 0.7]), 0.01
    real = np.random.default_rng(0).normal(size=(8, 2)).astype("float32")
    g, d = _linear_pair(w, c, b)
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.SGD(lr), keras.optimizers.SGD(lr), loss="wgan-gp",
                discriminator_steps=1)
    gan.fit(real, batch_size=8, epochs=1, verbose=0, shuffle=False)
    norm = np.linalg.norm(w)
    grad_w = b - real.astype("float64").mean(0) + 10.0 * 2 * (norm - 1) * w / norm
    kernel = ops.convert_to_numpy(d.layers[0].kernel)[:, 0]
    np.testing.assert_allclose(kernel, w - lr * grad_w, rtol=1e-4)


class _GridPrior(kerasgan.priors.Prior):
    """Deterministic latents: the compiled and uncompiled steps see the same z
    (TensorFlow's stateless RNG picks a different algorithm under XLA)."""

    def sample(self, n, seed=None):
        t = ops.cast(ops.arange(n), "float32") / 7.0
        return ops.stack([ops.sin(t), ops.cos(3.0 * t)], axis=1)


def test_jit_compiled_step_with_an_input_gradient_penalty_equals_the_uncompiled_one():
    # XLA on TensorFlow, jax.jit on JAX, torch.compile on torch (where the
    # penalty's input gradient runs outside the compiled graph).
    x, _ = ring_arrays(64)
    histories, weights = [], []
    for jit in (False, True):
        keras.utils.set_random_seed(0)
        g, d = kerasgan.models.mlp(2, 2, hidden_units=(16,), discriminator_units=(16,),
                                   batch_norm=False, discriminator_activation="relu")
        gan = kerasgan.GAN(g, d, prior=_GridPrior(2), seed=1)
        objective = kerasgan.Objective(kerasgan.losses.WassersteinLoss(),
                                       [kerasgan.regularizers.R1Penalty(1.0)], discriminator_steps=2)
        gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss=objective,
                    jit_compile=jit)
        histories.append(gan.fit(x, batch_size=16, epochs=2, shuffle=False, verbose=0).history)
        weights.append([ops.convert_to_numpy(v) for v in gan.discriminator.trainable_variables])
    assert histories[0]["d/r1_penalty"][-1] > 0
    for key in ("d_loss", "g_loss", "d/r1_penalty"):
        np.testing.assert_allclose(histories[0][key], histories[1][key], rtol=1e-4, atol=1e-5)
    for a, b in zip(*weights):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
