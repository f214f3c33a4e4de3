import keras
import numpy as np
import pytest

import kerasgan
from kerasgan.callbacks import Interpolation
from tests.conditional import _setups as S

RING_X, RING_Y = kerasgan.data.sample_mixture("ring", 400, seed=0)


def _read_png_size(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_interpolation_writes_strips_between_fixed_endpoints(tmp_path):
    g, d = kerasgan.models.dcgan((8, 8, 1), 4, base_filters=4)
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.Adam(1e-4), keras.optimizers.Adam(1e-4), jit_compile=False)
    cb = Interpolation(tmp_path / "walks", num_steps=5, num_rows=3)
    x = np.random.default_rng(0).uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
    gan.fit(x, batch_size=32, epochs=2, verbose=0, callbacks=[cb])
    assert [p.rsplit("/", 1)[-1] for p in cb.written] == ["interpolation_0001.png", "interpolation_0002.png"]
    width, height = _read_png_size(cb.written[-1])
    tile = 8 * 4 + 1  # 8-pixel images enlarged 4x, 1-pixel padding
    assert (width, height) == (5 * tile + 1, 3 * tile + 1)
    # Rows are slerp paths: the first and last latents of row i are its endpoints.
    lat = cb.latents.reshape(3, 5, 4)
    ends = keras.ops.convert_to_numpy(gan.prior.sample(6, seed=0))
    np.testing.assert_allclose(lat[:, 0], ends[:3], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(lat[:, -1], ends[3:], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(lat[1, 2], kerasgan.latent.slerp(ends[1], ends[4], 0.5), rtol=1e-5)


def test_interpolation_keeps_one_label_per_row_for_a_conditional_gan(tmp_path):
    gan = kerasgan.GAN(*S.cgan_pair(units=8), seed=0)
    gan.compile(keras.optimizers.Adam(1e-4), keras.optimizers.Adam(1e-4), jit_compile=False)
    cb = Interpolation(tmp_path, num_steps=3, num_rows=10, method="linear")
    gan.fit(RING_X, RING_Y, batch_size=100, epochs=1, verbose=0, callbacks=[cb])
    np.testing.assert_array_equal(cb.labels, np.repeat(np.arange(10) % 8, 3))
    assert cb.samples().shape == (30, 2)
    assert len(cb.written) == 1


def test_interpolation_arguments_are_checked():
    with pytest.raises(ValueError, match="num_steps"):
        Interpolation("x", num_steps=1)
    with pytest.raises(ValueError, match="method"):
        Interpolation("x", method="cubic")
    with pytest.raises(TypeError, match="num_rows"):
        Interpolation("x", num_rows=2.0)
