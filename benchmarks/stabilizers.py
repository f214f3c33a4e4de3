"""Stabilizers on the 2-D mixture benchmarks (ring: 8 modes, grid: 25 modes).

Prints a table in the format of PacGAN's Table 1 (modes covered, share of
high-quality samples within 3σ, reverse KL of the mode histogram), beside the
published rows of `/work/shared/REFERENCE-NUMBERS.md`. It does not assert.

    python benchmarks/stabilizers.py --data grid --steps 4000 --configs ns,ns+r1,consensus

Every configuration uses the same networks (kerasgan.models.mlp), data
(kerasgan.data.load), batch size and seed; only the objective differs. The
defaults are smaller than the papers' (see `--help`) so that the table runs on
a CPU; pass `--paper` for the PacGAN protocol's network sizes.
"""

import argparse
import time

import keras
import numpy as np

import kerasgan
from kerasgan import regularizers as R

PUBLISHED = {
    "ring": [
        ("GAN (PacGAN T1)", "6.3 ± 0.5", "98.2 ± 0.2", "0.45 ± 0.09"),
        ("PacGAN2 (PacGAN T1)", "7.9 ± 0.1", "95.6 ± 2.0", "0.07 ± 0.03"),
        ("PacGAN4 (PacGAN T1)", "7.8 ± 0.1", "95.9 ± 1.4", "0.07 ± 0.02"),
        ("Unrolled GAN (VEEGAN T1)", "7.6", "35.6", "-"),
        ("VEEGAN (VEEGAN T1)", "8", "52.9", "-"),
    ],
    "grid": [
        ("GAN (PacGAN T1)", "17.3 ± 0.8", "94.8 ± 0.7", "0.70 ± 0.07"),
        ("PacGAN2 (PacGAN T1)", "23.8 ± 0.7", "91.3 ± 0.8", "0.13 ± 0.04"),
        ("PacGAN4 (PacGAN T1)", "24.8 ± 0.2", "93.6 ± 0.6", "0.04 ± 0.01"),
        ("Unrolled GAN (VEEGAN T1)", "23.6", "16", "-"),
        ("VEEGAN (VEEGAN T1)", "24.6", "40", "-"),
    ],
}


def _configs():
    """name -> (loss, regularizers factory, discriminator_steps)."""
    return {
        "ns": ("non-saturating", lambda: [], None),
        "ns+r1": ("non-saturating", lambda: [R.R1Penalty(0.1)], None),
        "ns+r1+ema": ("non-saturating", lambda: [R.R1Penalty(0.1), R.EMAGenerator(0.999)], None),
        "ns+dragan": ("non-saturating", lambda: [R.DRAGANPenalty(10.0)], None),
        "ns+feature-matching": ("non-saturating", lambda: [R.FeatureMatching(1.0)], None),
        "ns+instance-noise": ("non-saturating", lambda: [R.InstanceNoise(0.1)], None),
        "ns+replay": ("non-saturating", lambda: [R.ExperienceReplay(4096, 0.5)], None),
        "unrolled-5": ("non-saturating", lambda: [R.UnrolledDiscriminator(5)], None),
        "consensus": ("non-saturating", lambda: [R.ConsensusOptimization(1.0)], None),
        "wgan-gp": ("wgan-gp", lambda: [], None),
        # Layers in D (kerasgan.layers) rather than regularizers:
        "ns+pack2": ("non-saturating", lambda: [], None),
        "ns+pack4": ("non-saturating", lambda: [], None),
    }


def _pack(name):
    return int(name.split("pack")[1]) if "pack" in name else 1


def _networks(args, features, pack=1):
    units = (400,) * 4 if args.paper else (args.units,) * 3
    d_units = (200,) * 3 if args.paper else (args.units,) * 3
    g, d = kerasgan.models.mlp(
        2, 2, hidden_units=units, discriminator_units=d_units,
        batch_norm=False, discriminator_activation="relu", pack=pack,
    )
    if features:  # expose the last hidden layer for feature matching
        hidden = d.layers[-2].output
        d = keras.Model(d.inputs, (d.outputs[0], hidden))
    return g, d


def run(name, args):
    loss, make_regs, d_steps = _configs()[name]
    keras.utils.set_random_seed(args.seed)
    regs = make_regs()
    g, d = _networks(args, any(isinstance(r, R.FeatureMatching) for r in regs), _pack(name))
    gan = kerasgan.GAN(g, d, seed=args.seed)
    def lr(updates):
        # Cosine decay to 0 sharpens the modes (high-quality share) at the end.
        return keras.optimizers.schedules.CosineDecay(args.lr, updates) if args.cosine else args.lr

    d_updates = args.steps * (d_steps or kerasgan.objective.get(loss).effective_discriminator_steps)
    gan.compile(
        keras.optimizers.Adam(lr(args.steps), beta_1=args.beta_1, beta_2=0.99),
        keras.optimizers.Adam(lr(d_updates), beta_1=args.beta_1, beta_2=0.99),
        loss=loss, regularizers=regs, discriminator_steps=d_steps,
        jit_compile=True, steps_per_execution=50,
    )
    data = kerasgan.data.load(args.data, batch_size=args.batch_size, seed=args.seed, repeat=True)
    start = time.time()
    gan.fit(data, steps_per_epoch=args.steps, epochs=1, verbose=0)
    seconds = time.time() - start
    metric = getattr(kerasgan.metrics.MixtureCoverage, args.data)()
    metric.update_state(gan.generate(2500, seed=0))
    result = metric.result()
    return result["modes"], 100 * result["high_quality"], result["reverse_kl"], seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="grid", choices=["ring", "grid"])
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--units", type=int, default=128)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--beta-1", type=float, default=0.5)
    parser.add_argument("--cosine", action="store_true", help="cosine-decay both learning rates to 0")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--paper", action="store_true", help="G 4×400, D 3×200 as in PacGAN")
    parser.add_argument("--configs", default=",".join(_configs()))
    args = parser.parse_args(argv)
    print(f"| {args.data} ({args.steps} steps, batch {args.batch_size}, lr {args.lr}"
          f"{' cosine' if args.cosine else ''}, seed {args.seed}) "
          "| modes | HQ % | rev-KL | seconds |")
    print("|---|---|---|---|---|")
    for name in args.configs.split(","):
        modes, hq, kl, seconds = run(name, args)
        print(f"| kerasgan {name} | {modes} | {hq:.1f} | {kl:.2f} | {seconds:.0f} |", flush=True)
    for row in PUBLISHED[args.data]:
        print(f"| {row[0]} | {row[1]} | {row[2]} | {row[3]} | - |")


if __name__ == "__main__":
    main()
