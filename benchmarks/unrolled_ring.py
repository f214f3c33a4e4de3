"""Unrolled GAN on the authors' 2-D demo (Metz et al. 2017, §3.1, Fig. 1).

The protocol of the authors' notebook (github.com/poolio/unrolled_gan,
`Unrolled GAN demo.ipynb`): a mixture of 8 Gaussians on the unit circle,
σ = 0.01 (8 distinct modes: the notebook's `linspace` repeats an endpoint);
G and D with 2 hidden layers of 128 tanh units; z 256-d standard normal;
batch 512; the minimax loss (D minimizes the cross-entropy, G maximizes it);
Adam with β1 = 0.5, ε = 1e-8, learning rate 1e-4 for D and 1e-3 for G; one D
update per G update, simultaneous (the notebook runs both players' train ops
in one `sess.run`, on one batch of data and of z); 25,000 iterations. G's loss is taken through K look-ahead
updates of D's own Adam (`UnrolledDiscriminator(K)`); K = 0 is the plain GAN.

Scores 2,500 samples with `kerasgan.metrics.MixtureCoverage.ring()` (modes
with at least one sample within 3σ, share of such samples). The paper's
claim (Fig. 1): with K = 0 the generator rotates between modes, with K = 5-10
it covers all of them. Prints one table row per run; does not assert.

    python benchmarks/unrolled_ring.py --unroll 0,5,10 --seeds 0,1 --iterations 25000
"""

import argparse
import time

import keras
import numpy as np

import kerasgan
from kerasgan import regularizers as R

LATENT_DIM = 256


def networks(units=128):
    g = keras.Sequential([keras.Input((LATENT_DIM,))]
                         + [keras.layers.Dense(units, activation="tanh") for _ in range(2)]
                         + [keras.layers.Dense(2)], name="generator")
    d = keras.Sequential([keras.Input((2,))]
                         + [keras.layers.Dense(units, activation="tanh") for _ in range(2)]
                         + [keras.layers.Dense(1)], name="discriminator")
    return g, d


def ring_samples(n, seed, *, num_modes=8, radius=1.0, std=0.01):
    rng = np.random.default_rng(seed)
    centers = kerasgan.metrics.mixture.ring_centers(num_modes, radius)
    return (centers[rng.integers(num_modes, size=n)]
            + std * rng.standard_normal((n, 2))).astype("float32")


def make_gan(unroll, seed, *, second_order=True, units=128, d_lr=1e-4, g_lr=1e-3,
             simultaneous=True, steps_per_execution=50, jit_compile=True):
    keras.utils.set_random_seed(seed)
    g, d = networks(units)
    gan = kerasgan.GAN(g, d, latent_dim=LATENT_DIM, seed=seed)
    hooks = [R.UnrolledDiscriminator(unroll, second_order=second_order)] if unroll else []
    gan.compile(
        keras.optimizers.Adam(g_lr, beta_1=0.5, epsilon=1e-8),
        keras.optimizers.Adam(d_lr, beta_1=0.5, epsilon=1e-8),
        loss="minimax", regularizers=hooks,
        schedule=kerasgan.Schedule.simultaneous() if simultaneous else None,
        jit_compile=jit_compile, steps_per_execution=steps_per_execution,
    )
    return gan


def train(gan, iterations, seed, batch_size=512, data_batches=500):
    data_batches = min(data_batches, iterations)
    """`iterations` updates of each player on fresh-enough ring batches."""
    x = ring_samples(batch_size * data_batches, seed + 1000)
    epochs, rest = divmod(iterations, data_batches)
    start = time.time()
    if epochs:
        gan.fit(x, batch_size=batch_size, epochs=epochs, verbose=0, shuffle=True)
    if rest:
        gan.fit(x[:rest * batch_size], batch_size=batch_size, epochs=1, verbose=0)
    return time.time() - start


def score(gan, n=2500):
    metric = kerasgan.metrics.MixtureCoverage.ring()
    metric.update_state(gan.generate(n, seed=0))
    result = metric.result()
    return int(result["modes"]), 100.0 * float(result["high_quality"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--unroll", default="0,5,10", help="comma-separated K values")
    parser.add_argument("--seeds", default="0,1")
    parser.add_argument("--iterations", type=int, default=25000)
    parser.add_argument("--report-every", type=int, default=5000,
                        help="also score (and print a row) every this many iterations")
    parser.add_argument("--first-order", action="store_true", help="second_order=False")
    parser.add_argument("--alternating", action="store_true",
                        help="D then G in each iteration (default: simultaneous, as the notebook)")
    args = parser.parse_args(argv)
    print(f"| K (unroll steps){' first-order' if args.first_order else ''}"
          f"{' alternating' if args.alternating else ''} | seed "
          f"| modes (of 8) | HQ % | iterations | ms/iteration |", flush=True)
    print("|---|---|---|---|---|---|", flush=True)
    for k in (int(v) for v in args.unroll.split(",")):
        for seed in (int(v) for v in args.seeds.split(",")):
            gan = make_gan(k, seed, second_order=not args.first_order,
                           simultaneous=not args.alternating)
            done, seconds = 0, 0.0
            while done < args.iterations:
                chunk = min(args.report_every, args.iterations - done)
                seconds += train(gan, chunk, seed + done)
                done += chunk
                modes, hq = score(gan)
                print(f"| {k} | {seed} | {modes} | {hq:.1f} | {done} "
                      f"| {1000 * seconds / done:.1f} |", flush=True)


if __name__ == "__main__":
    main()
