"""Mode coverage on Stacked-MNIST (1,000 modes) under the VEEGAN / PacGAN protocol.

PacGAN Table 2 (VEEGAN's protocol; PacGAN's code, fjxmlzn/PacGAN
`stacked_MNIST_experiments/VEEGAN_experiment`): the 28×28×3 DCGAN of that code with
gf = df = 64 (`benchmarks/_mnist_recipes.py`), z ~ U(−1, 1)^100, Adam(2e-4, β1 0.5),
one D update then two G updates per iteration (a `kerasgan.Schedule`), batch 64,
128,000 training samples stacked from MNIST train + test, 50 epochs = 100,000
iterations, 26,000 samples scored by an MNIST classifier (`StackedMNISTModes`),
10 runs. Rows: DCGAN (non-saturating), WGAN-GP, PacGAN2 and non-saturating + R1 + EMA —
the recipe kerasgan's own mixture benchmarks rank first (the only one that reaches all
25 grid modes, docs/stabilizing.md), R1 being the zero-centred penalty that Mescheder
et al. 2018 show makes GAN training locally convergent. It prints; it does not assert.

    python benchmarks/stacked_mnist.py --quick                    # smoke run (minutes)
    python benchmarks/stacked_mnist.py --steps 2000 --seeds 2 --recipes dcgan pacgan2
    python benchmarks/stacked_mnist.py --filters 16 --steps 500   # narrower nets, stated
"""

import argparse
import os
import platform
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import keras  # noqa: E402

import kerasgan  # noqa: E402
from benchmarks import _mnist_recipes as recipes  # noqa: E402

PAPER_ITERATIONS = 100_000
PAPER_SAMPLES = 26_000
TRAIN_SAMPLES = 128_000

#: Published rows: (source, method, modes, KL). PacGAN (Lin et al., NeurIPS 2018),
#: Table 2; the first four are VEEGAN's (Srivastava et al. 2017, Table 2) as PacGAN
#: quotes them. R3GAN (Huang et al. 2024) Table 3 uses 32×32 and other networks.
PUBLISHED = [
    ("PacGAN T2 (from VEEGAN)", "DCGAN", "99.0", "3.40"),
    ("PacGAN T2 (from VEEGAN)", "ALI", "16.0", "5.40"),
    ("PacGAN T2 (from VEEGAN)", "Unrolled GAN", "48.7", "4.32"),
    ("PacGAN T2 (from VEEGAN)", "VEEGAN", "150.0", "2.95"),
    ("PacGAN T2", "DCGAN (PacGAN's run)", "78.9 ± 6.46", "4.50 ± 0.127"),
    ("PacGAN T2", "PacDCGAN2", "1000 ± 0", "0.06 ± 0.003"),
    ("PacGAN T2", "PacDCGAN3", "1000", "0.06"),
    ("PacGAN T2", "PacDCGAN4", "1000", "0.07"),
    ("R3GAN T3 (32×32, other nets)", "WGAN-GP", "959", "0.73"),
]


def run(recipe, *, seed=0, steps=1000, samples=PAPER_SAMPLES, train_samples=TRAIN_SAMPLES):
    """Trains one recipe on Stacked-MNIST and scores `samples` generated images.

    Returns:
        A dict with `modes`, `kl`, `seconds` (training), `ms_per_step`, `eval_seconds`.
    """
    recipes.check_recipes([recipe])
    gan, pack = recipes.build(recipe, 3, seed)
    data = kerasgan.data.load("stacked_mnist", batch_size=recipes.PROTOCOL["batch_size"] * pack,
                              split="train+test", num_samples=train_samples, seed=seed,
                              repeat=True)
    seconds, ms = recipes.train(gan, data, steps)
    start = time.perf_counter()
    result = kerasgan.metrics.stacked_mnist_modes(gan.generate(samples, seed=10_000 + seed))
    return {"modes": result["modes"], "kl": result["kl"], "seconds": seconds,
            "ms_per_step": ms, "eval_seconds": time.perf_counter() - start}


def _mean_std(values, digits):
    values = np.asarray(values, float)
    return f"{values.mean():.{digits}f} ± {values.std():.{digits}f}"


