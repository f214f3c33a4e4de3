"""Shared driver of the per-architecture digits examples (not an example itself).

Each `examples/<architecture>_digits.py` builds its networks and objective and
calls `run(...)`: the bundled digits are resized to `--size` pixels, the GAN
trains for `--epochs` epochs, and a grid of 64 samples (one row per class for a
conditional GAN) is written to `<out>/<name>.png`, plus `<out>/gan.keras`.
"""

import argparse
import os

import keras
import numpy as np

import kerasgan
from kerasgan.callbacks import images


def parse_args(description, argv=None, *, epochs=5, filters=32, out):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--steps", type=int, default=None,
                        help="steps per epoch (default: the whole dataset)")
    parser.add_argument("--size", type=int, default=16, choices=(8, 16, 32))
    parser.add_argument("--filters", type=int, default=filters)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--out", default=out)
    parser.add_argument("--jit", choices=("auto", "true", "false"), default="auto")
    return parser.parse_args(argv)


def data(args, *, labels=False):
    return kerasgan.data.load(
        "digits", batch_size=args.batch_size, image_size=args.size, labels=labels, seed=0
    )


def run(args, name, generator, discriminator, *, loss, regularizers=(), lr=2e-4,
        betas=(0.0, 0.9), discriminator_steps=None, labels=False, callbacks=(),
        latent_dim=None):
    """Trains on digits and writes `<out>/<name>.png` and `<out>/gan.keras`."""
    keras.utils.set_random_seed(0)
    gan = kerasgan.GAN(generator, discriminator, latent_dim=latent_dim, seed=0)
    jit = {"auto": "auto", "true": True, "false": False}[args.jit]
    gan.compile(
        keras.optimizers.Adam(lr, *betas), keras.optimizers.Adam(lr, *betas),
        loss=loss, regularizers=regularizers,
        discriminator_steps=discriminator_steps, jit_compile=jit,
    )
    gan.fit(
        data(args, labels=labels), epochs=args.epochs, steps_per_epoch=args.steps,
        callbacks=[*callbacks, kerasgan.callbacks.StopOnNaN()], verbose=2,
    )
    if gan.conditional:
        samples = gan.generate(80, labels=np.repeat(np.arange(10), 8).astype("int32"), seed=0)
        picture = images.image_grid(images.to_uint8(samples), columns=8)
    else:
        picture = images.image_grid(images.to_uint8(gan.generate(64, seed=0)), columns=8)
    path = images.write_png(os.path.join(args.out, f"{name}.png"), picture)
    gan.save(os.path.join(args.out, "gan.keras"))
    print(f"samples in {path}, model in {args.out}/gan.keras")
    return gan
