"""Small conditional / AC-GAN / projection / InfoGAN setups on the ring, shared by the tests."""

import keras
import numpy as np

import kerasgan

RING_CENTERS = kerasgan.data.mixture_centers("ring")
RING_STD = kerasgan.data.mixture_std("ring")


def maxout_trunk(units=64, depth=2):
    x = keras.Input((2,), name="x")
    h = x
    for i in range(depth):
        h = kerasgan.layers.Maxout(units, pieces=5, name=f"trunk_{i}")(h)
    return x, h


def conditional_generator(units=64, latent_dim=2):
    g, _ = kerasgan.models.mlp(2, latent_dim, num_classes=8, hidden_units=(units, units),
                               discriminator_units=(8,), batch_norm=False)
    return g


def cgan_pair(units=64):
    return kerasgan.models.mlp(2, 2, num_classes=8, hidden_units=(units, units),
                               discriminator_units=(units, units), batch_norm=False)


def acgan_pair(units=64):
    x, h = maxout_trunk(units)
    d = keras.Model(x, {"logits": keras.layers.Dense(1)(h),
                        "aux": kerasgan.layers.AuxiliaryClassifierHead(8)(h)})
    return conditional_generator(units), d


def projection_pair(units=64):
    x, h = maxout_trunk(units)
    y = keras.Input((1,), dtype="int32", name="labels")
    d = keras.Model([x, y], kerasgan.layers.ProjectionHead(8)([h, y]))
    return conditional_generator(units), d


def infogan_pair(prior, units=64):
    g, _ = kerasgan.models.mlp(2, prior.dim, hidden_units=(units, units), discriminator_units=(8,),
                               batch_norm=False)
    x, h = maxout_trunk(units)
    d = keras.Model(x, {"logits": keras.layers.Dense(1)(h),
                        "aux": kerasgan.layers.LatentCodeHead(prior, hidden_units=units)(h)})
    return g, d


def cosine_adam(lr, steps):
    schedule = keras.optimizers.schedules.CosineDecay(lr, steps, alpha=0.01)
    return keras.optimizers.Adam(schedule, beta_1=0.5)


def compile_and_fit(gan, x, y, *, epochs, batch_size=100, lr=1e-3, regularizers=()):
    """Adam(β1 = 0.5) with cosine decay to 1% over the run; one history entry per epoch."""
    steps = epochs * (len(x) // batch_size)
    gan.compile(cosine_adam(lr, steps), cosine_adam(lr, steps), regularizers=list(regularizers),
                jit_compile=True)
    args = (x, y) if y is not None else (x,)
    return gan.fit(*args, batch_size=batch_size, epochs=epochs, shuffle=True, verbose=0)


def share_within_3_sigma(samples, mode):
    dist = np.linalg.norm(samples - RING_CENTERS[mode], axis=1) / RING_STD
    return float((dist < 3.0).mean())


def nearest_mode(samples):
    return np.argmin(np.linalg.norm(samples[:, None] - RING_CENTERS[None], axis=-1), axis=1)
