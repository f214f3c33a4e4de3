"""Every builder runs (forward and one gradient) under the mixed_bfloat16 policy."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from kerasgan import models


@pytest.fixture
def bf16_policy():
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    yield
    keras.config.set_dtype_policy(previous)


BUILDERS = {
    "mlp": lambda: models.mlp(2, 4, hidden_units=(8,), discriminator_units=(8,), num_classes=3),
    "dcgan": lambda: models.dcgan((8, 8, 3), 4, base_filters=4, num_classes=3),
    "resnet": lambda: models.resnet((8, 8, 3), 4, base_filters=8, num_classes=3),
    "sagan": lambda: models.sagan((8, 8, 3), 4, base_filters=8, num_classes=3),
    "biggan": lambda: models.biggan((8, 8, 3), 4, base_filters=8, num_classes=3, shared_dim=4),
    "stylegan": lambda: models.stylegan((8, 8, 3), 4, base_filters=4, mapping_layers=2),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builder_under_mixed_bfloat16(name, bf16_policy):
    g, d = BUILDERS[name]()
    conditional = len(g.inputs) == 2
    z = tf.constant(np.random.default_rng(0).normal(size=(4, 4)), "float32")
    labels = tf.constant([0, 1, 2, 0], "int32")  # Keras refuses lists mixing tensors and arrays
    with tf.GradientTape() as tape:
        fake = g([z, labels] if conditional else z, training=True)
        logits = d([fake, labels] if conditional else fake, training=True)
        loss = tf.reduce_mean(tf.cast(logits, "float32"))
    assert fake.dtype == "float32"  # the generator's output layer is float32
    assert np.all(np.isfinite(np.asarray(tf.cast(logits, "float32"))))
    grads = tape.gradient(loss, g.trainable_variables)
    assert all(v.dtype == "float32" for v in g.trainable_variables)
    assert sum(grad is not None for grad in grads) > 0.8 * len(grads)


def test_autoencoder_under_mixed_bfloat16(bf16_policy):
    d = models.autoencoder_discriminator((8, 8, 1), code_dim=4, base_filters=4)
    out = d(np.zeros((2, 8, 8, 1), "float32"))
    assert out["logits"].dtype == "float32" and out["aux"].dtype == "float32"


def test_stateful_layers_under_mixed_bfloat16(bf16_policy):
    from kerasgan.layers import MinibatchStdDev, Pack, SelfAttention, VirtualBatchNormalization

    x = tf.constant(np.random.default_rng(1).normal(size=(4, 4, 4, 8)), "float32")
    vbn = VirtualBatchNormalization()
    y = vbn(tf.cast(x, "bfloat16"))
    y = vbn(tf.cast(x, "bfloat16"))
    assert y.dtype == "bfloat16" and vbn.reference_mean.dtype == "float32"
    assert np.all(np.isfinite(np.asarray(tf.cast(y, "float32"))))
    for layer in (MinibatchStdDev(2), Pack(2), SelfAttention()):
        out = layer(tf.cast(x, "bfloat16"))
        assert out.dtype == "bfloat16"
