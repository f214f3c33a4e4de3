"""Image folders through `kerasgan.data.load`: PNG/JPEG round trips, classes, errors."""

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from kerasgan.data import load
from kerasgan.data._image_headers import image_size


def _epoch(ds):
    batches = list(ds.as_numpy_iterator())
    if isinstance(batches[0], tuple):
        return tuple(np.concatenate(parts) for parts in zip(*batches))
    return np.concatenate(batches)


def _write(path, array, **kwargs):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path, **kwargs)


@pytest.fixture
def classes(tmp_path):
    """Three classes of 4 RGB PNGs each; every pixel of class k, image i equals 20k + i."""
    rng = np.random.default_rng(0)
    arrays = {}
    for k, name in enumerate(["cat", "dog", "emu"]):
        for i in range(4):
            img = np.full((6, 5, 3), 20 * k + i, dtype=np.uint8)
            img[0, 0] = rng.integers(0, 256, 3)
            sub = "nested/" if (k, i) == (2, 3) else ""
            path = tmp_path / "root" / name / f"{sub}{i}.png"
            _write(path, img)
            arrays[str(path)] = (img, k)
    return tmp_path / "root", arrays


def test_png_round_trip_in_sorted_order(classes):
    root, arrays = classes
    ds = load(root, batch_size=4, shuffle=False)
    assert ds.element_spec.shape == (4, 6, 5, 3) and ds.element_spec.dtype == tf.float32
    got = _epoch(ds)
    expected = np.stack([arrays[p][0] for p in sorted(arrays)]) / 127.5 - 1.0
    np.testing.assert_allclose(got, expected, atol=1e-6)


def test_labels_follow_sorted_subfolders_through_the_shuffle(classes):
    root, _ = classes
    ds = load(str(root), batch_size=3, labels=True, seed=1)
    assert ds.class_names == ["cat", "dog", "emu"]
    assert ds.element_spec[1].dtype == tf.int32
    x, y = _epoch(ds)
    assert np.bincount(y).tolist() == [4, 4, 4]  # nested/ image counts for 'emu'
    # The constant part of each image encodes 20k + i: class k = value // 20.
    value = np.round((x[:, 3, 3, 0] + 1.0) * 127.5).astype(int)
    np.testing.assert_array_equal(value // 20, y)
    assert not np.array_equal(value, np.sort(value))  # shuffled


@pytest.mark.parametrize("cache", [True, False])
def test_deterministic_by_seed_and_reshuffled_each_epoch(classes, cache):
    root, _ = classes
    a = load(root, batch_size=2, seed=3, cache=cache)
    b = load(root, batch_size=2, seed=3, cache=cache)
    e1, e2 = _epoch(a), _epoch(a)
    np.testing.assert_array_equal(e1, _epoch(b))
    assert not np.array_equal(e1, e2)
    np.testing.assert_array_equal(np.sort(e1.ravel()), np.sort(e2.ravel()))


def test_grayscale_and_resize(classes):
    root, arrays = classes
    x = _epoch(load(root, batch_size=4, shuffle=False, channels=1, image_size=(12, 10)))
    assert x.shape == (12, 12, 10, 1)
    assert x.min() >= -1.0 and x.max() <= 1.0
    # Away from the random corner pixel the images are constant gray levels.
    expected = np.asarray([arrays[p][0][3, 3, 0] for p in sorted(arrays)]) / 127.5 - 1.0
    np.testing.assert_allclose(x[:, 6, 5, 0], expected, atol=1.5 / 127.5)


def test_gray_pngs_become_rgb_and_jpegs_decode(tmp_path):
    _write(tmp_path / "g.png", np.full((8, 8), 200, dtype=np.uint8))
    _write(tmp_path / "c.jpg", np.full((8, 8, 3), (10, 120, 250), dtype=np.uint8), quality=95)
    x = _epoch(load(tmp_path, batch_size=2, shuffle=False))
    assert x.shape == (2, 8, 8, 3)
    pixels = np.round((x + 1.0) * 127.5)
    np.testing.assert_allclose(pixels[0], np.broadcast_to([10, 120, 250], (8, 8, 3)), atol=4)
    np.testing.assert_array_equal(pixels[1], np.full((8, 8, 3), 200))


def test_num_samples_and_drop_remainder(classes):
    root, _ = classes
    x = _epoch(load(root, batch_size=4, num_samples=5, seed=0, drop_remainder=False))
    assert x.shape == (5, 6, 5, 3)
    with pytest.raises(ValueError, match="`batch_size` must be at most the number of examples \\(12\\)"):
        load(root, batch_size=13)


def test_header_sizes(tmp_path):
    _write(tmp_path / "a.png", np.zeros((7, 9, 3), dtype=np.uint8))
    _write(tmp_path / "b.jpg", np.zeros((11, 4, 3), dtype=np.uint8))
    _write(tmp_path / "c.jpg", np.zeros((5, 6), dtype=np.uint8), progressive=True)
    assert image_size(tmp_path / "a.png") == (7, 9)
    assert image_size(tmp_path / "b.jpg") == (11, 4)
    assert image_size(tmp_path / "c.jpg") == (5, 6)


# ----------------------------------------------------------------------------- errors


def test_mixed_sizes_need_image_size(tmp_path):
    _write(tmp_path / "a.png", np.zeros((8, 8, 3), dtype=np.uint8))
    _write(tmp_path / "b.png", np.zeros((4, 6, 3), dtype=np.uint8))
    with pytest.raises(ValueError, match="`image_size` is required.*8x8.*4x6"):
        load(tmp_path, batch_size=1)
    x = _epoch(load(tmp_path, batch_size=1, image_size=5))
    assert x.shape == (2, 5, 5, 3)


def test_empty_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("no images")
    with pytest.raises(ValueError, match="`name_or_path` must be a folder holding .png/.jpg/.jpeg"):
        load(tmp_path, batch_size=1)


def test_loose_images_with_labels(classes):
    root, _ = classes
    _write(root / "stray.png", np.zeros((6, 5, 3), dtype=np.uint8))
    with pytest.raises(ValueError, match="`labels=True`.*1 image\\(s\\) lie directly.*'stray.png'"):
        load(root, batch_size=2, labels=True)


def test_not_an_image(tmp_path):
    _write(tmp_path / "ok.png", np.zeros((4, 4, 3), dtype=np.uint8))
    (tmp_path / "broken.png").write_bytes(b"definitely not a png")
    with pytest.raises(ValueError, match="broken.png.*not a valid PNG or JPEG"):
        load(tmp_path, batch_size=1)


def test_bad_channels_for_folder(classes):
    root, _ = classes
    with pytest.raises(ValueError, match="`channels` must be 1.*Received: channels=2"):
        load(root, batch_size=2, channels=2)
