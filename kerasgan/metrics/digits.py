"""A small digits classifier that kerasgan trains and caches itself.

It lets `ClassifierScore` and a classifier-feature Fréchet distance run
offline on the bundled scikit-learn digits, the way TF-GAN scores MNIST with
an MNIST classifier instead of Inception.
"""

import os

import keras
import numpy as np

VERSION = 1
FEATURES_LAYER = "features"
_SEED = 1234


def default_cache_dir():
    """`$KERASGAN_CACHE` if set, else `~/.cache/kerasgan`."""
    return os.environ.get("KERASGAN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "kerasgan")


def load_digits_split(test_fraction=0.2):
    """scikit-learn's 8×8 digits in [-1, 1] as `(x_train, y_train, x_test, y_test)`.

    Images have shape `(n, 8, 8, 1)` (pixel / 8 − 1, the scaling of
    `kerasgan.data.load("digits")`); the split is stratified with a fixed
    seed, so the held-out set is the same on every call.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.images.astype("float32") / 8.0 - 1.0)[..., None]
    y = digits.target.astype("int32")
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, y, test_size=test_fraction, stratify=y, random_state=_SEED
    )
    return x_tr, y_tr, x_te, y_te


def _build():
    init = lambda i: keras.initializers.GlorotUniform(seed=_SEED + i)  # noqa: E731
    inputs = keras.Input((None, None, 1), name="images")
    x = keras.layers.Resizing(8, 8, interpolation="bilinear", antialias=True)(inputs)
    x = keras.layers.Conv2D(32, 3, padding="same", activation="relu", kernel_initializer=init(0))(x)
    x = keras.layers.Conv2D(64, 3, strides=2, padding="same", activation="relu", kernel_initializer=init(1))(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(64, activation="relu", kernel_initializer=init(2), name=FEATURES_LAYER)(x)
    outputs = keras.layers.Dense(10, activation="softmax", kernel_initializer=init(3), name="probabilities")(x)
    return keras.Model(inputs, outputs, name="kerasgan_digits_classifier")


def digits_classifier(cache_dir=None, *, retrain=False, epochs=15, verbose=0):
    """Returns the digits classifier, training it (a few seconds) on first use.

    A tiny convnet (two convolutions, a 64-unit "features" layer, softmax over
    10 classes) trained on the training split of `load_digits_split()`; it
    reaches ≥ 95% held-out accuracy (about 98%). Its input is images in
    [-1, 1] of any size with one channel (resized to 8×8 with antialiasing),
    its output class probabilities. The trained model is cached as
    `digits_classifier_v1.keras` in `cache_dir` and loaded from there later.

    Example:

    ```python
    classifier = kerasgan.metrics.digits_classifier()
    score = kerasgan.metrics.ClassifierScore(classifier)
    ```

    Args:
        cache_dir: Directory of the cached model. Defaults to
            `$KERASGAN_CACHE` or `~/.cache/kerasgan`.
        retrain: Train again even if a cached model exists. Defaults to False.
        epochs: Training epochs. Defaults to 15.
        verbose: Keras `fit` verbosity. Defaults to 0.

    Returns:
        A `keras.Model` mapping `(n, h, w, 1)` images to `(n, 10)` probabilities.

    Reference:
        TF-GAN's MNIST evaluation (`mnist_score`, `mnist_frechet_distance`),
        which scores with a domain classifier rather than Inception.
    """
    cache_dir = default_cache_dir() if cache_dir is None else os.fspath(cache_dir)
    path = os.path.join(cache_dir, f"digits_classifier_v{VERSION}.keras")
    if os.path.exists(path) and not retrain:
        return keras.models.load_model(path)
    x_tr, y_tr, _, _ = load_digits_split()
    order = np.random.default_rng(_SEED).permutation(len(x_tr))
    model = _build()
    model.compile(keras.optimizers.Adam(2e-3), "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_tr[order], y_tr[order], batch_size=64, epochs=epochs, shuffle=False, verbose=verbose)
    os.makedirs(cache_dir, exist_ok=True)
    tmp = path + ".tmp.keras"
    model.save(tmp)
    os.replace(tmp, path)  # never leave a half-written cache file
    return model


def digits_feature_extractor(classifier=None, *, cache_dir=None):
    """The classifier's 64-d "features" layer as a feature extractor.

    Use it with `FrechetDistance` for a Fréchet classifier distance on
    digits (or with `KID`, `PrecisionRecall`, `DensityCoverage`).

    Example:

    ```python
    fd = kerasgan.metrics.FrechetDistance(kerasgan.metrics.digits_feature_extractor())
    ```

    Args:
        classifier: A model from `digits_classifier`. Defaults to
            `digits_classifier(cache_dir)`.
        cache_dir: Passed to `digits_classifier`. Defaults to None.

    Returns:
        A `keras.Model` mapping `(n, h, w, 1)` images to `(n, 64)` features.
    """
    classifier = classifier if classifier is not None else digits_classifier(cache_dir)
    return keras.Model(classifier.input, classifier.get_layer(FEATURES_LAYER).output,
                       name="kerasgan_digits_features")


def digits_quality(images, *, classifier=None, cache_dir=None):
    """How a digits GAN's samples look to the bundled digits classifier.

    The numbers `make demo` prints: the classifier's mean confidence (its top
    class probability, averaged over the samples; real held-out digits score
    about 0.99), the classes it finds (how many of the 10 get at least 5 % of
    the samples, and the smallest class share), and the Fréchet distance in its
    64-d features between the samples and the training split, beside the same
    distance for the held-out real digits (the real-vs-real floor).

    Example:

    ```python
    quality = kerasgan.metrics.digits_quality(gan.generate(1000, seed=0))
    print(f"{quality['confidence']:.2f}, FD {quality['fd']:.2f} (real {quality['real_fd']:.2f})")
    ```

    Args:
        images: Samples `(n, h, w, 1)` in [-1, 1] (any size; resized to 8×8).
        classifier: A model from `digits_classifier`. Defaults to the cached one.
        cache_dir: Passed to `digits_classifier`. Defaults to None.

    Returns:
        A dict: `confidence`, `classes` (int), `min_class_share`, `fd`,
        `real_fd`, `real_confidence`, `num_samples`.
    """
    from kerasgan.metrics.frechet import FrechetDistance

    images = np.asarray(images, dtype="float32")
    if images.ndim != 4 or images.shape[-1] != 1 or len(images) < 2:
        raise ValueError(
            "`images` must be at least 2 grayscale images of shape (n, h, w, 1) in [-1, 1]. "
            f"Received: shape {images.shape}"
        )
    classifier = classifier if classifier is not None else digits_classifier(cache_dir)
    x_train, _, x_test, _ = load_digits_split()
    probabilities = np.asarray(classifier.predict(images, batch_size=256, verbose=0))
    real_probabilities = np.asarray(classifier.predict(x_test, batch_size=256, verbose=0))
    shares = np.bincount(probabilities.argmax(axis=1), minlength=10) / len(images)
    fd = FrechetDistance(digits_feature_extractor(classifier))
    fd.update_real(x_train)
    fd.update_fake(x_test)
    real_fd = float(fd.result())
    fd.reset_fake()
    fd.update_fake(images)
    return {
        "confidence": float(probabilities.max(axis=1).mean()),
        "classes": int((shares >= 0.05).sum()),
        "min_class_share": float(shares.min()),
        "fd": float(fd.result()),
        "real_fd": real_fd,
        "real_confidence": float(real_probabilities.max(axis=1).mean()),
        "num_samples": int(len(images)),
    }
