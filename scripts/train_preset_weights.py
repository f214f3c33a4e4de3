"""Trains the weights that the "dcgan-digits" preset ships, and prints their quality.

    nice -n 10 python scripts/train_preset_weights.py            # writes kerasgan/presets/weights/
    python scripts/train_preset_weights.py --epochs 2 --out /tmp/w  # a quick try

The run is `make demo`'s: `GAN.from_preset("dcgan-digits", weights=False)` (WGAN-GP,
DCGAN networks with base width 32, Adam 2e-4, β = (0.5, 0.9)) trained for 30 epochs
on the bundled digits at 16×16, batch 32, seed 0, on the same repeating data stream
as `kerasgan train`. It writes the generator's and discriminator's weights
(`dcgan_digits.{generator,discriminator}.weights.h5`) and `dcgan_digits.json` with the
quality the bundled digits classifier (`kerasgan.metrics.digits_quality`) measures on
1,000 samples, beside the same figures for the untrained networks.
"""

import argparse
import os
import platform
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _line(label, q):
    return (f"{label}: mean confidence {q['confidence']:.3f} (real held-out digits {q['real_confidence']:.3f}), "
            f"{q['classes']}/10 classes (smallest share {q['min_class_share']:.1%}), "
            f"Fréchet distance {q['fd']:.2f} (real vs real {q['real_fd']:.2f})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="dcgan-digits")
    parser.add_argument("--epochs", type=int, default=None, help="default: the preset's (30)")
    parser.add_argument("--samples", type=int, default=1000, help="samples scored (default 1000)")
    parser.add_argument("--out", default=None, help="folder of the weights (default: kerasgan/presets/weights)")
    args = parser.parse_args(argv)
    import logging

    import keras

    import kerasgan

    logging.getLogger("tensorflow").setLevel(logging.ERROR)  # predict's retracing notes

    preset = kerasgan.presets.get(args.preset)
    epochs = args.epochs or preset.epochs
    keras.utils.set_random_seed(preset.seed)
    gan = kerasgan.GAN.from_preset(preset.name, weights=False)
    untrained = kerasgan.metrics.digits_quality(gan.generate(args.samples, seed=0))
    print(_line("untrained", untrained), flush=True)
    data = preset.dataset(repeat=True)
    start = time.time()
    gan.fit(data, epochs=epochs, steps_per_epoch=data.batches_per_pass, shuffle=False, verbose=2)
    seconds = time.time() - start
    quality = kerasgan.metrics.digits_quality(gan.generate(args.samples, seed=0))
    print(_line(f"after {epochs} epochs", quality))
    record = {
        "preset": preset.name, "epochs": epochs, "steps": int(gan.optimizer.iterations),
        "train_seconds": round(seconds, 1), "samples_scored": args.samples, "sample_seed": 0,
        "scorer": "kerasgan.metrics.digits_quality (bundled digits classifier)",
        "backend": keras.backend.backend(), "keras": keras.__version__, "python": platform.python_version(),
        "trained": quality, "untrained": untrained,
    }
    files = preset.save_weights(gan, args.out, quality=record)
    sizes = ", ".join(f"{os.path.basename(p)} {os.path.getsize(p) / 1024:.0f} KiB" for p in files.values())
    print(f"wrote {sizes} to {os.path.dirname(files['generator'])} ({seconds:.0f} s of training)")
    return quality


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
