"""Unrolled GAN (Metz et al. 2017): the look-ahead is D's own optimizer, unrolled.

Backend-free (runs under TensorFlow and JAX): gradients come from the
backend's `input_gradient`, the reference updates from the optimizer's `apply`.
"""

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import _backend
from kerasgan import regularizers as R
from kerasgan.procedure import make_game
from tests.conftest import ring_arrays, ring_centers

OPTIMIZERS = {
    "adam": lambda: keras.optimizers.Adam(0.05, beta_1=0.5, epsilon=1e-8),
    "rmsprop-momentum": lambda: keras.optimizers.RMSprop(0.01, momentum=0.5),
    "sgd-nesterov": lambda: keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
}


def _tanh_mlp(inputs, outputs, units=8):
    # Smooth (tanh, as in the paper's 2-D demo), so that the second derivatives
    # the unrolling takes are those central differences see.
    layers = keras.layers
    return keras.Sequential([keras.Input((inputs,)), layers.Dense(units, activation="tanh"),
                             layers.Dense(units, activation="tanh"), layers.Dense(outputs)])


def _gan(hooks=(), d_optimizer="adam", seed=0):
    keras.utils.set_random_seed(42)
    g, d = _tanh_mlp(2, 2), _tanh_mlp(2, 1)
    gan = kerasgan.GAN(g, d, latent_dim=2, seed=seed)
    gan.compile(keras.optimizers.Adam(0.01, beta_1=0.5), OPTIMIZERS[d_optimizer](),
                loss="minimax", regularizers=list(hooks), jit_compile=False)
    return gan


def _probe(gan, game):
    return kerasgan.Step(seed_generator=gan.seed_generator, iteration=gan.optimizer.iterations,
                         input_gradient=_backend.current().input_gradient, game=game)


def _numpy(tensors):
    return [ops.convert_to_numpy(t) for t in tensors]


def _trained_game(hook, d_optimizer="adam"):
    """A GAN whose D optimizer has taken 4 updates (its moments are not zero) and a
    `Game` on a fresh batch."""
    gan = _gan([hook], d_optimizer)
    rng = np.random.default_rng(1)
    d_vars = gan.discriminator.trainable_variables
    for _ in range(4):
        gan.d_optimizer.apply([ops.convert_to_tensor(0.05 * rng.standard_normal(v.shape), "float32")
                               for v in d_vars], d_vars)
    real = ops.convert_to_tensor(ring_arrays(32, seed=2)[0])
    return gan, make_game(gan, real, None, gan.prior.sample(32, seed=3))


def _minimax_d_loss(d, weights, real, fake):
    def logits(x):
        return d.stateless_call(weights, [], x)[0]

    return ops.mean(ops.softplus(-logits(real))) + ops.mean(ops.softplus(logits(fake)))


@pytest.mark.parametrize("d_optimizer", list(OPTIMIZERS))
def test_lookahead_equals_k_real_updates_of_the_d_optimizer_on_a_copy(d_optimizer):
    k = 3
    hook = R.UnrolledDiscriminator(k)
    gan, game = _trained_game(hook, d_optimizer)
    d, opt = gan.discriminator, gan.d_optimizer
    d_before, opt_before = _numpy(d.trainable_variables), _numpy(opt.variables)
    assert int(ops.convert_to_numpy(opt.iterations)) == 4 and np.abs(opt_before[-1]).sum() > 0

    ahead = _numpy(hook.discriminator_lookahead(None, _probe(gan, game)))

    # Reference: a copy of D and of its optimizer (same config, state copied), updated
    # for real with `optimizer.apply`, k times, on the same batch and the same fakes.
    copy = keras.models.clone_model(d)
    copy.set_weights(d.get_weights())
    copy_opt = type(opt).from_config(opt.get_config())
    copy_opt.build(copy.trainable_variables)
    for mine, theirs in zip(copy_opt.variables, opt.variables):
        mine.assign(theirs)
    real, fake = game.real, ops.convert_to_tensor(ops.convert_to_numpy(game.generate()))
    for _ in range(k):
        weights = [ops.copy(v) for v in copy.trainable_variables]
        grads = _backend.current().input_gradient(
            lambda w: _minimax_d_loss(copy, w, real, fake), weights)
        copy_opt.apply(grads, copy.trainable_variables)
    want = _numpy(copy.trainable_variables)
    assert max(np.abs(w - start).max() for w, start in zip(want, d_before)) > 1e-3  # they moved
    for got, expected in zip(ahead, want):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    # The live discriminator and its optimizer's state were only read.
    for now, before in zip(_numpy(d.trainable_variables) + _numpy(opt.variables), d_before + opt_before):
        np.testing.assert_array_equal(now, before)


def _generator_gradient(gan, game, hook, *, d_weights=None):
    """d L_G(θ, θ_D^K(θ)) / dθ, θ the generator's weights, through the look-ahead."""
    g_vars = gan.generator.trainable_variables

    def g_loss(g_weights):
        with keras.StatelessScope(state_mapping=list(zip(g_vars, g_weights))):
            ahead = d_weights
            if ahead is None:
                ahead = hook.discriminator_lookahead(None, _probe(gan, game))
            return game.losses(d_weights=ahead)[1]

    theta = [ops.copy(v) for v in g_vars]
    return _numpy(_backend.current().input_gradient(g_loss, theta)), g_loss, theta


