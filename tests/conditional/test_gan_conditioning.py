import keras
import numpy as np
import pytest

import kerasgan
from kerasgan import priors
from kerasgan.regularizers import AuxiliaryClassification, MutualInformation
from tests.conditional import _setups as S

RING_X, RING_Y = kerasgan.data.sample_mixture("ring", 1_000, seed=0)


def _opts():
    return keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3)


def _cgan(**kwargs):
    gan = kerasgan.GAN(*S.cgan_pair(units=8), seed=0, **kwargs)
    gan.compile(*_opts())
    return gan


def test_generate_with_labels_routes_them_to_the_generator():
    gan = _cgan()
    z = keras.ops.convert_to_numpy(gan.prior.sample(6, seed=2))
    labels = np.array([0, 1, 2, 3, 4, 7], "int32")
    expected = keras.ops.convert_to_numpy(gan.generator([z, labels[:, None]], training=False))
    np.testing.assert_allclose(gan.generate(6, seed=2, labels=labels), expected, rtol=1e-6)
    one = gan.generate(6, seed=2, labels=3)
    np.testing.assert_allclose(one, gan.generate(6, seed=2, labels=np.full(6, 3)), rtol=1e-6)
    assert not np.allclose(one, gan.generate(6, seed=2, labels=np.full(6, 4)))


def test_label_errors_name_labels():
    gan = _cgan()
    with pytest.raises(ValueError, match="labels"):
        gan.generate(4, labels=[0, 1, 2, 8])  # out of range for 8 classes
    with pytest.raises(ValueError, match="labels"):
        gan.generate(4, labels=[-1, 0, 0, 0])
    with pytest.raises(TypeError, match="labels"):
        gan.generate(4, labels=[0.0, 1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="labels"):
        gan.generate(4, labels=[0, 1])
    with pytest.raises(ValueError, match="labels"):
        gan.generate(4)  # conditional needs labels
    g, d = kerasgan.models.mlp(2, 2, hidden_units=(8,), discriminator_units=(8,))
    plain = kerasgan.GAN(g, d)
    with pytest.raises(ValueError, match="labels"):
        plain.generate(4, labels=[0, 1, 2, 3])


def test_conditional_fit_needs_integer_labels():
    gan = _cgan()
    with pytest.raises(ValueError, match="labels"):
        gan.fit(RING_X, batch_size=100, epochs=1, verbose=0)
    with pytest.raises(TypeError, match="labels"):
        gan.fit(RING_X, RING_Y.astype("float32"), batch_size=100, epochs=1, verbose=0)


def test_fakes_take_the_batch_labels_and_training_updates_label_embeddings():
    gan = _cgan()
    before = keras.ops.convert_to_numpy(gan.generator.get_layer("g_label_embedding").embeddings)
    gan.fit(RING_X, RING_Y, batch_size=100, epochs=1, verbose=0)
    after = keras.ops.convert_to_numpy(gan.generator.get_layer("g_label_embedding").embeddings)
    assert not np.allclose(before, after)


def test_acgan_on_unlabeled_data_and_infogan_without_codes_get_clear_errors():
    gan = kerasgan.GAN(*S.acgan_pair(units=8))
    gan.compile(*_opts(), regularizers=[AuxiliaryClassification()])
    with pytest.raises(ValueError, match="labels"):
        gan.fit(RING_X, batch_size=100, epochs=1, verbose=0)
    g, d = kerasgan.models.mlp(2, 4, hidden_units=(8,), discriminator_units=(8,))
    plain = kerasgan.GAN(g, d)
    with pytest.raises(ValueError, match="prior"):
        plain.compile(*_opts(), regularizers=[MutualInformation()])
    with pytest.raises(ValueError, match="codes"):
        plain.generate(4, codes=1)


def test_acgan_head_loss_decreases_in_a_short_run():
    gan = kerasgan.GAN(*S.acgan_pair(units=16), seed=0)
    x, y = kerasgan.data.sample_mixture("ring", 4_000, seed=1)
    history = S.compile_and_fit(gan, x, y, epochs=3, lr=3e-3, regularizers=[AuxiliaryClassification()])
    ce = history.history["d/auxiliary_classification"]
    assert ce[-1] < 0.5 * ce[0], ce


def test_infogan_generate_fixes_codes_and_saves(tmp_path):
    prior = priors.Joint(noise=priors.Normal(2), code=[priors.Categorical(8), priors.Uniform(1)])
    gan = kerasgan.GAN(*S.infogan_pair(prior, units=8), prior=prior, seed=0)
    gan.compile(*_opts(), regularizers=[MutualInformation()])
    history = gan.fit(RING_X, batch_size=100, epochs=1, verbose=0)
    assert np.isfinite(history.history["g/mutual_information_bound"][0])
    z = prior.fix_codes(prior.sample(5, seed=4), [6, -0.5])
    expected = keras.ops.convert_to_numpy(gan.generator(z, training=False))
    np.testing.assert_allclose(gan.generate(5, seed=4, codes=[6, -0.5]), expected, rtol=1e-6)
    path = str(tmp_path / "info.keras")
    gan.save(path)
    loaded = keras.models.load_model(path, safe_mode=True)
    assert isinstance(loaded.prior, priors.Joint) and loaded.prior.get_config() == prior.get_config()
    np.testing.assert_array_equal(loaded.generate(5, seed=4, codes=[6, None]), gan.generate(5, seed=4, codes=[6, None]))


def test_export_of_a_conditional_gan_serves_z_and_labels(tmp_path):
    import tensorflow as tf

    gan = _cgan()
    served = tf.saved_model.load(gan.export(str(tmp_path / "generator")))
    z = np.random.default_rng(1).normal(size=(4, 2)).astype("float32")
    labels = np.array([7, 0, 3, 3], "int32")
    out = served.serve(tf.constant(z), tf.constant(labels)).numpy()
    np.testing.assert_allclose(out, gan._generate_from(z, labels, 256), rtol=1e-5, atol=1e-6)
    with pytest.raises((TypeError, ValueError)):
        served.serve(tf.constant(z))  # the labels are part of the signature


def test_cli_sample_label_errors_are_clear(tmp_path, capsys):
    from kerasgan import cli

    conditional = _cgan()
    conditional.save(str(tmp_path / "c.keras"))
    g, d = kerasgan.models.mlp(2, 2, hidden_units=(8,), discriminator_units=(8,))
    plain = kerasgan.GAN(g, d)
    plain.compile(*_opts())
    plain.save(str(tmp_path / "u.keras"))
    out = str(tmp_path / "s.npy")
    assert cli.main(["sample", "--model", str(tmp_path / "c.keras"), "--label", "8", "--n", "4", "--out", out]) == 2
    assert "labels" in capsys.readouterr().err
    assert cli.main(["sample", "--model", str(tmp_path / "c.keras"), "--n", "4", "--out", out]) == 2
    assert "labels" in capsys.readouterr().err
    assert cli.main(["sample", "--model", str(tmp_path / "u.keras"), "--label", "3", "--n", "4", "--out", out]) == 2
    assert "unconditional" in capsys.readouterr().err
    assert cli.main(["sample", "--model", str(tmp_path / "c.keras"), "--label", "7", "--n", "4", "--out", out]) == 0
    assert np.load(out).shape == (4, 2)
