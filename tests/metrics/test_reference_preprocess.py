"""The preprocessing modes of the reference FID network (no network needed)."""

import numpy as np
import pytest

from kerasgan.metrics import preprocess_images
from kerasgan.metrics.reference.preprocess import legacy_tf_matrix, resize, to_uint8


def test_quantization_is_stylegan2_ada_rounding():
    x = np.array([-1.0, -0.999, 0.0, 0.5, 1.0, 1.0005], np.float32).reshape(1, 1, 6, 1)
    # floor(127.5 x + 128), clipped: -1 -> 0, 0 -> 128, 1 -> 255 (1 + 5e-4 is within tolerance).
    assert to_uint8(x)[0, 0, :, 0].tolist() == [0, 0, 128, 191, 255, 255]
    assert to_uint8(x).shape == (1, 1, 6, 3)  # grayscale repeated to RGB
    pixels = np.arange(24, dtype=np.uint8).reshape(1, 2, 4, 3)
    np.testing.assert_array_equal(to_uint8(pixels), pixels)  # uint8 passes unchanged


def test_legacy_tf_weights_are_tf1_resize_bilinear():
    np.testing.assert_array_equal(legacy_tf_matrix(5, 5), np.eye(5))
    # 2 -> 4: source coordinates 0, 0.5, 1, 1.5 (the last clamped at the border).
    np.testing.assert_allclose(legacy_tf_matrix(2, 4), [[1, 0], [0.5, 0.5], [0, 1], [0, 1]])
    np.testing.assert_allclose(legacy_tf_matrix(28).sum(1), 1.0)


def test_legacy_tf_equals_tensorflow_resize_bilinear_op():
    """TF's own ResizeBilinear op (align_corners=False, half_pixel_centers=False)."""
    import tensorflow as tf

    rng = np.random.default_rng(0)
    for shape in [(2, 8, 8, 3), (1, 37, 50, 3), (1, 400, 320, 3)]:
        pixels = rng.integers(0, 256, shape, dtype=np.uint8)
        expected = tf.raw_ops.ResizeBilinear(images=pixels.astype(np.float32), size=[299, 299],
                                             align_corners=False, half_pixel_centers=False).numpy()
        np.testing.assert_allclose(resize(pixels, "legacy-tf"), expected, atol=1e-3)  # of 255


def test_clean_is_pil_bicubic_with_antialias():
    from PIL import Image

    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (1, 600, 600, 3), dtype=np.uint8)
    ours = resize(pixels, "clean")
    channel = Image.fromarray(pixels[0, :, :, 1].astype(np.float32)).resize((299, 299), Image.BICUBIC)
    np.testing.assert_allclose(ours[0, :, :, 1], np.clip(np.asarray(channel), 0, 255), atol=1e-4)
    # Antialiased: white noise averages out (std ~ 74 -> far less); legacy-tf aliases it.
    assert ours.std() < 0.7 * resize(pixels, "legacy-tf").std()  # measured: 30 vs 49


def test_network_input_range():
    x = preprocess_images(np.full((1, 4, 4, 1), 255, np.uint8))
    assert x.shape == (1, 299, 299, 3) and x.dtype == np.float32
    np.testing.assert_allclose(x, 127 / 128, atol=1e-6)  # (255 - 128) / 128
    np.testing.assert_allclose(preprocess_images(np.zeros((1, 4, 4, 3), np.uint8), "clean"), -1.0)


def test_bad_inputs_name_the_argument_and_the_fix():
    with pytest.raises(ValueError, match=r"`images` given as floats must be scaled to \[-1, 1\].*astype\('uint8'\)"):
        to_uint8(np.full((2, 8, 8, 3), 255.0))
    with pytest.raises(ValueError, match=r"`images` must have shape \(batch, height, width, 1 or 3\)"):
        to_uint8(np.zeros((2, 8, 8)))
    with pytest.raises(ValueError, match="Received: images.shape=\\(2, 8, 8, 4\\)"):
        to_uint8(np.zeros((2, 8, 8, 4)))
    with pytest.raises(TypeError, match="`images` must be uint8"):
        to_uint8(np.zeros((2, 8, 8, 3), np.int32))
    with pytest.raises(ValueError, match="`preprocess` must be one of 'legacy-tf', 'clean'"):
        preprocess_images(np.zeros((1, 8, 8, 3), np.uint8), "bilinear")
