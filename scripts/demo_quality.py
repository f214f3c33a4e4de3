"""Prints how good a trained digits GAN's samples are (what `make demo` ends with).

    python scripts/demo_quality.py runs/demo/gan.keras [--samples 1000]

The bundled digits classifier (`kerasgan.metrics.digits_quality`) scores the
samples: mean confidence, classes found, and the Fréchet distance in its
features against the training digits, beside real held-out digits' figures.
"""

import argparse
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", help="a saved GAN (.keras)")
    parser.add_argument("--samples", type=int, default=1000, help="samples scored (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.samples < 2:
        parser.error(f"--samples must be at least 2. Received: {args.samples}")
    if not os.path.isfile(args.model):
        parser.error(f"--model: no file at {args.model!r}. Train first (`make demo`).")
    import keras

    import kerasgan

    gan = keras.models.load_model(args.model)
    q = kerasgan.metrics.digits_quality(gan.generate(args.samples, seed=args.seed))
    print(f"Sample quality ({q['num_samples']} samples, bundled digits classifier):")
    print(f"  mean confidence  {q['confidence']:.3f}   (real held-out digits: {q['real_confidence']:.3f})")
    print(f"  classes found    {q['classes']}/10   (smallest class share {q['min_class_share']:.1%})")
    print(f"  Fréchet distance {q['fd']:.2f}   (real vs real: {q['real_fd']:.2f}; "
          f"ratio {q['fd'] / q['real_fd']:.1f}×)")
    return q


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
