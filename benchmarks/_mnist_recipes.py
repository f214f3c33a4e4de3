"""The 28×28 DCGAN of the VEEGAN / PacGAN Stacked-MNIST code, and the recipes both
MNIST benchmarks train (`stacked_mnist.py`, `mnist_fid.py`).

`kerasgan.models.dcgan` builds power-of-two sizes only (4×4 → 8 → ... → size), so
28×28 images need the network of PacGAN's `stacked_MNIST_experiments/VEEGAN_experiment/
model.py` (carpedm20's DCGAN-tensorflow with gf = df = 64), written here in Keras:

- G: z (100) → linear 2×2×8gf → BN, ReLU → 5×5 stride-2 transposed convolutions to
  4×4×4gf, 7×7×2gf, 14×14×gf (BN, ReLU) → 28×28×c, tanh. TensorFlow's
  `conv2d_transpose` with output size 7 equals Keras's 8×8 "same" output without its
  first row and column (a `Cropping2D`).
- D: 5×5 stride-2 convolutions 28 → 14 → 7 → 4 → 2 with df, 2df, 4df, 8df filters,
  LeakyReLU(0.2), batch norm on all but the first → linear logit.

All weights N(0, 0.02), batch norm momentum 0.9, ε 1e-5, as in that code.
"""

import time

import keras

import kerasgan

#: The protocol shared by both benchmarks (PacGAN Table 2 / VEEGAN Sec. 5.2).
PROTOCOL = {"latent_dim": 100, "filters": 64, "batch_size": 64, "learning_rate": 2e-4,
            "beta_1": 0.5}


def _init():
    return keras.initializers.RandomNormal(stddev=0.02)


def _bn(name):
    return keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-5, name=name)


def veegan_dcgan(channels=3, *, latent_dim=100, filters=64, normalization="batch", pack=1):
    """`(generator, discriminator)` for 28×28×`channels` images (see the module docstring).

    Args:
        channels: Image channels (3 for Stacked-MNIST, 1 for MNIST).
        latent_dim: Size of z. Defaults to 100.
        filters: gf = df. Defaults to 64.
        normalization: D's normalization after convolutions 2–4: "batch" (the
            protocol), "layer" (per-sample, for per-sample gradient penalties) or
            None. Defaults to "batch".
        pack: PacGAN packing degree of D (`kerasgan.layers.Pack`). Defaults to 1.
    """
    if normalization not in ("batch", "layer", None):
        raise ValueError("`normalization` must be one of ['batch', 'layer', None]. "
                         f"Received: normalization={normalization!r}")
    f = filters
    z = keras.Input((latent_dim,), name="z")
    h = keras.layers.Dense(2 * 2 * 8 * f, kernel_initializer=_init(), name="g_h0_lin")(z)
    h = keras.layers.Reshape((2, 2, 8 * f))(h)
    h = keras.layers.ReLU()(_bn("g_bn0")(h))
    for i, width in enumerate((4 * f, 2 * f, f), start=1):
        h = keras.layers.Conv2DTranspose(width, 5, strides=2, padding="same",
                                         kernel_initializer=_init(), name=f"g_h{i}")(h)
        if i == 2:  # 4×4 → 8×8, cropped to TF's 7×7
            h = keras.layers.Cropping2D(((1, 0), (1, 0)), name="g_h2_crop")(h)
        h = keras.layers.ReLU()(_bn(f"g_bn{i}")(h))
    h = keras.layers.Conv2DTranspose(channels, 5, strides=2, padding="same",
                                     kernel_initializer=_init(), name="g_h4")(h)
    out = keras.layers.Activation("tanh", dtype="float32", name="g_out")(h)
    generator = keras.Model(z, out, name="veegan_dcgan_generator")

    x = keras.Input((28, 28, channels), name="x")
    h = kerasgan.layers.Pack(pack, name="d_pack")(x) if pack > 1 else x
    for i, width in enumerate((f, 2 * f, 4 * f, 8 * f)):
        h = keras.layers.Conv2D(width, 5, strides=2, padding="same",
                                kernel_initializer=_init(), name=f"d_h{i}_conv")(h)
        if i > 0 and normalization == "batch":
            h = _bn(f"d_bn{i}")(h)
        elif i > 0 and normalization == "layer":
            h = keras.layers.LayerNormalization(axis=(1, 2, 3), name=f"d_ln{i}")(h)
        h = keras.layers.LeakyReLU(0.2)(h)
    logits = keras.layers.Dense(1, kernel_initializer=_init(), name="d_h4_lin")(
        keras.layers.Flatten()(h))
    return generator, keras.Model(x, logits, name="veegan_dcgan_discriminator")


def _protocol_schedule():
    # carpedm20 / PacGAN: one D update, then two G updates, per iteration.
    return kerasgan.Schedule([kerasgan.Phase("discriminator"),
                              kerasgan.Phase("generator", repeats=2)])