def test_second_order_differentiates_through_the_unrolled_adam_and_first_order_does_not():
    first, second = R.UnrolledDiscriminator(3, second_order=False), R.UnrolledDiscriminator(3)
    gan, game = _trained_game(second)
    first.build(gan)
    ahead = [ops.convert_to_tensor(w) for w in _numpy(first.discriminator_lookahead(None, _probe(gan, game)))]
    # First order: the gradient of L_G against the look-ahead weights held fixed.
    got_first, _, _ = _generator_gradient(gan, game, first)
    fixed, _, _ = _generator_gradient(gan, game, first, d_weights=ahead)
    for a, b in zip(got_first, fixed):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)
    # Second order: dθ_D^K/dθ adds a term, and the total is the derivative of the
    # unrolled loss (central differences along a random direction).
    got_second, g_loss, theta = _generator_gradient(gan, game, second)
    diff = sum(np.sum((a - b) ** 2) for a, b in zip(got_second, got_first))
    assert diff > 1e-4 * sum(np.sum(b ** 2) for b in got_first)
    rng = np.random.default_rng(0)
    direction = [rng.standard_normal(t.shape).astype("float32") for t in _numpy(theta)]
    eps = 1e-3

    def at(sign):
        moved = [t + sign * eps * v for t, v in zip(_numpy(theta), direction)]
        return float(ops.convert_to_numpy(g_loss([ops.convert_to_tensor(m) for m in moved])))

    numeric = (at(1.0) - at(-1.0)) / (2 * eps)
    analytic = sum(np.sum(a * v) for a, v in zip(got_second, direction))
    first_order = sum(np.sum(a * v) for a, v in zip(got_first, direction))
    assert abs(analytic - numeric) < 0.05 * abs(numeric) + 1e-4
    assert abs(analytic - numeric) < abs(first_order - numeric)


def test_in_fit_the_hook_changes_the_generator_update_only():
    x = ring_arrays(32, seed=1)[0]  # one step: D's update comes before G's
    plain, unrolled = _gan(), _gan([R.UnrolledDiscriminator(1)])
    for v, w in zip(plain.weights, unrolled.weights):
        np.testing.assert_array_equal(ops.convert_to_numpy(v), ops.convert_to_numpy(w))
    plain.fit(x, batch_size=32, epochs=1, verbose=0, shuffle=False)
    unrolled.fit(x, batch_size=32, epochs=1, verbose=0, shuffle=False)
    # D's updates and its optimizer's state are those of the plain GAN ...
    for v, w in zip(plain.discriminator.weights + plain.d_optimizer.variables,
                    unrolled.discriminator.weights + unrolled.d_optimizer.variables):
        np.testing.assert_allclose(ops.convert_to_numpy(v), ops.convert_to_numpy(w), rtol=1e-5, atol=1e-6)
    # ... while G's went through the look-ahead.
    assert any(not np.allclose(ops.convert_to_numpy(v), ops.convert_to_numpy(w)) for v, w in
               zip(plain.generator.weights, unrolled.generator.weights))


def test_an_unbuilt_hook_says_to_pass_it_to_compile():
    gan = _gan()
    game = make_game(gan, ops.convert_to_tensor(ring_arrays(8)[0]), None, gan.prior.sample(8, seed=0))
    with pytest.raises(ValueError, match="compile"):
        R.UnrolledDiscriminator(2).discriminator_lookahead(None, _probe(gan, game))


# -- the paper's 2-D claim (Metz et al. 2017, §3.1, Fig. 1) ---------------------------
def _ring_run(unroll, iterations=2000, every=250, batch=256):
    """The demo's game, scaled down to run in seconds: 8 Gaussians on the unit circle
    (σ 0.01), G and D 2×32 tanh, z 16-d, minimax loss, Adam(β1 0.5) with G 10× faster
    than D (1e-2 / 1e-3 here, 1e-3 / 1e-4 in the demo). Returns, every `every`
    iterations, the share of 1,000 samples whose nearest mode is each of the 8."""
    keras.utils.set_random_seed(0)
    layers = keras.layers

    def net(inputs, outputs):
        return keras.Sequential([keras.Input((inputs,)), layers.Dense(32, activation="tanh"),
                                 layers.Dense(32, activation="tanh"), layers.Dense(outputs)])

    gan = kerasgan.GAN(net(16, 2), net(2, 1), latent_dim=16, seed=0)
    gan.compile(keras.optimizers.Adam(1e-2, beta_1=0.5, epsilon=1e-8),
                keras.optimizers.Adam(1e-3, beta_1=0.5, epsilon=1e-8), loss="minimax",
                regularizers=[R.UnrolledDiscriminator(unroll)] if unroll else [],
                steps_per_execution=25)
    x = ring_arrays(batch * every, seed=1)[0]
    centers = ring_centers()
    shares = []
    for _ in range(iterations // every):
        gan.fit(x, batch_size=batch, epochs=1, verbose=0)
        samples = ops.convert_to_numpy(gan.generate(1000, seed=0))
        nearest = np.argmin(((samples[:, None, :] - centers[None]) ** 2).sum(-1), axis=1)
        shares.append(np.bincount(nearest, minlength=8) / len(samples))
    return np.array(shares)


@pytest.mark.slow
def test_unrolling_5_steps_covers_the_ring_where_the_plain_gan_rotates_between_modes():
    plain, unrolled = _ring_run(0), _ring_run(5)
    top2 = lambda shares: np.sort(shares, axis=1)[:, -2:].sum(axis=1)  # noqa: E731
    late = slice(len(plain) // 2, None)  # the second half of the run
    # Without unrolling the generator collapses onto few modes and hops between them:
    # most samples on two modes at some point, and the dominant modes change.
    assert top2(plain[late]).max() > 0.65
    assert len({tuple(np.flatnonzero(s > 0.2)) for s in plain[late]}) >= 2
    # With 5 unrolled Adam steps of D it never collapses and ends on (nearly) all 8.
    assert top2(unrolled[late]).max() < 0.55
    assert (unrolled[-1] > 0.05).sum() >= 7 and unrolled[-1].max() < 0.3
