"""Bad input gets a clear error naming the argument, before any training."""

import warnings

import keras
import numpy as np
import pytest
from keras import layers

import kerasgan
from tests.conftest import ring_arrays, tiny_mlp_pair


def _opts():
    return keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3)


def test_unknown_loss_name_lists_valid_names():
    gan = kerasgan.GAN(*tiny_mlp_pair())
    with pytest.raises(ValueError) as err:
        gan.compile(*_opts(), loss="wgangp")
    assert "wgangp" in str(err.value) and "wgan-gp" in str(err.value) and "non-saturating" in str(err.value)


def test_generator_output_must_match_discriminator_input():
    g, _ = tiny_mlp_pair(data_dim=2)
    _, d = tiny_mlp_pair(data_dim=3)
    with pytest.raises(ValueError) as err:
        kerasgan.GAN(g, d)
    message = str(err.value)
    assert "generator output" in message and "discriminator input" in message
    assert "(None, 2)" in message and "(None, 3)" in message


def test_latent_dim_must_agree_with_the_generator():
    with pytest.raises(ValueError, match="latent_dim"):
        kerasgan.GAN(*tiny_mlp_pair(latent_dim=2), latent_dim=8)
    with pytest.raises(ValueError, match="latent_dim"):
        kerasgan.GAN(*tiny_mlp_pair(), latent_dim=0)
    with pytest.raises(ValueError, match="prior"):
        kerasgan.GAN(*tiny_mlp_pair(latent_dim=2), prior=kerasgan.priors.Normal(3))


def test_networks_must_be_keras_models():
    with pytest.raises(TypeError, match="generator"):
        kerasgan.GAN(lambda z: z, tiny_mlp_pair()[1])
    with pytest.raises(TypeError, match="discriminator"):
        kerasgan.GAN(tiny_mlp_pair()[0], "d")


@pytest.mark.parametrize(
    "data,kind,fragment",
    [
        (np.zeros((64, 3), "float32"), ValueError, "sample shape"),
        (np.zeros((64, 2, 1), "float32"), ValueError, "sample shape"),
        (np.zeros((64, 2), "int32"), TypeError, "dtype"),
    ],
    ids=["wrong-width", "wrong-rank", "wrong-dtype"],
)
def test_wrong_data_is_rejected_before_training(data, kind, fragment):
    gan = kerasgan.GAN(*tiny_mlp_pair())
    gan.compile(*_opts())
    weights = [w.numpy() for w in gan.generator.weights]
    with pytest.raises(kind, match=fragment):
        gan.fit(data, batch_size=32, epochs=1, verbose=0)
    for before, after in zip(weights, gan.generator.weights):
        np.testing.assert_array_equal(before, after.numpy())


def test_fit_before_compile():
    gan = kerasgan.GAN(*tiny_mlp_pair())
    with pytest.raises(ValueError, match="compile"):
        gan.fit(ring_arrays(64)[0], batch_size=32, epochs=1, verbose=0)


@pytest.mark.parametrize(
    "kwargs,kind,name",
    [
        ({"discriminator_steps": 0}, ValueError, "discriminator_steps"),
        ({"discriminator_steps": -2}, ValueError, "discriminator_steps"),
        ({"discriminator_steps": 1.5}, TypeError, "discriminator_steps"),
        ({"steps_per_execution": 0}, ValueError, "steps_per_execution"),
        ({"jit_compile": "yes"}, ValueError, "jit_compile"),
    ],
)
def test_compile_rejects_bad_counts(kwargs, kind, name):
    gan = kerasgan.GAN(*tiny_mlp_pair())
    with pytest.raises(kind, match=name):
        gan.compile(*_opts(), **kwargs)


def test_compile_rejects_bad_optimizers():
    gan = kerasgan.GAN(*tiny_mlp_pair())
    opt = keras.optimizers.Adam()
    with pytest.raises(ValueError, match="g_optimizer"):
        gan.compile(opt, opt)
    with pytest.raises(TypeError, match="d_optimizer"):
        gan.compile(keras.optimizers.Adam(), "adam")


def test_negative_weights_are_rejected():
    with pytest.raises(ValueError, match="weight"):
        kerasgan.regularizers.GradientPenalty(weight=-0.1)


def test_generate_rejects_bad_counts_and_labels():
    gan = kerasgan.GAN(*tiny_mlp_pair())
    with pytest.raises(ValueError, match="`n`"):
        gan.generate(0)
    with pytest.raises(ValueError, match="labels"):
        gan.generate(4, labels=[0, 1, 2, 3])


def test_save_needs_keras_extension(tmp_path):
    gan = kerasgan.GAN(*tiny_mlp_pair())
    with pytest.raises(ValueError, match="filepath"):
        gan.save(str(tmp_path / "gan.h5"))
    with pytest.raises(ValueError, match="format"):
        gan.export(str(tmp_path / "g"), format="onnx")


def _conditional_gan():
    g, d = kerasgan.models.mlp(2, 2, num_classes=3, hidden_units=(8,))
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(*_opts(), loss="non-saturating")
    return gan


def test_fit_rejects_array_labels_outside_the_classes_before_training():
    # Out-of-range labels do not fail inside a compiled step (XLA clamps the
    # gather): they must be caught before training, and no weight may move.
    gan = _conditional_gan()
    x = np.random.default_rng(0).normal(size=(8, 2)).astype("float32")
    before = [w.copy() for w in gan.generator.get_weights()]
    for bad in (np.arange(8) % 5, np.arange(8) % 3 - 1):
        with pytest.raises(ValueError) as err:
            gan.fit(x, bad, batch_size=4, epochs=1, verbose=0)
        message = str(err.value)
        assert "`y`" in message and "[0, 2]" in message and "num_classes" in message
    assert all(np.array_equal(a, b) for a, b in zip(before, gan.generator.get_weights()))
    gan.fit(x, np.arange(8) % 3, batch_size=4, epochs=1, verbose=0)  # in range: trains


def test_fit_fails_on_a_dataset_batch_with_labels_outside_the_classes():
    import tensorflow as tf

    gan = _conditional_gan()
    x = np.random.default_rng(0).normal(size=(8, 2)).astype("float32")
    good = tf.data.Dataset.from_tensor_slices((x, np.arange(8) % 3)).batch(4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gan.fit(good, epochs=1, verbose=0)
    # Keras warns that `shuffle=True` (its default) is ignored for a dataset; GAN.fit
    # passes shuffle=False for datasets, so a plain fit(dataset) says nothing about it.
    assert not [w for w in caught if "shuffle" in str(w.message)]
    bad_second_batch = np.array([0, 1, 2, 0, 1, 2, 7, 0])
    bad = tf.data.Dataset.from_tensor_slices((x, bad_second_batch)).batch(4)
    with pytest.raises(Exception, match=r"labels must lie in \[0, 2\]"):
        gan.fit(bad, epochs=1, verbose=0)
