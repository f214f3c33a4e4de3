import keras
import numpy as np
import pytest

from kerasgan.metrics import FID, InceptionFeatures, InceptionScore
from kerasgan.metrics import inception as inception_module


def _offline(**kwargs):
    raise Exception(
        "URL fetch failure on https://storage.googleapis.com/...: None -- "
        "[Errno -3] Temporary failure in name resolution"
    )


def test_offline_imagenet_weights_raise_a_clear_error(monkeypatch):
    monkeypatch.setattr(keras.applications, "InceptionV3", _offline)
    fid = FID(InceptionFeatures())  # building is lazy: constructing never downloads
    with pytest.raises(OSError, match='weights="/path/to') as info:
        fid.update_state(np.zeros((2, 8, 8, 3)), np.zeros((2, 8, 8, 3)))
    assert "notop.h5" in str(info.value) and "name resolution" in str(info.value)
    with pytest.raises(OSError, match="kernels.h5"):
        InceptionScore(splits=1).update_state(np.zeros((2, 8, 8, 1)))


def test_images_outside_range_are_rejected():
    extract = InceptionFeatures(weights=None)
    with pytest.raises(ValueError, match=r"`images` must be scaled to \[-1, 1\].*127.5"):
        extract(np.full((2, 8, 8, 3), 255.0))
    with pytest.raises(ValueError, match="`images` must have shape"):
        extract(np.zeros((2, 8, 8)))
    assert extract._model is None  # rejected before building the network


def test_bad_weights_argument():
    with pytest.raises(ValueError, match="`weights`.*does not exist"):
        FID(weights="/nonexistent/inception.h5")
    with pytest.raises(TypeError, match="`weights`"):
        InceptionFeatures(weights=3)


@pytest.mark.slow  # InceptionV3 at 299 px: 94 s under JAX's CPU convolutions, TensorFlow run only
def test_pool_features_resize_and_local_weights_file(tmp_path, monkeypatch):
    built = []
    real_inception = keras.applications.InceptionV3

    def spy(**kwargs):
        built.append(kwargs)
        return real_inception(**kwargs)

    monkeypatch.setattr(keras.applications, "InceptionV3", spy)
    rng = np.random.default_rng(0)
    gray = rng.uniform(-1, 1, (3, 16, 16, 1)).astype("float32")
    extract = InceptionFeatures(weights=None, batch_size=2)
    features = extract(gray)
    assert features.shape == (3, 2048) and np.all(np.isfinite(features))
    assert built[0]["pooling"] == "avg" and built[0]["input_shape"] == (299, 299, 3)
    # Grayscale is repeated to RGB: the same as passing the RGB version.
    np.testing.assert_allclose(extract(np.repeat(gray, 3, -1)), features, rtol=1e-5, atol=1e-5)
    # A local weights file is loaded (same features as the model that wrote it).
    path = str(tmp_path / "inception_notop.weights.h5")
    extract.model.save_weights(path)
    again = InceptionFeatures(weights=path)
    np.testing.assert_allclose(again(gray), features, rtol=1e-4, atol=1e-4)
    assert built[1]["weights"] == path


def test_serialization_round_trip():
    fid = FID(weights=None, batch_size=8)  # the reference network, random weights
    assert set(fid.get_config()) == {"feature_extractor", "preprocess", "weights", "reference",
                                     "batch_size", "name"}
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(fid))
    assert isinstance(restored, FID) and restored.feature_extractor.batch_size == 8
    score = InceptionScore(weights=None, splits=4)
    assert set(score.get_config()) == {"weights", "splits", "batch_size", "name"}
    assert keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(score)).splits == 4
    feats = InceptionFeatures(weights=None, interpolation="bicubic", antialias=True)
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(feats))
    assert restored.get_config() == feats.get_config()
    assert inception_module.INPUT_SIZE == 299
