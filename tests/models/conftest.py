"""Test helpers for the model builders: a plain XLA-compiled GAN step, round trips.

Only tests import TensorFlow; the builders themselves are backend-free.
"""

import types

import keras
import numpy as np
import pytest
import tensorflow as tf


def train_steps(generator, discriminator, real, latent_dim, *, labels=None, steps=2, seed=0):
    """Runs `steps` non-saturating GAN updates in `tf.function(jit_compile=True)`.

    Returns the list of `(d_loss, g_loss)` floats, one pair per step.
    """
    rng = np.random.default_rng(seed)
    d_opt = keras.optimizers.Adam(1e-3)
    g_opt = keras.optimizers.Adam(1e-3)
    d_opt.build(discriminator.trainable_variables)
    g_opt.build(generator.trainable_variables)

    def logits_of(out):
        return out["logits"] if isinstance(out, dict) else out

    def call(model, x, y):
        return model(x if y is None else [x, y], training=True)

    @tf.function(jit_compile=True)
    def step(z, x, y):
        with tf.GradientTape(persistent=True) as tape:
            fake = call(generator, z, y)
            real_logits = logits_of(call(discriminator, x, y))
            fake_logits = logits_of(call(discriminator, fake, y))
            d_loss = tf.reduce_mean(tf.nn.softplus(-real_logits)) + tf.reduce_mean(
                tf.nn.softplus(fake_logits)
            )
            g_loss = tf.reduce_mean(tf.nn.softplus(-fake_logits))
        d_opt.apply_gradients(
            zip(tape.gradient(d_loss, discriminator.trainable_variables),
                discriminator.trainable_variables)
        )
        g_opt.apply_gradients(
            zip(tape.gradient(g_loss, generator.trainable_variables),
                generator.trainable_variables)
        )
        return d_loss, g_loss

    history = []
    batch = real.shape[0]
    for _ in range(steps):
        z = rng.normal(size=(batch, latent_dim)).astype("float32")
        d_loss, g_loss = step(z, real, labels)
        history.append((float(d_loss), float(g_loss)))
    return history


def assert_finite_training(history):
    values = np.asarray(history)
    assert values.shape[0] >= 2
    assert np.all(np.isfinite(values)), history


def assert_same_outputs(model_a, model_b, inputs):
    out_a = model_a(inputs, training=False)
    out_b = model_b(inputs, training=False)
    if isinstance(out_a, dict):
        assert sorted(out_a) == sorted(out_b)
        for key in out_a:
            np.testing.assert_allclose(np.asarray(out_a[key]), np.asarray(out_b[key]), atol=1e-6)
    else:
        np.testing.assert_allclose(np.asarray(out_a), np.asarray(out_b), atol=1e-6)


def round_trips(model, inputs, tmp_path):
    """JSON, clone_model and .keras save/load: architecture and (for saving) weights."""
    from_json = keras.models.model_from_json(model.to_json())
    assert from_json.count_params() == model.count_params()
    cloned = keras.models.clone_model(model)
    assert cloned.count_params() == model.count_params()
    path = str(tmp_path / f"{model.name}.keras")
    model.save(path)
    loaded = keras.models.load_model(path, safe_mode=True)
    assert_same_outputs(model, loaded, inputs)
    return loaded


@pytest.fixture
def gan_helpers():
    """The helpers above, as a fixture (works under any pytest import mode)."""
    return types.SimpleNamespace(
        train_steps=train_steps,
        assert_finite_training=assert_finite_training,
        assert_same_outputs=assert_same_outputs,
        round_trips=round_trips,
    )
