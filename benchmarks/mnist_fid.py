"""FID on MNIST with the reference network, beside Lucic et al. 2018's best MNIST FIDs.

Protocol here: the recipes of `stacked_mnist.py` (`benchmarks/_mnist_recipes.py`:
the VEEGAN/PacGAN 28×28 DCGAN with one channel, z ~ U(−1, 1)^100, Adam(2e-4, β1 0.5),
batch 64) trained at one stated budget; FID with `kerasgan.metrics.FID` (the
2015-12-05 Inception graph, pool_3, 2,048-d; gray repeated to RGB) of `--samples`
generated images (default 10,000) against the statistics of the first
`--reference-images` MNIST training images (default all 60,000), cached as an .npz
under `~/.keras/kerasgan/stats/` keyed by mode and count, so a rerun costs one pass
over the fakes. Floor rows: the MNIST test set (first `--samples` images) against the
same statistics, in both preprocessing modes ("legacy-tf", "clean").

Lucic et al. 2018 ("Are GANs Created Equal? A Large-Scale Study", NeurIPS 2018; code:
google/compare_gan v1, `src/eval_gan_lib.py` and `src/fid_score.py`) measure otherwise:
10,000 fakes against 10,000 *test* images (`eval_test_samples`), both as floats in
[0, 255] through TF-GAN's `preprocess_image` (bilinear resize to 299, no uint8 step)
and `run_inception` (pool_3 of the frozen 2015-12-05 graph), with the InfoGAN
architecture, and each figure is the *best* FID over a large hyperparameter search
and random restarts. So their rows are a lower envelope under another reference set;
ours are one configuration at a small budget. The header says so on every run.
It prints; it does not assert.

    python benchmarks/mnist_fid.py --quick                           # smoke run
    python benchmarks/mnist_fid.py --steps 2000 --samples 10000      # protocol-size FID
    python benchmarks/mnist_fid.py --floor-only --samples 10000      # the two floor rows
"""

import argparse
import os
import platform
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import keras  # noqa: E402

import kerasgan  # noqa: E402
from benchmarks import _mnist_recipes as recipes  # noqa: E402
from kerasgan.metrics.reference.weights import default_cache_dir  # noqa: E402

MODES = ("legacy-tf", "clean")
PROTOCOL_SAMPLES = 10_000
TRAIN_IMAGES = 60_000

#: Lucic et al. 2018, best FID on MNIST over their search (REFERENCE-NUMBERS.md).
PUBLISHED = [("NS GAN", "6.8"), ("WGAN", "6.7"), ("WGAN-GP", "20.3"), ("LSGAN", "7.8"),
             ("BEGAN", "13.1")]
PUBLISHED_PROTOCOL = ("10k fakes vs 10k test images, TF-GAN float bilinear resize, InfoGAN "
                      "nets, best of a large hyperparameter search")


_EXTRACTORS = {}


def extractor(mode):
    """One reference network per mode, built once (its weights load in ~1 min here)."""
    if mode not in _EXTRACTORS:
        _EXTRACTORS[mode] = kerasgan.metrics.reference_inception(mode)
    return _EXTRACTORS[mode]


def stats_path(mode, count):
    return os.path.join(default_cache_dir(), "stats", f"mnist_train_{mode}_{count}.npz")


def reference_stats(mode, count, batch=500):
    """Train-set statistics for `mode` from the first `count` images, cached as an .npz."""
    path = stats_path(mode, count)
    if os.path.isfile(path):
        return path, 0.0
    x, _ = kerasgan.data.mnist_arrays("train")
    start = time.perf_counter()
    batches = (x[i : i + batch] for i in range(0, count, batch))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore" if count <= 2048 else "default")
        kerasgan.metrics.save_reference_stats(
            path, kerasgan.metrics.compute_reference_stats(batches, feature_extractor=extractor(mode)))
    return path, time.perf_counter() - start


def fid_of(images_batches, mode, ref_path):
    """FID of a stream of image batches against the statistics at `ref_path`."""
    fid = kerasgan.metrics.FID(extractor(mode), reference=ref_path)
    start, n = time.perf_counter(), 0
    for batch in images_batches:
        fid.update_fake(batch)
        n += len(batch)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the header states small-sample bias
        value = float(fid.result())
    return value, n / (time.perf_counter() - start)


def _chunks(n, batch=500):
    for i in range(0, n, batch):
        yield min(batch, n - i)


