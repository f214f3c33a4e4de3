"""The baseline of the step-speed benchmark: a GAN step written by hand.

This is the train step a Keras user writes without kerasgan, in the shape of
the keras.io "WGAN-GP" and "DCGAN" examples: a `keras.Model` subclass whose
`train_step` opens a `tf.GradientTape` per player, with the same maths as
kerasgan's presets so that the two steps do the same work:

- `"wgan-gp"`: `d_steps` critic updates on the same real batch (fresh latents
  each), loss mean(D(fake)) - mean(D(real)) + 10 * GP with the interpolation
  coefficient ε ~ U[0, 1] per sample and an epsilon inside the norm's sqrt; then
  one generator update with loss -mean(D(G(z))).
- `"non-saturating"`: one D update with softplus(-D(real)) + softplus(D(fake)),
  one G update with softplus(-D(G(z))).

It returns `d_loss` and `g_loss` as the examples do (no running means). Losses
are computed in float32 (logits cast), as the Keras mixed-precision guide asks.
"""

import keras
import tensorflow as tf


class HandWrittenGAN(keras.Model):
    """A hand-written `tf.GradientTape` GAN step (the benchmark's baseline)."""

    def __init__(self, generator, discriminator, latent_dim, loss="wgan-gp", d_steps=None):
        super().__init__()
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = latent_dim
        self.loss_name = loss
        self.d_steps = d_steps or (5 if loss == "wgan-gp" else 1)

    def compile(self, d_optimizer, g_optimizer, jit_compile=False):
        super().compile(jit_compile=jit_compile)
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer

    def call(self, z, training=False):
        return self.generator(z, training=training)

    def gradient_penalty(self, real, fake):
        batch = tf.shape(real)[0]
        eps = tf.random.uniform([batch, 1, 1, 1][: len(real.shape)], 0.0, 1.0)
        x_hat = eps * real + (1.0 - eps) * fake
        with tf.GradientTape() as gp_tape:
            gp_tape.watch(x_hat)
            pred = self.discriminator(x_hat, training=True)
            total = tf.reduce_sum(tf.cast(pred, "float32"))
        grads = gp_tape.gradient(total, x_hat)
        axes = list(range(1, len(grads.shape)))
        norm = tf.sqrt(tf.reduce_sum(tf.square(grads), axis=axes) + 1e-12)
        return tf.reduce_mean(tf.square(norm - 1.0))

    def d_loss(self, real_logits, fake_logits):
        real_logits, fake_logits = tf.cast(real_logits, "float32"), tf.cast(fake_logits, "float32")
        if self.loss_name == "wgan-gp":
            return tf.reduce_mean(fake_logits) - tf.reduce_mean(real_logits)
        return tf.reduce_mean(tf.nn.softplus(-real_logits)) + tf.reduce_mean(
            tf.nn.softplus(fake_logits)
        )

    def g_loss(self, fake_logits):
        fake_logits = tf.cast(fake_logits, "float32")
        if self.loss_name == "wgan-gp":
            return -tf.reduce_mean(fake_logits)
        return tf.reduce_mean(tf.nn.softplus(-fake_logits))

    def train_step(self, real):
        batch = tf.shape(real)[0]
        d_vars = self.discriminator.trainable_variables
        g_vars = self.generator.trainable_variables
        for _ in range(self.d_steps):
            z = tf.random.normal((batch, self.latent_dim))
            with tf.GradientTape() as tape:
                fake = self.generator(z, training=True)
                fake_logits = self.discriminator(fake, training=True)
                real_logits = self.discriminator(real, training=True)
                d_loss = self.d_loss(real_logits, fake_logits)
                if self.loss_name == "wgan-gp":
                    d_loss = d_loss + 10.0 * self.gradient_penalty(real, fake)
            grads = tape.gradient(d_loss, d_vars)
            self.d_optimizer.apply_gradients(zip(grads, d_vars))
        z = tf.random.normal((batch, self.latent_dim))
        with tf.GradientTape() as tape:
            fake_logits = self.discriminator(self.generator(z, training=True), training=True)
            g_loss = self.g_loss(fake_logits)
        grads = tape.gradient(g_loss, g_vars)
        self.g_optimizer.apply_gradients(zip(grads, g_vars))
        return {"d_loss": d_loss, "g_loss": g_loss}
