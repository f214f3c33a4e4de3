"""WGAN-GP's critic steps on one real batch or on fresh minibatches (Algorithm 1).

WGAN-GP's Algorithm 1 samples a new real minibatch for each of its n_critic = 5
critic iterations; kerasgan's default schedule reuses the step's batch for all
of them. This trains the `"wgan-gp"` preset on the 2-D ring (and grid) under the
PacGAN protocol of `benchmarks/mixture_quality.py` both ways — the same generator
steps, the same minibatch size m = 100, so "fresh" reads 5× the real samples —
and prints modes / high-quality % / reverse KL and the wall time. It prints; it
does not assert.

    python benchmarks/fresh_real.py                   # ring, 2,500 steps, 2 seeds
    python benchmarks/fresh_real.py --configs ring grid --steps 5000 --seeds 3
"""

import argparse
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import kerasgan  # noqa: E402
from benchmarks.mixture_quality import PROTOCOL, run, summarize  # noqa: E402

N_CRITIC = 5


def rows():
    """Row name -> (objective factory, batch size of the `fit` batches)."""
    m = PROTOCOL["batch_size"]
    fresh = kerasgan.Schedule.alternating(N_CRITIC, fresh_real=True)
    return {
        "wgan-gp, one batch for 5 critic steps (default)": (lambda: "wgan-gp", m),
        "wgan-gp, 5 fresh minibatches (Alg. 1)": (
            lambda: kerasgan.Objective("wgan-gp", schedule=fresh), N_CRITIC * m),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--configs", nargs="*", default=["ring"])
    parser.add_argument("--steps", type=int, default=2500)
    parser.add_argument("--seeds", type=int, default=2)
    args = parser.parse_args(argv)
    print(f"# {args.steps} generator steps, seeds 0..{args.seeds - 1}, minibatch "
          f"{PROTOCOL['batch_size']}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs")
    print("| schedule | data | modes | HQ % | reverse KL | s / run |")
    print("|---|---|---|---|---|---|")
    for name, (factory, batch) in rows().items():
        for config in args.configs:
            results = [run(config, factory, seed=s, steps=args.steps, batch_size=batch)
                       for s in range(args.seeds)]
            modes, hq, kl = summarize(results)
            seconds = sum(r["seconds"] for r in results) / len(results)
            print(f"| {name} | {config} | {modes} | {hq} | {kl} | {seconds:.0f} |", flush=True)


if __name__ == "__main__":
    main()
