"""Mode-regularized GAN, BiGAN / ALI, MIX+GAN and representative features: the pieces.

Their paper claims are checked on toys in tests/test_behaviour_encoder_gans.py; these
tests check the wiring (who trains what), the errors and the serialization, on every
backend.
"""

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import models as M
from kerasgan import regularizers as R
from tests.conftest import ring_arrays


def _net(inp, out, name, units=8):
    return keras.Sequential([keras.Input((inp,)), keras.layers.Dense(units, activation="relu"),
                             keras.layers.Dense(out)], name=name)


def _fit(gan, regularizers, steps=2):
    gan.compile(keras.optimizers.Adam(1e-2), keras.optimizers.Adam(1e-2),
                regularizers=regularizers)
    x, _ = ring_arrays(16 * steps)
    gan.fit(x, batch_size=16, epochs=1, verbose=0)
    return gan


def _numpy(variables):
    return [np.array(ops.convert_to_numpy(v)) for v in variables]


def _changed(before, variables):
    return all(np.any(b != a) for b, a in zip(before, _numpy(variables)))


def test_mode_regularizers_train_the_encoder_with_the_generator_player():
    generator = M.EncodedGenerator(_net(2, 2, "g"), _net(2, 2, "e"))
    gan = kerasgan.GAN(generator, _net(2, 1, "d"), seed=0)
    encoder_before = _numpy(generator.encoder.trainable_variables)
    assert len(generator.trainable_variables) == 8  # G's and E's weights: one player
    _fit(gan, [R.GeometricRegularizer(0.2), R.ModeRegularizer(0.4)])
    assert _changed(encoder_before, generator.encoder.trainable_variables)
    logs = gan.get_metrics_result()
    assert logs["g/geometric_regularizer"] > 0 and logs["g/mode_regularizer"] > 0


def test_mixture_draws_each_component_with_its_weight():
    parts = [keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, kernel_initializer="zeros",
                                                                     bias_initializer=keras.initializers.Constant(k))])
             for k in range(3)]
    mixture = M.GeneratorMixture(parts, initial_logits=[0.0, 1.0, 2.0])
    z = np.random.default_rng(0).normal(size=(20000, 2)).astype("float32")
    out = ops.convert_to_numpy(mixture(z))[:, 0]
    share = np.bincount(np.rint(out).astype(int), minlength=3) / len(out)
    np.testing.assert_allclose(share, ops.convert_to_numpy(mixture.mixture_weights()), atol=0.015)


def test_mix_gan_moves_the_mixture_logits_and_logs_the_entropy():
    mixture = M.GeneratorMixture([_net(2, 2, f"g{i}") for i in range(3)])
    gan = kerasgan.GAN(mixture, _net(2, 1, "d"), seed=0)
    assert gan.latent_dim == 3
    _fit(gan, [R.MixGAN(entropy_weight=0.1)], steps=3)
    logits = ops.convert_to_numpy(mixture.mixture_logits)
    assert np.any(logits != 0.0)
    entropy = gan.get_metrics_result()["g/mix_gan_entropy"]
    assert 0.0 < entropy <= np.log(3) + 1e-6


def test_representative_features_keep_the_encoder_frozen():
    encoder = _net(2, 4, "enc")
    trunk_in = keras.Input((2,))
    h = keras.layers.Dense(8, activation="relu")(trunk_in)
    trunk = keras.Model(trunk_in, (keras.layers.Dense(1)(h), h))
    discriminator = M.representative_features(trunk, encoder)
    frozen = _numpy(encoder.weights)
    gan = kerasgan.GAN(_net(2, 2, "g"), discriminator, seed=0)
    _fit(gan, [])
    for before, after in zip(frozen, _numpy(encoder.weights)):
        np.testing.assert_array_equal(before, after)
    assert discriminator.get_layer("rf_logits").input.shape[-1] == 8 + 4


