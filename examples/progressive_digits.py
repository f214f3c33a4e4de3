"""Progressive growing (4→8→16 px, fade-in) on the digits.

Default objective: non-saturating + R1 (γ = 10), StyleGAN's, on the progressive
networks. `--loss wgan-gp` is the paper's (without its drift term); in 5-epoch runs
on this CPU it stayed blurry or collapsed (lr 1e-3 and 2e-4, with and without
`--reset-optimizers`), while R1 gave recognizable digits.

Each resolution trains for an equal share of the run; in every phase after the
first, the new layers fade in over the first half (α 0→1), then stabilize.
Run: python examples/progressive_digits.py [--epochs 5] [--out runs/progressive_digits]
Writes runs/progressive_digits/progressive.png (64 samples) and gan.keras.
"""

import argparse
import math

import kerasgan
import _architecture_common as common


def main(argv=None):
    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--loss", choices=("r1", "wgan-gp"), default="r1")
    extra.add_argument("--lr", type=float, default=1e-3)
    extra.add_argument("--reset-optimizers", action="store_true",
                       help="fresh Adam state at each growth (the authors' code)")
    own, rest = extra.parse_known_args(argv)
    args = common.parse_args(__doc__.splitlines()[0], rest, out="runs/progressive_digits")
    generator, discriminator = kerasgan.models.progressive(
        args.size, 32, channels=1, filters=args.filters
    )
    steps = args.steps or 1797 // args.batch_size
    total = args.epochs * steps
    phases = [4 * 2**i for i in range(int(math.log2(args.size // 4)) + 1)]
    per_phase = max(1, total // len(phases))
    grow = kerasgan.callbacks.ProgressiveGrowing(
        {r: per_phase for r in phases}, reset_optimizers=own.reset_optimizers
    )
    if own.loss == "wgan-gp":  # the paper's objective (without its small drift term)
        loss, regularizers = "wgan-gp", ()
    else:  # StyleGAN's objective on the same networks
        loss, regularizers = "non-saturating", (kerasgan.regularizers.R1Penalty(10.0),)
    return common.run(
        args, "progressive", generator, discriminator, loss=loss, regularizers=regularizers,
        discriminator_steps=1, lr=own.lr, betas=(0.0, 0.99), callbacks=[grow],
    )


if __name__ == "__main__":
    main()
