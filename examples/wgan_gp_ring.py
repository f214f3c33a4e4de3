"""WGAN-GP on the 8-Gaussian ring, scored with the PacGAN/VEEGAN mode-coverage metric.

Run: python examples/wgan_gp_ring.py [--steps 5000] [--out runs/ring]
Writes a scatter plot of 2,500 samples over the ring's modes and prints the coverage.
"""

import argparse
import os

import keras

import kerasgan
from kerasgan.callbacks import images


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--out", default="runs/ring")
    args = parser.parse_args()
    keras.utils.set_random_seed(1)

    generator, discriminator = kerasgan.models.mlp(
        2, 2, hidden_units=(128, 128, 128), discriminator_units=(128, 128, 128),
        batch_norm=False, discriminator_activation="relu",
    )
    gan = kerasgan.GAN(generator, discriminator, seed=1)
    # beta_1 = 0 and a decaying learning rate let the samples settle on the 0.03-wide modes.
    gan.compile(
        keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(3e-4, args.steps), 0.0, 0.9),
        keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(3e-4, 5 * args.steps), 0.0, 0.9),
        loss="wgan-gp",
    )
    data = kerasgan.data.load("ring", batch_size=256, seed=1, repeat=True)
    gan.fit(data, steps_per_epoch=args.steps, epochs=1)

    samples = gan.generate(2500, seed=0)
    coverage = kerasgan.metrics.MixtureCoverage.ring()
    coverage.update_state(samples)
    result = coverage.result()
    print(f"modes {result['modes']}/8, high quality {100 * result['high_quality']:.1f}%, "
          f"reverse KL {result['reverse_kl']:.3f}")
    os.makedirs(args.out, exist_ok=True)
    path = images.write_png(
        os.path.join(args.out, "samples.png"),
        images.scatter_plot(samples, reference=kerasgan.data.mixture_centers("ring")),
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
