"""DCGAN (non-saturating loss) on the bundled digits, with sample grids and a checkpoint.

Run: python examples/dcgan_digits.py [--epochs 30] [--out runs/dcgan_digits]
"""

import argparse
import os

import keras

import kerasgan


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--out", default="runs/dcgan_digits")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)

    data = kerasgan.data.load("digits", batch_size=32, image_size=16, seed=0)
    generator, discriminator = kerasgan.models.dcgan((16, 16, 1), latent_dim=64, base_filters=32)
    gan = kerasgan.GAN(generator, discriminator, seed=0)
    gan.compile(
        keras.optimizers.Adam(2e-4, beta_1=0.5),   # Radford et al.: lr 2e-4, beta_1 0.5
        keras.optimizers.Adam(2e-4, beta_1=0.5),
        loss=kerasgan.losses.NonSaturatingLoss(real_label=0.9),  # one-sided label smoothing
    )
    gan.fit(
        data,
        epochs=args.epochs,
        callbacks=[
            kerasgan.callbacks.SampleGrid(os.path.join(args.out, "grids")),
            kerasgan.callbacks.StopOnNaN(),
            kerasgan.callbacks.Checkpoint(os.path.join(args.out, "gan.keras")),
        ],
    )
    print(f"grids in {args.out}/grids, model in {args.out}/gan.keras")


if __name__ == "__main__":
    main()
