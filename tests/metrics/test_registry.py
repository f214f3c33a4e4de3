import pathlib
import re

import keras
import pytest

import kerasgan.metrics as metrics


def test_every_name_builds_the_metric_it_names(monkeypatch, digits_model, digits_cache):
    monkeypatch.setenv("KERASGAN_CACHE", str(digits_cache))  # reuse the session's classifier
    expected = {
        "fid": metrics.FID, "kid": metrics.KID, "is": metrics.InceptionScore,
        "pr": metrics.PrecisionRecall, "dc": metrics.DensityCoverage,
        "digits_score": metrics.ClassifierScore, "digits_fd": metrics.FrechetDistance,
        "ring": metrics.MixtureCoverage, "grid": metrics.MixtureCoverage,
        "stacked_mnist": metrics.StackedMNISTModes,
    }
    assert set(expected) == set(metrics.NAMES)
    for name, cls in expected.items():
        metric = metrics.get(name, inception_weights=None)
        assert type(metric) is cls and metric.name in (name, "inception_score")
    assert metrics.get("grid").num_modes == 25


def test_passthrough_dict_and_errors():
    ring = metrics.MixtureCoverage.ring()
    assert metrics.get(ring) is ring
    assert isinstance(metrics.get(keras.saving.serialize_keras_object(ring)), metrics.MixtureCoverage)
    with pytest.raises(ValueError, match="Valid names: fid, kid"):
        metrics.get("fidd")
    with pytest.raises(TypeError, match="`metric`"):
        metrics.get(3)


def test_metric_maths_imports_no_backend():
    root = pathlib.Path(metrics.__file__).parent
    pattern = re.compile(r"^\s*(import|from)\s+(tensorflow|jax|torch)\b", re.M)
    offenders = [p.name for p in root.glob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_public_names_are_exported():
    for name in metrics.__all__:
        assert hasattr(metrics, name)
