"""`.npz` / `.npy` files through `kerasgan.data.load`: round trips and every error."""

import numpy as np
import pytest
import tensorflow as tf

from kerasgan.data import load


def _epoch(ds):
    batches = list(ds.as_numpy_iterator())
    if isinstance(batches[0], tuple):
        return tuple(np.concatenate(parts) for parts in zip(*batches))
    return np.concatenate(batches)


@pytest.fixture
def uint8_images():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, size=(40, 6, 6, 3), dtype=np.uint8)
    x[0, 0, 0] = [0, 255, 128]
    return x, rng.integers(0, 4, size=40)


def test_npz_uint8_round_trip_with_labels(tmp_path, uint8_images):
    x, y = uint8_images
    path = tmp_path / "data.npz"
    np.savez(path, x=x, y=y)
    ds = load(path, batch_size=8, labels=True, shuffle=False)
    assert ds.element_spec[0].shape == (8, 6, 6, 3) and ds.element_spec[0].dtype == tf.float32
    assert ds.element_spec[1].dtype == tf.int32
    got_x, got_y = _epoch(ds)
    np.testing.assert_allclose(got_x, x.astype(np.float64) / 127.5 - 1.0, atol=1e-6)
    np.testing.assert_array_equal(got_y, y)
    np.testing.assert_allclose(got_x[0, 0, 0], [-1.0, 1.0, 128 / 127.5 - 1], atol=1e-6)


def test_shuffled_npz_keeps_pairs_together(tmp_path):
    x = np.arange(30, dtype=np.uint8).reshape(30, 1, 1, 1).repeat(2, axis=1).repeat(2, axis=2)
    y = np.arange(30)
    np.savez(tmp_path / "d.npz", x=x, y=y)
    got_x, got_y = _epoch(load(str(tmp_path / "d.npz"), batch_size=5, labels=True, seed=0))
    assert not np.array_equal(got_y, y)
    np.testing.assert_array_equal(np.sort(got_y), y)
    np.testing.assert_allclose(got_x[:, 0, 0, 0], got_y / 127.5 - 1.0, atol=1e-6)


def test_npy_grayscale_gets_a_channel_axis(tmp_path):
    x = np.random.default_rng(1).uniform(-1, 1, size=(12, 4, 4)).astype(np.float32)
    np.save(tmp_path / "g.npy", x)
    got = _epoch(load(tmp_path / "g.npy", batch_size=4, shuffle=False))
    assert got.shape == (12, 4, 4, 1)
    np.testing.assert_array_equal(got[..., 0], x)


def test_float_vectors_are_not_rescaled(tmp_path):
    x = np.random.default_rng(2).normal(0, 5, size=(20, 2))
    np.save(tmp_path / "v.npy", x)
    got = _epoch(load(tmp_path / "v.npy", batch_size=10, shuffle=False))
    np.testing.assert_allclose(got, x.astype(np.float32))


def test_resize_and_channels(tmp_path, uint8_images):
    x, _ = uint8_images
    np.savez(tmp_path / "d.npz", x=x)
    ds = load(tmp_path / "d.npz", batch_size=8, image_size=12, channels=1, shuffle=False)
    got = _epoch(ds)
    assert got.shape == (40, 12, 12, 1)
    assert got.min() >= -1 and got.max() <= 1
    # Bilinear 2x upsampling preserves each image's mean away from edges only
    # approximately; the overall mean of a gray conversion must match closely.
    gray = x.astype(np.float64) @ [0.2989, 0.5870, 0.1140] / 127.5 - 1.0
    assert abs(got.mean() - gray.mean()) < 0.02


def test_integer_images_in_range_are_accepted(tmp_path):
    x = np.full((4, 2, 2, 1), 255, dtype=np.int64)
    np.save(tmp_path / "i.npy", x)
    assert np.all(_epoch(load(tmp_path / "i.npy", batch_size=2)) == 1.0)


