import keras
import numpy as np
import pytest
from PIL import Image

import kerasgan
from kerasgan.callbacks import images
from tests.conftest import ring_arrays, tiny_mlp_pair


def _read_png(path):
    return np.asarray(Image.open(path))


def test_png_encoder_round_trips_gray_and_rgb(tmp_path):
    rng = np.random.default_rng(0)
    for shape in [(7, 5), (6, 9, 3), (4, 4, 1)]:
        picture = rng.integers(0, 256, size=shape, dtype=np.uint8)
        path = tmp_path / f"p{len(shape)}.png"
        images.write_png(str(path), picture)
        expected = picture[..., 0] if picture.shape[-1:] == (1,) else picture
        np.testing.assert_array_equal(_read_png(path), expected)
    with pytest.raises(TypeError, match="uint8"):
        images.encode_png(np.zeros((2, 2), "float32"))


def test_image_grid_places_every_tile():
    tiles = np.stack([np.full((2, 2, 1), i * 20, np.uint8) for i in range(5)])
    grid = images.image_grid(tiles, columns=3, padding=1, scale=1)
    assert grid.shape == (2 * 3 + 1, 3 * 3 + 1, 1)
    assert grid[1, 1, 0] == 0 and grid[1, 4, 0] == 20 and grid[4, 4, 0] == 80
    assert images.to_uint8(np.array([-1.0, 0.0, 1.0, 2.0])).tolist() == [0, 128, 255, 255]


def test_scatter_plot_draws_points_where_they_are():
    picture = images.scatter_plot(np.array([[1.0, 1.0]]), size=101, extent=2.0)
    blue = np.argwhere((picture == [31, 91, 200]).all(-1))
    # (1, 1) in [-2, 2]^2 maps to column 75, row 25.
    assert blue.min(0).tolist() == [24, 74] and blue.max(0).tolist() == [26, 76]


def test_sample_grid_uses_fixed_latents_and_writes_every_n_epochs(tmp_path):
    g, d = tiny_mlp_pair()
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    grid = kerasgan.callbacks.SampleGrid(str(tmp_path / "grids"), num_samples=16, every_n_epochs=2)
    x, _ = ring_arrays(128)
    gan.fit(x, batch_size=64, epochs=4, verbose=0, callbacks=[grid])
    assert [p.rsplit("/", 1)[-1] for p in grid.written] == ["epoch_0002.png", "epoch_0004.png"]
    latents = np.asarray(grid.latents)
    gan.fit(x, batch_size=64, epochs=1, verbose=0, callbacks=[grid])
    np.testing.assert_array_equal(np.asarray(grid.latents), latents)
    picture = _read_png(grid.written[0])
    assert picture.ndim == 3 and picture.shape[-1] == 3 and picture.dtype == np.uint8


def test_sample_grid_for_images_and_tensorboard(tmp_path):
    gen = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8 * 8), keras.layers.Reshape((8, 8, 1)),
                            keras.layers.Activation("tanh")])
    disc = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
    gan = kerasgan.GAN(gen, disc, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    grid = kerasgan.callbacks.SampleGrid(str(tmp_path / "g"), num_samples=9, log_dir=str(tmp_path / "tb"))
    x = np.random.default_rng(0).uniform(-1, 1, size=(64, 8, 8, 1)).astype("float32")
    gan.fit(x, batch_size=32, epochs=1, verbose=0, callbacks=[grid])
    picture = _read_png(grid.written[0])
    # 3x3 tiles of 8px enlarged x4 with 1px padding.
    assert picture.shape == (3 * 33 + 1, 3 * 33 + 1)
    events = list((tmp_path / "tb").glob("events.out.tfevents.*"))
    assert events and events[0].stat().st_size > 0


def test_sample_grid_validates_arguments(tmp_path):
    with pytest.raises(ValueError, match="num_samples"):
        kerasgan.callbacks.SampleGrid(str(tmp_path), num_samples=0)
    with pytest.raises(ValueError, match="every_n_epochs"):
        kerasgan.callbacks.SampleGrid(str(tmp_path), every_n_epochs=0)
