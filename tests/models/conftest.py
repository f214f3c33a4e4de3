"""Test helpers for the model builders: a plain XLA-compiled GAN step, round trips.

Only tests import TensorFlow; the builders themselves are backend-free.
"""

import math
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
    # SGD keeps the compiled graph (and XLA's compile time) small.
    d_opt = keras.optimizers.SGD(1e-2)
    g_opt = keras.optimizers.SGD(1e-2)
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
            # One discriminator call on [real; fake] keeps the compiled graph small.
            both_y = None if y is None else tf.concat([y, y], axis=0)
            logits = logits_of(call(discriminator, tf.concat([x, fake], axis=0), both_y))
            real_logits, fake_logits = tf.split(logits, 2, axis=0)
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


def resnet_param_counts(size, channels, latent_dim, filters, *, num_classes=None,
                        g_sn=False, d_sn=True, attention=False, hierarchical=False,
                        shared_dim=128):
    """Counts every weight of the ResNet-family pair from the papers' block diagrams.

    Conv k×k (cin→cout) with bias: k²·cin·cout + cout; a spectral-norm wrapper adds
    its power-iteration vector u (cout); BN keeps 4 per channel (γ, β, mean, var);
    conditional BN keeps the moving mean/var (2 per channel) plus γ, β tables
    (2·K·F from labels) or linear maps (2·dim·F from a vector).
    """
    F = filters
    n = int(math.log2(size // 4))
    K = num_classes or 0

    def conv(k, cin, cout, sn):
        return k * k * cin * cout + cout + (cout if sn else 0)

    def attention_params(sn):
        inner = max(F // 8, 1)
        total = 3 * F * inner + inner * F + 1
        return total + ((3 * inner + F) if sn else 0)

    # Generator.
    chunks = [latent_dim // (n + 1) + (1 if i < latent_dim % (n + 1) else 0) for i in range(n + 1)]
    z_in = chunks[0] if hierarchical else latent_dim
    g = z_in * 16 * F + 16 * F + (16 * F if g_sn else 0)
    if hierarchical and K:
        g += K * shared_dim
    for i in range(n):
        if hierarchical:
            dim = chunks[i + 1] + (shared_dim if K else 0)
            norm = 2 * dim * F + 2 * F
        elif K:
            norm = 2 * K * F + 2 * F
        else:
            norm = 4 * F
        g += 2 * norm + 2 * conv(3, F, F, g_sn) + conv(1, F, F, g_sn)
    g += attention_params(g_sn) if attention else 0
    g += 4 * F + conv(3, F, channels, g_sn)

    # Discriminator.
    downsamples = max(int(math.log2(size // 8)), 1)
    d = conv(3, channels, F, d_sn) + conv(3, F, F, d_sn) + conv(1, channels, F, d_sn)
    for _ in range(downsamples - 1):
        d += 2 * conv(3, F, F, d_sn) + conv(1, F, F, d_sn)
    d += 2 * 2 * conv(3, F, F, d_sn)  # two plain blocks, identity shortcuts
    d += attention_params(d_sn) if attention else 0
    d += F + 1 + (1 if d_sn else 0)
    d += K * F + (F if K and d_sn else 0)  # projection embedding (+ its ũ when normalized)
    return g, d


@pytest.fixture
def gan_helpers():
    """The helpers above, as a fixture (works under any pytest import mode)."""
    return types.SimpleNamespace(
        train_steps=train_steps,
        assert_finite_training=assert_finite_training,
        assert_same_outputs=assert_same_outputs,
        round_trips=round_trips,
        resnet_param_counts=resnet_param_counts,
    )