def header(steps, seeds, samples, ref_images, filters):
    nets = f"VEEGAN/PacGAN 28×28×1 DCGAN, gf = df = {filters}"
    differs = []
    if samples != PROTOCOL_SAMPLES:
        differs.append(f"{samples:,} fakes (protocol 10,000)")
    if ref_images != TRAIN_IMAGES:
        differs.append(f"reference = first {ref_images:,} train images (protocol 60,000)")
    if samples <= 2048 or ref_images <= 2048:
        differs.append("≤ 2,048 samples: singular covariance, FID biased upward")
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
               f"keras {keras.__version__} ({keras.backend.backend()})")
    return (f"Budget: {steps} iterations per run, {seeds} seed(s); FID of {samples:,} fakes vs "
            f"the statistics of {ref_images:,} MNIST train images, reference Inception "
            f"(2015-12-05, pool_3); networks: {nets}; machine: {machine}.\n"
            f"Differs from our protocol: {'; '.join(differs) or 'no'}.\n"
            f"Lucic et al. 2018's rows use another protocol ({PUBLISHED_PROTOCOL}) and a "
            "budget we do not match: compare with care.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 3 steps, filters 8, 64 fakes, 128 reference images")
    parser.add_argument("--recipes", nargs="+", default=list(recipes.RECIPES))
    parser.add_argument("--steps", type=int, default=None, help="iterations (default 1000)")
    parser.add_argument("--seeds", type=int, default=None, help="runs per recipe (default 1)")
    parser.add_argument("--samples", type=int, default=None, help="fakes (default 10,000)")
    parser.add_argument("--reference-images", type=int, default=None,
                        help="train images in the reference statistics (default 60,000)")
    parser.add_argument("--filters", type=int, default=None, help="gf = df (default 64)")
    parser.add_argument("--floor-only", action="store_true", help="only the floor rows")
    parser.add_argument("--no-floor", action="store_true", help="skip the floor rows")
    args = parser.parse_args(argv)
    try:
        names = [] if args.floor_only else recipes.check_recipes(args.recipes)
    except ValueError as error:
        parser.error(str(error))
    q = args.quick
    steps, seeds = args.steps or (3 if q else 1000), args.seeds or 1
    samples = args.samples or (64 if q else PROTOCOL_SAMPLES)
    ref_images = args.reference_images or (128 if q else TRAIN_IMAGES)
    filters = args.filters or (8 if q else 64)
    for flag, value in (("--steps", steps), ("--seeds", seeds), ("--filters", filters)):
        if value < 1:
            parser.error(f"{flag} must be a positive integer. Received: {value}")
    if not 2 <= samples <= PROTOCOL_SAMPLES:
        parser.error(f"--samples must be in [2, 10000] (the test set). Received: {samples}")
    if not 2 <= ref_images <= TRAIN_IMAGES:
        parser.error(f"--reference-images must be in [2, 60000]. Received: {ref_images}")
    recipes.PROTOCOL["filters"] = filters
    print(header(steps, seeds, samples, ref_images, filters) + ("  [SMOKE RUN]" if q else ""))
    rows, total = [], time.perf_counter()
    modes = MODES if not args.no_floor else ("legacy-tf",)
    refs = {}
    for mode in modes if (names or not args.no_floor) else ():
        refs[mode], seconds = reference_stats(mode, ref_images)
        print(f"reference statistics ({mode}, {ref_images:,} images): {refs[mode]}"
              + (f" ({seconds:.0f} s, {ref_images / seconds:.1f} images/s)" if seconds else
                 " (cached)"), flush=True)
    if not args.no_floor:
        x_test, _ = kerasgan.data.mnist_arrays("test")
        for mode in MODES:
            value, rate = fid_of((x_test[i : i + 500] for i in range(0, samples, 500)), mode,
                                 refs[mode])
            rows.append((f"floor: MNIST test ({samples:,}) vs train", mode, f"{value:.2f}", "–"))
            print(f"floor {mode}: FID {value:.2f} ({rate:.1f} images/s)", flush=True)
    for name in names:
        values = []
        for seed in range(seeds):
            gan, _ = recipes.build(name, 1, seed)
            data = kerasgan.data.load("mnist", batch_size=recipes.PROTOCOL["batch_size"],
                                      seed=seed, repeat=True)
            _, ms = recipes.train(gan, data, steps)
            fakes = (gan.generate(n, seed=10_000 + seed + i) for i, n in enumerate(_chunks(samples)))
            value, rate = fid_of(fakes, "legacy-tf", refs["legacy-tf"])
            values.append(value)
            print(f"{name} seed {seed}: FID {value:.2f} ({ms:.0f} ms/iteration incl. compilation, "
                  f"{rate:.1f} images/s scored)", flush=True)
        text = f"{np.mean(values):.2f}" + (f" ± {np.std(values):.2f}" if seeds > 1 else "")
        rows.append((f"`{name}` ({'SMOKE RUN' if q else 'measured'}, {steps} it.)", "legacy-tf", text, "this run"))
    print(f"\n{time.perf_counter() - total:.0f} s in all.\n")
    print("| row | preprocess | FID | source |\n|---|---|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    for name, value in PUBLISHED:
        print(f"| {name} (published, best of search) | TF-GAN float | {value} | "
              "Lucic et al. 2018 |")
    return rows


if __name__ == "__main__":
    main()
