"""The Dirac-GAN (Mescheder et al. 2018, Section 2.2) built from kerasgan parts."""

import keras
import numpy as np
from keras import layers, ops

import kerasgan


class ConstantGenerator(layers.Layer):
    """G(z) = θ: one weight, the latents ignored."""

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        self.theta0 = float(theta)

    def build(self, input_shape):
        self.theta = self.add_weight(shape=(), initializer=keras.initializers.Constant(self.theta0), name="theta")

    def call(self, z):
        return ops.zeros_like(z[:, :1]) + self.theta

    def get_config(self):
        return {**super().get_config(), "theta": self.theta0}


def dirac_gan(theta=1.0, psi=1.0, seed=0):
    g = keras.Sequential([keras.Input((1,)), ConstantGenerator(theta)], name="dirac_generator")
    d = keras.Sequential(
        [keras.Input((1,)), layers.Dense(1, use_bias=False, kernel_initializer=keras.initializers.Constant(psi))],
        name="dirac_discriminator",
    )
    return kerasgan.GAN(g, d, latent_dim=1, seed=seed)


def parameters(gan):
    theta = float(ops.convert_to_numpy(gan.generator.layers[0].theta))
    psi = float(ops.convert_to_numpy(gan.discriminator.layers[0].kernel)[0, 0])
    return theta, psi


def train(loss, regularizers=(), steps=1500, batch_size=8, lr=0.05, discriminator_steps=1, chunk=100):
    """Trains the Dirac-GAN from (1, 1) with plain SGD; returns the (θ, ψ) path's end."""
    gan = dirac_gan()
    gan.compile(
        keras.optimizers.SGD(lr),
        keras.optimizers.SGD(lr),
        loss=loss,
        regularizers=list(regularizers),
        discriminator_steps=discriminator_steps,
        jit_compile=True,
        steps_per_execution=chunk,
    )
    gan.fit(Zeros(batch_size, steps), epochs=1, verbose=0)
    return parameters(gan)


class Zeros(keras.utils.PyDataset):
    """`steps` batches of real data at 0 (the same array, so large batches are cheap)."""

    def __init__(self, batch_size, steps):
        super().__init__()
        self.batch = np.zeros((batch_size, 1), "float32")
        self.steps = steps

    def __len__(self):
        return self.steps

    def __getitem__(self, index):
        return self.batch
