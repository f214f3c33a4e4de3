import os

import keras
import numpy as np
import pytest

from kerasgan.metrics import (
    ClassifierScore,
    FrechetDistance,
    digits_classifier,
    digits_feature_extractor,
    load_digits_split,
)


def test_held_out_accuracy_at_least_95_percent(digits_model):
    _, _, x_test, y_test = load_digits_split()
    accuracy = np.mean(np.argmax(digits_model.predict(x_test, verbose=0), 1) == y_test)
    assert accuracy >= 0.95
    # Also on digits resized to 32x32 (the classifier resizes back to 8x8).
    big = keras.ops.convert_to_numpy(keras.ops.image.resize(x_test, (32, 32)))
    assert np.mean(np.argmax(digits_model.predict(big, verbose=0), 1) == y_test) >= 0.95


def test_cached_model_is_reused(digits_model, digits_cache):
    path = os.path.join(digits_cache, "digits_classifier_v1.keras")
    mtime = os.path.getmtime(path)
    loaded = digits_classifier(digits_cache)
    assert os.path.getmtime(path) == mtime
    x = load_digits_split()[2][:5]
    np.testing.assert_allclose(loaded.predict(x, verbose=0), digits_model.predict(x, verbose=0), atol=1e-6)


def test_real_digits_score_well_and_a_bad_generator_scores_worse(digits_model):
    x_train, _, x_test, _ = load_digits_split()
    rng = np.random.default_rng(0)
    noise = rng.uniform(-1, 1, x_test.shape).astype("float32")  # an untrained generator
    collapsed = np.repeat(x_test[:1], len(x_test), axis=0)  # a mode-collapsed one

    score = ClassifierScore(digits_model, splits=5)
    real_is = score(x_test)["mean"]
    assert real_is > 8.0  # best possible: 10
    assert score(collapsed)["mean"] < 1.5
    assert score(noise)["mean"] < real_is - 3

    features = digits_feature_extractor(digits_model)
    fd = FrechetDistance(features)
    fd.update_real(x_train)
    fd.update_fake(x_test)
    real_vs_real = fd.result()
    fd.reset_fake()
    fd.update_fake(noise)
    real_vs_noise = fd.result()
    assert real_vs_noise > 10 * real_vs_real


def test_digits_quality_scores_real_digits_high_and_a_collapsed_set_low(digits_model):
    from kerasgan.metrics import digits_quality

    _, _, x_test, _ = load_digits_split()
    real = digits_quality(x_test, classifier=digits_model)
    assert real["confidence"] > 0.9 and real["classes"] == 10
    assert real["fd"] == pytest.approx(real["real_fd"], rel=1e-6)
    collapsed = digits_quality(np.repeat(x_test[:1], 200, axis=0), classifier=digits_model)
    assert collapsed["classes"] == 1 and collapsed["min_class_share"] == 0.0
    assert collapsed["fd"] > 10 * real["real_fd"]
    with pytest.raises(ValueError, match="`images`"):
        digits_quality(np.zeros((4, 8, 8, 3), "float32"), classifier=digits_model)
