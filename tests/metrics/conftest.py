import pytest

from kerasgan.metrics import digits_classifier


@pytest.fixture(scope="session")
def digits_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("kerasgan_cache")


@pytest.fixture(scope="session")
def digits_model(digits_cache):
    """The digits classifier, trained once per test session."""
    return digits_classifier(digits_cache)
