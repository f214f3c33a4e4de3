"""A folder of PNG/JPEG images as a `tf.data` pipeline (sub-folders as classes)."""

import os

import numpy as np
import tensorflow as tf

from kerasgan.data import _arrays
from kerasgan.data._image_headers import image_size as _header_size
from kerasgan.data._image_headers import is_complete
from kerasgan.data.pipeline import finish, scale_to_unit_range

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
SHUFFLE_BUFFER = 10_000


def list_images(root):
    """Every .png/.jpg/.jpeg file below `root` (recursive, sorted, hidden entries skipped)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(
            os.path.join(dirpath, f) for f in sorted(filenames)
            if not f.startswith(".") and f.lower().endswith(IMAGE_SUFFIXES)
        )
    if not found:
        raise ValueError(
            "`name_or_path` must be a folder holding .png/.jpg/.jpeg images (searched "
            f"recursively). Received: name_or_path={str(root)!r}, which holds none."
        )
    return found


def class_labels(root, paths):
    """Class index of each path (its top-level sub-folder) and the sorted class names."""
    tops = [os.path.relpath(p, root).split(os.sep)[0] for p in paths]
    loose = [t for t, p in zip(tops, paths) if t == os.path.basename(p)]
    if loose:
        raise ValueError(
            "`labels=True` reads each image's class from its sub-folder, but "
            f"{len(loose)} image(s) lie directly in {str(root)!r} (e.g. {loose[0]!r}). "
            "Move them into one sub-folder per class, or pass labels=False."
        )
    names = sorted(set(tops))
    index = {name: i for i, name in enumerate(names)}
    return np.asarray([index[t] for t in tops], dtype="int32"), names


def _infer_size(paths):
    sizes = {}
    for p in paths:
        sizes.setdefault(_header_size(p), p)
    if len(sizes) > 1:
        (s1, p1), (s2, p2) = list(sizes.items())[:2]
        raise ValueError(
            "`image_size` is required when the images differ in size: found "
            f"{s1[0]}x{s1[1]} ({p1!r}) and {s2[0]}x{s2[1]} ({p2!r}), "
            f"{len(sizes)} sizes in all. Pass image_size=<int or (height, width)>."
        )
    return next(iter(sizes))


def load_folder(root, *, batch_size, labels=False, num_samples=None, image_size=None,
                channels=None, cache=True, shuffle=True, seed=None, drop_remainder=True,
                repeat=False, deterministic=True):
    """A batched dataset of the images below `root`, scaled to [-1, 1].

    Files are decoded with `tf.io.decode_image` in parallel
    (`num_parallel_calls=AUTOTUNE`), resized when `image_size` is given
    (bilinear, antialiased; rounded back to 8 bits), cached as uint8 in memory
    (`cache=True`), shuffled, batched, scaled per batch as v / 127.5 - 1, and
    prefetched. The file list is shuffled once with `seed`; then every epoch
    reshuffles through a buffer of up to 10,000 cached images (with
    `cache=False`, the file list itself is reshuffled every epoch).

    Args:
        root: The folder.
        batch_size, labels, num_samples, image_size, channels, cache, shuffle,
        seed, drop_remainder, repeat, deterministic: As in `kerasgan.data.load`.
            `channels` defaults to 3 (grayscale images are repeated, RGBA
            loses alpha).

    Returns:
        A `tf.data.Dataset`; with `labels=True` it yields `(x, y)` and has a
        `class_names` attribute (sorted sub-folder names; y indexes it).
    """
    size = _arrays.check_image_size(image_size)
    channels = _arrays.check_channels(channels) or 3
    paths = list_images(root)
    y, class_names = class_labels(root, paths) if labels else (None, None)
    keep = _arrays.subsample(len(paths), num_samples, seed, "images")
    _arrays.check_batch_fits(batch_size, len(keep), drop_remainder)
    resize = size is not None
    if size is None:
        size = _infer_size([paths[i] for i in keep])
    if shuffle:
        keep = np.random.default_rng(seed).permutation(keep)
    paths = [paths[i] for i in keep]
    y = None if y is None else y[keep]
    broken = [p for p in paths if not is_complete(p)]
    if broken:
        raise ValueError(
            f"{len(broken)} image(s) below {str(root)!r} are truncated or damaged, e.g. "
            f"{broken[0]!r}; decoding them would fail mid-training. Remove or re-download them: "
            + ", ".join(repr(b) for b in broken[:5]))

    def decode(path):
        image = tf.io.decode_image(tf.io.read_file(path), channels=channels,
                                   expand_animations=False)
        if resize:
            image = tf.image.resize(image, size, method="bilinear", antialias=True)
            image = tf.cast(tf.clip_by_value(tf.round(image), 0.0, 255.0), tf.uint8)
        image.set_shape((*size, channels))
        return image

    ds = tf.data.Dataset.from_tensor_slices(paths if y is None else (paths, y))
    if shuffle and not cache:
        ds = ds.shuffle(len(paths), seed=seed, reshuffle_each_iteration=True)
    parallel = dict(num_parallel_calls=tf.data.AUTOTUNE, deterministic=deterministic)
    if y is None:
        ds = ds.map(decode, **parallel)
    else:
        ds = ds.map(lambda p, label: (decode(p), label), **parallel)
    if cache:
        ds = ds.cache()
        if shuffle:
            ds = ds.shuffle(min(len(paths), SHUFFLE_BUFFER), seed=seed,
                            reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)
    if y is None:
        ds = ds.map(scale_to_unit_range, **parallel)
    else:
        ds = ds.map(lambda x, label: (scale_to_unit_range(x), label), **parallel)
    ds = finish(ds, deterministic=deterministic)
    ds.batches_per_pass = len(paths) // batch_size if drop_remainder else -(-len(paths) // batch_size)
    if class_names is not None:
        ds.class_names = class_names
    return ds