def test_configs_round_trip():
    for reg in (R.GeometricRegularizer(0.3), R.ModeRegularizer(0.5), R.BiGAN(2.0),
                R.MixGAN(0.5, entropy_weight=0.2)):
        back = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(reg))
        assert type(back) is type(reg) and back.get_config() == reg.get_config()
    z = np.random.default_rng(1).normal(size=(4, 3)).astype("float32")
    for model, inputs in (
        (M.EncodedGenerator(_net(2, 2, "g"), _net(2, 2, "e"), joint=True), z[:, :2]),
        (M.JointDiscriminator(_net(4, 1, "dj")), np.concatenate([z, z[:, :1]], 1)),
        (M.GeneratorMixture([_net(2, 2, "g0"), _net(2, 2, "g1")], initial_logits=[0.5, -0.5]), z),
    ):
        back = model.__class__.from_config(model.get_config())
        back.set_weights(model.get_weights())
        np.testing.assert_allclose(ops.convert_to_numpy(back(inputs)),
                                   ops.convert_to_numpy(model(inputs)), rtol=1e-6)


def test_bigan_pairs_reals_with_the_encoder_samples_from_g_and_saves(tmp_path):
    generator = M.EncodedGenerator(_net(2, 2, "g"), _net(2, 2, "e"), joint=True)
    gan = kerasgan.GAN(generator, M.JointDiscriminator(_net(4, 1, "dj")), latent_dim=2, seed=0)
    encoder_before = _numpy(generator.encoder.trainable_variables)
    _fit(gan, [R.BiGAN()])
    assert _changed(encoder_before, generator.encoder.trainable_variables)
    assert gan.generate(5, seed=0).shape == (5, 2)  # samples are x, not pairs
    assert gan.sampling_generator() is generator.generator
    z = np.random.default_rng(0).normal(size=(3, 2)).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(generator(z))[:, 2:], z)  # fake pair (G(z), z)
    gan.save(tmp_path / "bigan.keras")
    loaded = keras.models.load_model(tmp_path / "bigan.keras")
    x = ring_arrays(8)[0]
    np.testing.assert_allclose(ops.convert_to_numpy(loaded.generator.encoder(x)),
                               ops.convert_to_numpy(generator.encoder(x)), rtol=1e-6)
    assert [type(r) for r in loaded.objective.regularizers] == [R.BiGAN]
    np.testing.assert_allclose(loaded.generate(4, seed=3), gan.generate(4, seed=3), rtol=1e-6)


def test_bad_networks_raise_clear_errors():
    with pytest.raises(ValueError, match="encoder must map"):
        M.EncodedGenerator(_net(2, 2, "g"), _net(2, 3, "e"))
    with pytest.raises(ValueError, match="at least 2 generators"):
        M.GeneratorMixture([_net(2, 2, "g")])
    with pytest.raises(ValueError, match="initial_logits"):
        M.GeneratorMixture([_net(2, 2, "g0"), _net(2, 2, "g1")], initial_logits=[0.0])
    trunk = _net(2, 1, "trunk")
    with pytest.raises(ValueError, match="must return its features"):
        M.representative_features(trunk, _net(2, 4, "enc"))
    plain = kerasgan.GAN(_net(2, 2, "g"), _net(2, 1, "d"), seed=0)
    for reg, message in ((R.GeometricRegularizer(), "EncodedGenerator"), (R.BiGAN(), "joint=True"),
                         (R.MixGAN(), "GeneratorMixture")):
        with pytest.raises(ValueError, match=message):
            plain.compile(keras.optimizers.Adam(), keras.optimizers.Adam(), regularizers=[reg])
    joint = kerasgan.GAN(M.EncodedGenerator(_net(2, 2, "g"), _net(2, 2, "e"), joint=True),
                         _net(4, 1, "d4"), latent_dim=2, seed=0)
    with pytest.raises(ValueError, match="JointDiscriminator"):
        joint.compile(keras.optimizers.Adam(), keras.optimizers.Adam(), regularizers=[R.BiGAN()])
    with pytest.raises(ValueError, match="entropy_weight"):
        R.MixGAN(entropy_weight=-1.0)
