"""The MNIST classifier that judges Stacked-MNIST, shipped as a small weights file.

Plain Keras layers, so it loads and runs on every backend. The weights are
trained by `scripts/train_mnist_classifier.py` on the 60,000 MNIST training
images and ship inside the package
(`kerasgan/metrics/assets/mnist_classifier.weights.h5`).
"""

import os

import keras

WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "assets",
                       "mnist_classifier.weights.h5")
# The shipped weights' accuracy on the 10,000 MNIST test images, as measured
# by scripts/train_mnist_classifier.py (and re-checked by the test suite).
TEST_ACCURACY = 0.9949


def build_mnist_classifier():
    """The classifier's architecture, untrained: a small convnet (≈ 61k weights).

    Three 3×3 convolutions (16, 32, 64 filters, ReLU, "same" padding), each
    followed by 2×2 max pooling (28 → 14 → 7 → 3), then dropout, a 64-unit
    ReLU layer, dropout, and a 10-way softmax. Input: `(n, 28, 28, 1)`
    images in [-1, 1]; output: class probabilities `(n, 10)`.

    Returns:
        A `keras.Model` named "kerasgan_mnist_classifier".
    """
    layers = keras.layers
    inputs = keras.Input((28, 28, 1), name="images")
    x = inputs
    for i, filters in enumerate((16, 32, 64)):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"conv{i}")(x)
        x = layers.MaxPooling2D(2, name=f"pool{i}")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dropout(0.25, name="dropout0")(x)
    x = layers.Dense(64, activation="relu", name="features")(x)
    x = layers.Dropout(0.25, name="dropout1")(x)
    outputs = layers.Dense(10, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name="kerasgan_mnist_classifier")


def mnist_classifier(weights=None):
    """The shipped MNIST classifier (≥ 99 % test accuracy), ready to use.

    Trained by kerasgan (`scripts/train_mnist_classifier.py`), in the role
    that the Keras `mnist_cnn` example network plays in VEEGAN's and
    PacGAN's code: it labels each channel of a Stacked-MNIST sample. It is
    smaller (≈ 61k weights, a 260 kB file) so that 78,000 channels classify
    in seconds on a CPU.

    Example:

    ```python
    classifier = kerasgan.metrics.mnist_classifier()
    x, y = kerasgan.data.mnist_arrays("test")
    accuracy = (classifier.predict(x, batch_size=1000).argmax(1) == y).mean()
    ```

    Args:
        weights: Path of a `.weights.h5` file for `build_mnist_classifier()`.
            Defaults to None (the shipped file).

    Returns:
        A `keras.Model` mapping `(n, 28, 28, 1)` images in [-1, 1] to
        `(n, 10)` class probabilities.

    Reference:
        Srivastava et al., 2017, "VEEGAN", Section 5.2, and Lin et al., 2018,
        "PacGAN", Section 5.2 (modes of Stacked-MNIST counted with an MNIST
        classifier).
    """
    path = WEIGHTS if weights is None else os.fspath(weights)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"`weights` must be an existing .weights.h5 file of build_mnist_classifier(). "
            f"Received: weights={path!r}, which does not exist"
            + (" (the package was installed without its data: reinstall kerasgan)."
               if weights is None else ".")
        )
    model = build_mnist_classifier()
    model.load_weights(path)
    return model
