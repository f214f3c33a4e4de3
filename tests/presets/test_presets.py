"""Model presets: `GAN.from_preset(name)` gives networks, objective, optimizers and weights."""

import json
import re
import socket

import keras
import numpy as np
import pytest

import kerasgan
from kerasgan import presets
from kerasgan.objective import Objective

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("name", presets.list_presets())
def test_every_preset_builds_a_compiled_gan_and_its_config_round_trips(name):
    preset = presets.get(name)
    gan = kerasgan.GAN.from_preset(name, weights=False)
    assert isinstance(gan, kerasgan.GAN) and isinstance(gan.objective, Objective)
    assert tuple(gan.generator.outputs[0].shape[1:]) == preset.sample_shape
    assert gan.latent_dim == preset.latent_dim and gan.seed == preset.seed
    expected_steps = preset.discriminator_steps or kerasgan.objective.get(preset.loss).schedule.discriminator_steps
    assert gan.discriminator_steps == expected_steps
    for optimizer, config in ((gan.g_optimizer, preset.g_optimizer), (gan.d_optimizer, preset.d_optimizer)):
        assert type(optimizer).__name__ == config["class_name"]
        assert float(optimizer.beta_1) == config["config"]["beta_1"]
    assert gan.g_optimizer is not gan.d_optimizer
    # The preset itself: a Keras-serializable object whose config equals its arguments.
    again = keras.saving.deserialize_keras_object(json.loads(json.dumps(keras.saving.serialize_keras_object(preset))))
    assert isinstance(again, presets.Preset) and again.get_config() == preset.get_config()
    # get() hands out copies: changing one does not change the registry.
    preset.model_args["base_filters"] = 1
    assert presets.get(name).model_args.get("base_filters") != 1


def test_the_registry_names_and_the_architectures_are_what_they_say():
    assert {"dcgan-digits", "sngan-hinge-32", "r3gan-mnist", "wgan-gp-ring"} <= set(presets.list_presets())
    sngan = kerasgan.GAN.from_preset("sngan-hinge-32", weights=False)
    assert type(sngan.objective.loss).__name__ == "HingeLoss" and sngan.discriminator_steps == 5
    assert any(isinstance(layer, kerasgan.layers.SpectralNormalization) for layer in sngan.discriminator.layers)
    r3gan = kerasgan.GAN.from_preset("r3gan-mnist", weights=False)
    assert sorted(type(r).__name__ for r in r3gan.objective.regularizers) == ["R1Penalty", "R2Penalty"]
    assert float(r3gan.d_optimizer.beta_2) == 0.99


def _digits_scores(gan, classifier):
    """The bundled digits classifier's mean confidence on 500 samples, and the classes
    that get at least 5% of them (as `kerasgan.metrics.digits_quality` counts them)."""
    probabilities = classifier.predict(gan.generate(500, seed=0), verbose=0)
    shares = np.bincount(probabilities.argmax(axis=1), minlength=10) / len(probabilities)
    return float(probabilities.max(axis=1).mean()), int((shares >= 0.05).sum())


def test_shipped_weights_load_offline_and_make_digits_that_fresh_networks_do_not(offline):
    preset = presets.get("dcgan-digits")
    assert preset.has_weights, "run scripts/train_preset_weights.py"
    assert sum(p.stat().st_size for p in (ROOT / "kerasgan/presets/weights").glob("dcgan_digits.*")) < 3 * 2**20
    classifier = kerasgan.metrics.digits_classifier()
    trained = kerasgan.GAN.from_preset("dcgan-digits")  # weights=None: the shipped ones
    confidence, classes = _digits_scores(trained, classifier)
    fresh, fresh_classes = _digits_scores(kerasgan.GAN.from_preset("dcgan-digits", weights=False), classifier)
    # Measured (500 samples, seed 0): trained 0.858 and 10 classes; fresh networks 0.297 and 1 class.
    assert confidence > 0.7 and classes >= 8, (confidence, classes)
    assert fresh < 0.7 and fresh_classes < 8, (fresh, fresh_classes)
    np.testing.assert_array_equal(trained.generate(4, seed=1),
                                  kerasgan.GAN.from_preset("dcgan-digits", weights=True).generate(4, seed=1))
    recorded = preset.quality()
    assert recorded["preset"] == "dcgan-digits" and recorded["trained"]["confidence"] > 0.7


