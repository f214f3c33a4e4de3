"""The contract every GANLoss honours (cases in tests/losses/cases.py)."""

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from tests.losses.cases import CASES, DOMAINS

REAL = np.array([2.0, -1.0, 0.5, 3.0], dtype="float32")
FAKE = np.array([-2.0, 0.3, -0.7, 1.5], dtype="float32")

ids = [c[0] for c in CASES]


def _inputs(name, x):
    """Maps test logits into the loss's input domain (energies are >= 0)."""
    return np.abs(x) if DOMAINS.get(name) == "energy" else x


def _extremes(name):
    return (100.0, 0.0) if DOMAINS.get(name) == "energy" else (100.0, -100.0)


def _values(loss, real, fake):
    step = kerasgan.Step.from_logits(real, fake)
    return (
        float(ops.convert_to_numpy(loss.discriminator_loss(step))),
        float(ops.convert_to_numpy(loss.generator_loss(step))),
    )


@pytest.mark.parametrize("name,factory,reference", CASES, ids=ids)
def test_known_values_on_fixed_logits(name, factory, reference):
    real, fake = _inputs(name, REAL), _inputs(name, FAKE)
    d, g = _values(factory(), real, fake)
    d_ref, g_ref = reference(real.astype("float64"), fake.astype("float64"))
    np.testing.assert_allclose([d, g], [d_ref, g_ref], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name,factory,reference", CASES, ids=ids)
def test_patch_logits_average_over_every_element(name, factory, reference):
    rng = np.random.default_rng(0)
    real = _inputs(name, rng.normal(size=(3, 4, 4, 1)).astype("float32"))
    fake = _inputs(name, rng.normal(size=(3, 4, 4, 1)).astype("float32"))
    d, g = _values(factory(), real, fake)
    d_ref, g_ref = reference(real.ravel().astype("float64"), fake.ravel().astype("float64"))
    np.testing.assert_allclose([d, g], [d_ref, g_ref], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name,factory,reference", CASES, ids=ids)
def test_float32_under_mixed_bfloat16(name, factory, reference):
    keras.config.set_dtype_policy("mixed_bfloat16")
    real = ops.cast(_inputs(name, REAL), "bfloat16")
    fake = ops.cast(_inputs(name, FAKE), "bfloat16")
    loss = factory()
    step = kerasgan.Step.from_logits(real, fake)
    for value in (loss.discriminator_loss(step), loss.generator_loss(step)):
        assert keras.backend.standardize_dtype(value.dtype) == "float32"
        assert ops.ndim(value) == 0


@pytest.mark.parametrize("name,factory,reference", CASES, ids=ids)
def test_serialization_round_trip(name, factory, reference):
    loss = factory()
    config = keras.saving.serialize_keras_object(loss)
    restored = keras.saving.deserialize_keras_object(config)
    assert type(restored) is type(loss)
    assert restored.get_config() == loss.get_config()
    real, fake = _inputs(name, REAL), _inputs(name, FAKE)
    assert _values(restored, real, fake) == pytest.approx(_values(loss, real, fake))
    assert kerasgan.losses.get(config).get_config() == loss.get_config()


@pytest.mark.parametrize("name,factory,reference", CASES, ids=ids)
def test_get_config_keys_are_init_arguments(name, factory, reference):
    import inspect

    loss = factory()
    params = set(inspect.signature(type(loss).__init__).parameters) - {"self"}
    assert set(loss.get_config()) <= params


@pytest.mark.parametrize("name,factory,reference", CASES, ids=ids)
def test_finite_gradients_at_extreme_logits(name, factory, reference):
    loss = factory()
    for extreme, other in (_extremes(name), _extremes(name)[::-1]):
        logits = np.full((4,), extreme, dtype="float32")
        others = np.full((4,), other, dtype="float32")

        def d_loss(real):
            return loss.discriminator_loss(kerasgan.Step.from_logits(real, others))

        def g_loss(fake):
            return loss.generator_loss(kerasgan.Step.from_logits(others, fake))

        def d_loss_on_fakes(fake):
            return loss.discriminator_loss(kerasgan.Step.from_logits(others, fake))

        from kerasgan import _backend

        grad_fn = _backend.current().input_gradient
        for fn in (d_loss, g_loss, d_loss_on_fakes):
            value = ops.convert_to_numpy(fn(ops.convert_to_tensor(logits)))
            grad = ops.convert_to_numpy(grad_fn(fn, ops.convert_to_tensor(logits)))
            assert np.isfinite(value)
            assert np.all(np.isfinite(grad))
