"""Soak: train with a checkpoint save every epoch for a long time and sample RSS.

What `kerasgan train` does (DCGAN on the digits, a sample grid, CSV log and a
`Checkpoint` save at every epoch end), with short epochs so that a 30-minute
run makes hundreds of saves. The resident set size (VmRSS) is read after every
epoch; the table gives it at the start, after 10 minutes and at the end, and the
growth per save (least-squares slope over the second half of the run).

    nice -n 10 python benchmarks/soak.py --minutes 35 --out runs/soak > soak.log
"""

import argparse
import json
import os
import time


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise OSError("no VmRSS in /proc/self/status")


def slope(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else 0.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=35.0)
    parser.add_argument("--steps-per-epoch", type=int, default=5)
    parser.add_argument("--out", default="runs/soak")
    parser.add_argument("--without", default="", help="comma-separated callbacks left out, to find a leak: "
                        "checkpoint, grid, csv")
    args = parser.parse_args(argv)

    import keras

    import kerasgan

    keras.utils.set_random_seed(0)
    ds = kerasgan.data.load("digits", batch_size=32, image_size=16, seed=0, repeat=True)
    generator, discriminator = kerasgan.models.dcgan((16, 16, 1), 64, base_filters=16)
    gan = kerasgan.GAN(generator, discriminator, 64, seed=0)
    gan.compile(keras.optimizers.Adam(2e-4, beta_1=0.5), keras.optimizers.Adam(2e-4, beta_1=0.5))
    samples = []
    start = time.time()

    class Sample(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            samples.append((time.time() - start, epoch + 1, rss_mb()))
            if samples[-1][0] > args.minutes * 60:
                self.model.stop_training = True

    checkpoint = kerasgan.callbacks.Checkpoint(os.path.join(args.out, "gan.keras"))
    chosen = {"grid": kerasgan.callbacks.SampleGrid(os.path.join(args.out, "grids"), seed=0),
              "checkpoint": checkpoint,
              "csv": keras.callbacks.CSVLogger(os.path.join(args.out, "history.csv"))}
    callbacks = [c for name, c in chosen.items() if name not in args.without.split(",")] + [Sample()]
    os.makedirs(args.out, exist_ok=True)
    samples.append((0.0, 0, rss_mb()))
    gan.fit(ds, epochs=10**6, steps_per_epoch=args.steps_per_epoch, callbacks=callbacks, verbose=0)

    def at(seconds):
        return min(samples, key=lambda s: abs(s[0] - seconds))

    half = samples[len(samples) // 2:]  # per epoch (= per save when saving)
    per_save = slope([s[1] for s in half], [s[2] for s in half])
    first_after = samples[1]
    report = {
        "minutes": samples[-1][0] / 60, "epochs": samples[-1][1], "saves": len(checkpoint.saved_epochs),
        "without": args.without,
        "rss_first_epoch_mb": first_after[2], "rss_10_min_mb": at(600)[2], "rss_end_mb": samples[-1][2],
        "growth_per_save_second_half_mb": per_save,
        "growth_10_min_to_end_per_save_mb": (samples[-1][2] - at(600)[2]) / max(1, samples[-1][1] - at(600)[1]),
    }
    with open(os.path.join(args.out, "soak.json"), "w") as f:
        json.dump({"report": report, "samples": samples}, f)
    print(json.dumps(report, indent=2))
    print("| | time | saves | RSS (MB) |\n|---|---|---|---|")
    for label, s in (("start (after epoch 1)", first_after), ("after 10 min", at(600)), ("end", samples[-1])):
        print(f"| {label} | {s[0] / 60:.1f} min | {s[1]} | {s[2]:.1f} |")


if __name__ == "__main__":
    main()