def format_table(rows, budget, label="measured"):
    """Markdown table: measured rows {recipe: [run() dicts]}, then the published rows."""
    lines = ["| method | modes (of 1000) | KL(p ‖ uniform) | budget | source |",
             "|---|---:|---:|---|---|"]
    for name, results in rows.items():
        lines.append(f"| `{name}` ({label}, {len(results)} seed(s)) | "
                     f"{_mean_std([r['modes'] for r in results], 1)} | "
                     f"{_mean_std([r['kl'] for r in results], 2)} | {budget} | this run |")
    for source, name, modes, kl in PUBLISHED:
        paper = "10 Mimg, 32×32" if source.startswith("R3GAN") else "100k it., 26k samples"
        lines.append(f"| {name} (published) | {modes} | {kl} | {paper} | {source} |")
    return "\n".join(lines)


def header(steps, seeds, samples, filters, train_samples):
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
               f"keras {keras.__version__} ({keras.backend.backend()})")
    nets = ("the VEEGAN/PacGAN 28×28×3 DCGAN, gf = df = "
            f"{filters}" + ("" if filters == 64 else " (the paper: 64)"))
    return (f"Budget: {steps} iterations = {100 * steps / PAPER_ITERATIONS:.2g} % of the paper's "
            f"{PAPER_ITERATIONS:,}; {seeds} seeds (paper: 10); {samples:,} samples scored "
            f"(paper: {PAPER_SAMPLES:,}); {train_samples:,} training samples; networks: {nets}; "
            f"batch {recipes.PROTOCOL['batch_size']}, Adam(2e-4, β1 0.5), z ~ U(−1, 1)^100; "
            f"machine: {machine}.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 3 steps, 1 seed, 500 samples, filters 8, "
                             "3,000 training samples")
    parser.add_argument("--recipes", nargs="+", default=list(recipes.RECIPES),
                        help=f"default: all of {list(recipes.RECIPES)}")
    parser.add_argument("--steps", type=int, default=None,
                        help="training iterations per run (default 1000; paper 100,000)")
    parser.add_argument("--seeds", type=int, default=None, help="runs per recipe (default 2)")
    parser.add_argument("--samples", type=int, default=None,
                        help=f"samples scored (default {PAPER_SAMPLES:,}, the protocol's)")
    parser.add_argument("--filters", type=int, default=None,
                        help="gf = df of both networks (default 64, the protocol's)")
    args = parser.parse_args(argv)
    try:
        names = recipes.check_recipes(args.recipes)
    except ValueError as error:
        parser.error(str(error))
    quick = args.quick
    steps = args.steps or (3 if quick else 1000)
    seeds = args.seeds or (1 if quick else 2)
    samples = args.samples or (500 if quick else PAPER_SAMPLES)
    filters = args.filters or (8 if quick else 64)
    train_samples = 3000 if quick else TRAIN_SAMPLES
    for flag, value in (("--steps", steps), ("--seeds", seeds), ("--samples", samples),
                        ("--filters", filters)):
        if value < 1:
            parser.error(f"{flag} must be a positive integer. Received: {value}")
    recipes.PROTOCOL["filters"] = filters
    print(header(steps, seeds, samples, filters, train_samples) + ("  [SMOKE RUN]" if quick else ""))
    rows, total = {}, time.perf_counter()
    for name in names:
        rows[name] = [run(name, seed=s, steps=steps, samples=samples, train_samples=train_samples)
                      for s in range(seeds)]
        r = rows[name]
        print(f"{name:10s} modes {_mean_std([x['modes'] for x in r], 1)}, "
              f"KL {_mean_std([x['kl'] for x in r], 2)}; "
              f"{np.mean([x['ms_per_step'] for x in r]):.0f} ms/iteration (incl. first-call "
              f"compilation), {np.mean([x['eval_seconds'] for x in r]):.0f} s to score",
              flush=True)
    print(f"\n{time.perf_counter() - total:.0f} s in all.")
    budget = f"{steps} it. ({100 * steps / PAPER_ITERATIONS:.2g} %), {samples:,} samples"
    if filters != 64:
        budget += f", gf=df={filters}"
    print(format_table(rows, budget, "SMOKE RUN" if quick else "measured"))
    return rows


if __name__ == "__main__":
    main()