def test_num_samples_subset(tmp_path, uint8_images):
    x, y = uint8_images
    np.savez(tmp_path / "d.npz", x=x, y=y)
    a = _epoch(load(tmp_path / "d.npz", batch_size=5, num_samples=10, seed=0, shuffle=False))
    b = _epoch(load(tmp_path / "d.npz", batch_size=5, num_samples=10, seed=0, shuffle=False))
    assert a.shape == (10, 6, 6, 3)
    np.testing.assert_array_equal(a, b)


# ----------------------------------------------------------------------------- errors


def test_float_images_out_of_range(tmp_path):
    np.save(tmp_path / "f.npy", np.full((4, 3, 3, 1), 200.0))
    with pytest.raises(ValueError, match=r"must already be scaled to \[-1, 1\].*\[200, 200\].*uint8"):
        load(tmp_path / "f.npy", batch_size=2)


def test_non_finite(tmp_path):
    x = np.zeros((4, 2))
    x[1, 1] = np.nan
    np.save(tmp_path / "n.npy", x)
    with pytest.raises(ValueError, match="NaN or infinite"):
        load(tmp_path / "n.npy", batch_size=2)


def test_integer_images_out_of_range(tmp_path):
    np.save(tmp_path / "i.npy", np.full((4, 2, 2, 1), 300, dtype=np.int32))
    with pytest.raises(ValueError, match=r"Integer images must lie in \[0, 255\].*300"):
        load(tmp_path / "i.npy", batch_size=2)


def test_bad_dtype_and_rank(tmp_path):
    np.save(tmp_path / "b.npy", np.zeros((4, 2, 2), dtype=bool))
    with pytest.raises(TypeError, match="dtype bool"):
        load(tmp_path / "b.npy", batch_size=2)
    np.save(tmp_path / "r.npy", np.zeros(10))
    with pytest.raises(ValueError, match=r"vectors \(n, d\) or images.*shape \(10,\)"):
        load(tmp_path / "r.npy", batch_size=2)


def test_npz_without_x_lists_keys(tmp_path):
    np.savez(tmp_path / "k.npz", images=np.zeros((4, 2)), labels=np.zeros(4, int))
    with pytest.raises(ValueError, match=r"key 'x'.*\['images', 'labels'\]"):
        load(tmp_path / "k.npz", batch_size=2)


def test_labels_requested_but_absent(tmp_path):
    np.savez(tmp_path / "nolab.npz", x=np.zeros((4, 2)))
    with pytest.raises(ValueError, match="`labels=True` needs labels under the key 'y'"):
        load(tmp_path / "nolab.npz", batch_size=2, labels=True)
    np.save(tmp_path / "a.npy", np.zeros((4, 2)))
    with pytest.raises(ValueError, match="`labels=True` needs labels.*np.savez"):
        load(tmp_path / "a.npy", batch_size=2, labels=True)


@pytest.mark.parametrize("y", [np.zeros(3, int), np.zeros((4, 1), int), np.zeros(4), -np.ones(4, int)])
def test_bad_labels(tmp_path, y):
    np.savez(tmp_path / "y.npz", x=np.zeros((4, 2)), y=y)
    with pytest.raises(ValueError, match="labels 'y' must"):
        load(tmp_path / "y.npz", batch_size=2, labels=True)


def test_wrong_suffix(tmp_path):
    (tmp_path / "data.csv").write_text("1,2\n")
    with pytest.raises(ValueError, match="`name_or_path` must be a folder of images or a .npz/.npy file.*'.csv'"):
        load(tmp_path / "data.csv", batch_size=2)


def test_image_arguments_on_vectors(tmp_path):
    np.save(tmp_path / "v.npy", np.zeros((4, 2)))
    with pytest.raises(ValueError, match="`image_size` and `channels` apply to images.*image_size=8"):
        load(tmp_path / "v.npy", batch_size=2, image_size=8)


def test_unsupported_channel_conversion(tmp_path):
    np.save(tmp_path / "rgba.npy", np.zeros((4, 2, 2, 4), dtype=np.uint8))
    with pytest.raises(ValueError, match="4 channels to channels=3"):
        load(tmp_path / "rgba.npy", batch_size=2, channels=3)
