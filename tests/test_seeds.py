"""The GAN's seed generator: one state write per training step, same draws."""

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan._seeds import ReplicaSeedGenerator


def _draws(generator, n):
    return [ops.convert_to_numpy(keras.random.normal((3,), seed=generator)) for _ in range(n)]


def test_step_scope_draws_what_ordered_next_draws():
    plain, scoped = ReplicaSeedGenerator(7), ReplicaSeedGenerator(7)
    expected = _draws(plain, 5)
    with scoped.step():
        got = _draws(scoped, 5)
    for a, b in zip(expected, got):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ops.convert_to_numpy(scoped.state), ops.convert_to_numpy(plain.state))
    # The next step continues the sequence.
    np.testing.assert_array_equal(_draws(plain, 1)[0], _draws(scoped, 1)[0])


def test_step_scope_writes_state_once_and_only_at_close():
    generator = ReplicaSeedGenerator(3)
    before = ops.convert_to_numpy(generator.state).copy()
    generator.open_step()
    _draws(generator, 4)
    np.testing.assert_array_equal(ops.convert_to_numpy(generator.state), before)
    generator.close_step()
    np.testing.assert_array_equal(ops.convert_to_numpy(generator.state), before + np.array([0, 4]))


def test_step_scope_that_raises_leaves_state_and_generator_usable():
    generator = ReplicaSeedGenerator(5)
    before = ops.convert_to_numpy(generator.state).copy()
    with pytest.raises(RuntimeError):
        with generator.step():
            _draws(generator, 2)
            raise RuntimeError("trace failed")
    np.testing.assert_array_equal(ops.convert_to_numpy(generator.state), before)
    _draws(generator, 1)  # back to ordinary per-draw updates
    np.testing.assert_array_equal(ops.convert_to_numpy(generator.state), before + np.array([0, 1]))


def test_fit_advances_seed_state_by_the_draws_of_each_step():
    g, d = kerasgan.models.mlp(2, 2, hidden_units=(8,), discriminator_units=(8,))
    gan = kerasgan.GAN(g, d, 2, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss="wgan-gp")
    before = ops.convert_to_numpy(gan.seed_generator.state).copy()
    x = np.random.default_rng(0).normal(size=(32, 2)).astype("float32")
    gan.fit(x, batch_size=16, epochs=1, verbose=0)
    # WGAN-GP: 5 critic steps x (latents + interpolation ε) + 1 generator latent draw = 11 per step.
    np.testing.assert_array_equal(
        ops.convert_to_numpy(gan.seed_generator.state), before + np.array([0, 2 * 11])
    )
