"""The StyleGAN2 builder (skip G, residual D) trained with the 'stylegan2' preset."""

import numpy as np
import pytest

import keras
import kerasgan


def test_shapes_synthesis_layer_and_no_normalization():
    for size, channels in ((8, 1), (16, 3)):
        g, d = kerasgan.models.stylegan2((size, size, channels), 16, base_filters=8,
                                         mapping_layers=2, seed=0)
        z = np.random.default_rng(0).normal(size=(4, 16)).astype("float32")
        images = g(z)
        assert images.shape == (4, size, size, channels)
        assert d(images).shape == (4, 1)
        synthesis = g.get_layer("synthesis")
        num_ws = 2 * int(np.log2(size // 4)) + 2
        assert synthesis.input_shape == (None, num_ws, 16)
        kinds = {type(layer).__name__ for m in (g, d) for layer in m._flatten_layers()}
        assert not kinds & {"BatchNormalization", "AdaIN", "LayerNormalization"}
        assert "ModulatedConv2D" in kinds
    # Skip generator: the image is a sum over resolutions of toRGB outputs.
    assert sum("to_image" in layer.name for layer in synthesis.layers) == 3


def test_truncation_psi_zero_gives_one_image():
    g, _ = kerasgan.models.stylegan2((8, 8, 1), 8, base_filters=4, mapping_layers=2, seed=1)
    mapping = g.get_layer("mapping")
    mapping.w_avg.assign(np.full(mapping.w_avg.shape, 0.3, "float32"))
    mapping.truncation_psi.assign(0.0)
    z = np.random.default_rng(1).normal(size=(3, 8)).astype("float32")
    # (The noise inputs' scales start at zero, as in the paper.)
    images = keras.ops.convert_to_numpy(g(z, training=False))
    np.testing.assert_allclose(images[0], images[1], atol=1e-5)
    np.testing.assert_allclose(images[0], images[2], atol=1e-5)


@pytest.mark.slow
def test_stylegan2_preset_trains_saves_and_resumes(tmp_path):
    keras.utils.set_random_seed(0)
    g, d = kerasgan.models.stylegan2((8, 8, 1), 16, base_filters=8, mapping_layers=2, seed=0)
    gan = kerasgan.GAN(g, d, seed=0)
    adam = dict(learning_rate=2e-3, beta_1=0.0, beta_2=0.99)
    gan.compile(keras.optimizers.Adam(**adam), keras.optimizers.Adam(**adam), loss="stylegan2",
                jit_compile=False)  # four phases: XLA compilation alone takes a minute here
    phases = gan.schedule.get_config()["phases"]
    assert [(p["players"], p["interval"], p["gain"], p["terms"]) for p in phases] == [
        (["discriminator"], 1, 1.0, None), (["discriminator"], 16, 16.0, ["r1_penalty"]),
        (["generator"], 1, 1.0, None), (["generator"], 4, 4.0, ["path_length"])]
    x = kerasgan.data.digits_arrays(num_samples=32, seed=0)[0]
    history = gan.fit(x, batch_size=16, epochs=1, shuffle=False, verbose=0).history
    assert all(np.isfinite(v).all() for v in history.values())
    assert history["g/path_length_mean"][-1] > 0
    path = str(tmp_path / "sg2.keras")
    gan.save(path)
    loaded = keras.models.load_model(path)
    (mean,) = [v for v in gan.non_trainable_variables if "path_length" in v.path]
    (restored,) = [v for v in loaded.non_trainable_variables if "path_length" in v.path]
    assert float(keras.ops.convert_to_numpy(mean)) > 0
    assert float(keras.ops.convert_to_numpy(restored)) == float(keras.ops.convert_to_numpy(mean))
    for a, b in zip(gan.generator.trainable_variables, loaded.generator.trainable_variables):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b))
