"""Trains the MNIST classifier that kerasgan ships for Stacked-MNIST mode counting.

Writes `kerasgan/metrics/assets/mnist_classifier.weights.h5` (or `--out`) and
prints its accuracy on the 10,000 MNIST test images. Training data: the 60,000
training images in [-1, 1] (offline copy or keras.datasets), with small random
shifts and rotations; Adam, a fixed seed. About 10 minutes on 2 CPU cores.

    python scripts/train_mnist_classifier.py
    python scripts/train_mnist_classifier.py --epochs 2 --out /tmp/c.weights.h5   # a quick try
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import keras  # noqa: E402
import numpy as np  # noqa: E402

from kerasgan.data import mnist_arrays  # noqa: E402
from kerasgan.metrics.mnist_net import WEIGHTS, build_mnist_classifier  # noqa: E402


def train(epochs, out, seed=0, batch_size=128):
    keras.utils.set_random_seed(seed)
    x_train, y_train = mnist_arrays("train")
    x_test, y_test = mnist_arrays("test")
    classifier = build_mnist_classifier()
    augment = keras.Sequential([
        keras.layers.RandomTranslation(0.08, 0.08, fill_mode="constant", fill_value=-1.0,
                                       seed=seed),
        keras.layers.RandomRotation(0.03, fill_mode="constant", fill_value=-1.0, seed=seed + 1),
    ], name="augment")
    inputs = keras.Input((28, 28, 1))
    trainer = keras.Model(inputs, classifier(augment(inputs)))
    steps = epochs * (len(x_train) // batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(2e-3, steps)
    trainer.compile(keras.optimizers.Adam(schedule), "sparse_categorical_crossentropy",
                    metrics=["accuracy"])
    start = time.time()
    trainer.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=2,
                validation_data=(x_test, y_test))
    predictions = classifier.predict(x_test, batch_size=1000, verbose=0).argmax(axis=1)
    accuracy = float(np.mean(predictions == y_test))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    classifier.save_weights(out)
    print(f"test accuracy {accuracy:.4f} ({int(np.sum(predictions != y_test))} errors of "
          f"{len(y_test)}), {classifier.count_params()} weights, {os.path.getsize(out)} bytes "
          f"at {out}, {time.time() - start:.0f} s on {keras.backend.backend()}")
    return accuracy


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=WEIGHTS)
    args = parser.parse_args(argv)
    train(args.epochs, args.out, seed=args.seed)


if __name__ == "__main__":
    main()