def test_bad_names_and_arguments_are_clear():
    with pytest.raises(ValueError, match=r"Unknown preset: 'wgan-gp'\. Valid presets: dcgan-digits, .*compile\(loss"):
        kerasgan.GAN.from_preset("wgan-gp")
    with pytest.raises(ValueError, match="ships no trained weights"):
        kerasgan.GAN.from_preset("sngan-hinge-32", weights=True)
    with pytest.raises(ValueError, match="`weights` must be None .* Received: weights='yes'"):
        kerasgan.GAN.from_preset("dcgan-digits", weights="yes")
    with pytest.raises(ValueError, match="`model` must be one of .* Received: model='vgg'"):
        presets.Preset("x", "", model="vgg", sample_shape=(2,), latent_dim=2, loss="hinge",
                       g_optimizer=presets.adam(1e-4), d_optimizer=presets.adam(1e-4))
    with pytest.raises(ValueError, match="`model_args` must hold JSON values only"):
        presets.Preset("x", "", model="mlp", sample_shape=(2,), latent_dim=2, loss="hinge",
                       g_optimizer=presets.adam(1e-4), d_optimizer=presets.adam(1e-4),
                       model_args={"activation": keras.activations.relu})
    with pytest.raises(ValueError, match="epochs"):
        presets.Preset("x", "", model="mlp", sample_shape=(2,), latent_dim=2, loss="hinge",
                       g_optimizer=presets.adam(1e-4), d_optimizer=presets.adam(1e-4), epochs=0)
    with pytest.raises(ValueError, match="exists; pass overwrite=True"):
        presets.register(presets.get("dcgan-digits"))


def test_a_registered_preset_builds_and_trains(tmp_path):
    preset = presets.Preset("tiny-ring", "test", model="mlp", sample_shape=(2,), latent_dim=2, loss="hinge",
                            model_args={"hidden_units": (8,), "discriminator_units": (8,)},
                            g_optimizer=presets.adam(1e-3), d_optimizer=presets.adam(1e-3),
                            data="ring", batch_size=16, weights=str(tmp_path / "tiny"))
    presets.register(preset)
    try:
        gan = kerasgan.GAN.from_preset("tiny-ring")
        gan.fit(preset.dataset(num_samples=16), epochs=1, verbose=0)  # ready to fit: one step
        assert int(gan.g_optimizer.iterations) == 1
        preset.save_weights(gan, quality={"note": "test"})
        loaded = kerasgan.GAN.from_preset("tiny-ring")  # now it has weights
        np.testing.assert_allclose(loaded.generate(8, seed=0), gan.generate(8, seed=0), rtol=1e-6)
        assert presets.describe("tiny-ring")["quality"] == {"note": "test"}
    finally:
        presets.registry.REGISTRY.pop("tiny-ring")


def test_a_preset_gan_saves_and_loads_as_keras_and_as_the_hub_folder_format(tmp_path):
    gan = kerasgan.GAN.from_preset("dcgan-digits")
    expected = gan.generate(8, seed=3)
    path = tmp_path / "gan.keras"
    gan.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(loaded.generate(8, seed=3), expected, rtol=1e-5, atol=1e-6)
    assert loaded.discriminator_steps == 5 and type(loaded.objective.loss).__name__ == "WassersteinLoss"
    # `keras.saving.save_model(gan, "hf://user/repo")` uploads this unzipped folder format.
    folder = tmp_path / "hub_folder"
    keras.saving.save_model(gan, folder, zipped=False)
    assert (folder / "config.json").exists()
    again = keras.saving.load_model(folder)
    np.testing.assert_allclose(again.generate(8, seed=3), expected, rtol=1e-5, atol=1e-6)
    assert float(again.g_optimizer.learning_rate) == pytest.approx(2e-4)


def _makefile_demo_flags():
    text = (ROOT / "Makefile").read_text()
    command = re.search(r"^demo:.*?\n\t\$\(BIN\)/kerasgan train (.*?)\n\t[^\t ]", text, re.S | re.M).group(1)
    tokens = command.replace("\\\n", " ").split()
    return {tokens[i][2:].replace("-", "_"): tokens[i + 1] for i in range(0, len(tokens), 2)}


def test_cli_lists_presets_and_train_preset_is_the_make_demo_run(tmp_path, capsys):
    from kerasgan import _cli_config, cli

    assert cli.main(["presets"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^dcgan-digits\s+yes\s+WGAN-GP", out, re.M)
    assert re.search(r"^sngan-hinge-32\s+no\s+", out, re.M)
    assert cli.main(["presets", "dcgan-digits"]) == 0
    assert json.loads(capsys.readouterr().out)["has_weights"] is True
    assert cli.main(["presets", "nope"]) == 2
    assert "Valid presets: dcgan-digits" in capsys.readouterr().err
    assert cli.main(["train", "--preset", "sngan-hinge-32", "--out", str(tmp_path / "s")]) == 2
    assert "train it from Python" in capsys.readouterr().err
    # `kerasgan train --preset dcgan-digits` is `make demo`: the same settings, flag by flag.
    settings = _cli_config.preset_settings("dcgan-digits")
    for key, value in _makefile_demo_flags().items():
        if key != "out":
            assert str(settings[key]) == value or float(settings[key]) == float(value), key