def _ns_r1_ema():
    R = kerasgan.regularizers
    return kerasgan.Objective("non-saturating", [R.R1Penalty(10.0), R.EMAGenerator(0.999)])


def _r3gan(channels, seed):
    """R3GAN on 28×28: `models.r3gan` (3 stages 7 → 14 → 28, width = PROTOCOL["filters"],
    16 channels per group, 1 block a stage), RpGAN + R1 + R2 with the "cpu-small"
    ramps of `kerasgan.schedules.R3GAN_CONFIGS` (lr 2e-4 → 5e-5, γ 0.05 → 0.005 over
    200k images), Adam β1 = 0 and β2 = 0.9 (the ramp's start: Keras's Adam takes a
    constant β2), z ~ N(0, I)^64, EMA G with a 10k-image half-life; G ends in tanh (the
    paper's is linear, clamped when saved) because both metrics take [-1, 1]."""
    S, R = kerasgan.schedules, kerasgan.regularizers
    batch = PROTOCOL["batch_size"]
    ramps = S.r3gan_schedules("cpu-small", batch_size=batch)
    width = PROTOCOL["filters"]
    g, d = kerasgan.models.r3gan((28, 28, channels), 64, width=width,
                                 cardinality=max(1, 2 * width // 16), blocks=1,
                                 output_activation="tanh")
    gan = kerasgan.GAN(g, d, seed=seed)
    objective = kerasgan.Objective("rpgan", [
        R.R1Penalty(ramps["gamma"]), R.R2Penalty(ramps["gamma"]),
        R.EMAGenerator(float(keras.ops.convert_to_numpy(S.ema_decay(10_000, batch))))])
    gan.compile(keras.optimizers.Adam(ramps["learning_rate"], 0.0, 0.9),
                keras.optimizers.Adam(ramps["learning_rate"], 0.0, 0.9), loss=objective)
    return gan


#: Networks other than the protocol's DCGAN: recipe name -> build(channels, seed).
BUILDERS = {"r3gan": _r3gan}

#: Recipe name -> (description, objective factory, schedule factory or None for the
#: objective's own, D normalization, pack).
RECIPES = {
    "dcgan": ("non-saturating GAN, the protocol as published",
              lambda: "non-saturating", _protocol_schedule, "batch", 1),
    "wgan-gp": ("Wasserstein + GP(10), its own 5 critic : 1 G schedule, layer-norm critic",
                lambda: "wgan-gp", None, "layer", 1),
    "pacgan2": ("non-saturating, D packs 2 samples (batch 64 packs = 128 images)",
                lambda: "non-saturating", _protocol_schedule, "batch", 2),
    "ns-r1-ema": ("non-saturating + R1(10) + EMA G (0.999), layer-norm D, 1 D : 2 G",
                  _ns_r1_ema, _protocol_schedule, "layer", 1),
    "r3gan": ("R3GAN: models.r3gan + RpGAN + R1 + R2 with cosine ramps, EMA G (see _r3gan)",
              None, None, None, 1),
}


def check_recipes(names):
    """Validates recipe names (Keras-style error listing the valid ones)."""
    unknown = [n for n in names if n not in RECIPES]
    if unknown or not names:
        raise ValueError(f"`recipes` must be names from {sorted(RECIPES)}. Received: {names!r}")
    return list(names)


def build(recipe, channels, seed):
    """A compiled `kerasgan.GAN` for `recipe` on 28×28×`channels` images."""
    _, objective_factory, schedule_factory, normalization, pack = RECIPES[recipe]
    keras.utils.set_random_seed(seed)
    if recipe in BUILDERS:
        return BUILDERS[recipe](channels, seed), pack
    g, d = veegan_dcgan(channels, latent_dim=PROTOCOL["latent_dim"], filters=PROTOCOL["filters"],
                        normalization=normalization, pack=pack)
    gan = kerasgan.GAN(g, d, prior=kerasgan.priors.Uniform(PROTOCOL["latent_dim"]), seed=seed)
    lr, b1 = PROTOCOL["learning_rate"], PROTOCOL["beta_1"]
    gan.compile(keras.optimizers.Adam(lr, b1), keras.optimizers.Adam(lr, b1),
                loss=objective_factory(),
                schedule=schedule_factory() if schedule_factory else None)
    return gan, pack


def train(gan, data, steps):
    """Runs `steps` iterations (one pass of the schedule each); returns (seconds, ms/step)."""
    start = time.perf_counter()
    gan.fit(data, epochs=1, steps_per_epoch=steps, verbose=0)
    seconds = time.perf_counter() - start
    return seconds, 1000.0 * seconds / steps


def measure_step_ms(gan, data, steps=20, warmup=3):
    """ms per iteration after `warmup` iterations (compilation excluded)."""
    gan.fit(data, epochs=1, steps_per_epoch=warmup, verbose=0)
    return train(gan, data, steps)[1]
