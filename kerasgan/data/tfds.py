"""`"tfds:<name>"`: a TensorFlow Datasets image dataset as a kerasgan pipeline."""

import socket
import urllib.error

import tensorflow as tf

from kerasgan.data import _arrays
from kerasgan.data.pipeline import finish, scale_to_unit_range

SHUFFLE_BUFFER = 10_000
_NETWORK_NAMES = ("ConnectionError", "Timeout", "DownloadError", "UnavailableError",
                  "RequestException", "URLError")


def _import_tfds():
    try:
        import tensorflow_datasets
    except ImportError as e:
        raise ImportError(
            "'tfds:<name>' datasets need TensorFlow Datasets. Install it with: "
            'pip install tensorflow-datasets (or pip install "kerasgan[tfds]")'
        ) from e
    return tensorflow_datasets


def _chain(error):
    seen = []
    while error is not None and error not in seen:
        seen.append(error)
        error = error.__cause__ or error.__context__
    return seen


def _is_network_error(error):
    for e in _chain(error):
        if isinstance(e, (ConnectionError, TimeoutError, socket.gaierror, urllib.error.URLError)):
            return True
        if any(cls.__name__ in _NETWORK_NAMES for cls in type(e).__mro__):
            return True
    return False


def _call_load(tfds, name, *, split, data_dir, shuffle, seed):
    try:
        return tfds.load(name, split=split, data_dir=data_dir, shuffle_files=shuffle,
                         read_config=tfds.ReadConfig(shuffle_seed=seed))
    except Exception as e:
        if any(type(c).__name__ == "DatasetNotFoundError" for c in _chain(e)):
            raise ValueError(
                f"TensorFlow Datasets has no dataset named {name!r}. Check the name in the "
                "TFDS catalog (https://www.tensorflow.org/datasets/catalog). "
                f"Received: name_or_path='tfds:{name}'"
            ) from e
        if _is_network_error(e):
            where = "its default data_dir" if data_dir is None else f"data_dir={data_dir!r}"
            raise ConnectionError(
                f"Could not download the TFDS dataset {name!r}: no network access "
                f"({type(e).__name__}: {e}). It is not prepared in {where}. "
                "Prepare it on a machine with network access, e.g. "
                f"`tfds build {name} --data_dir DIR` or "
                f"`python -c \"import tensorflow_datasets as tfds; tfds.load('{name}', "
                "data_dir='DIR')\"`, copy DIR here and pass "
                f"kerasgan.data.load('tfds:{name}', data_dir='DIR', ...)."
            ) from e
        raise


def _image_fn(spec, size, channels, name):
    if spec.dtype != tf.uint8 or spec.shape.rank != 3:
        raise ValueError(
            f"The 'image' feature of TFDS dataset {name!r} must be uint8 (h, w, c) images. "
            f"Received: dtype {spec.dtype.name}, shape {spec.shape}"
        )
    have = spec.shape[-1]
    if size is None and None in spec.shape[:2]:
        raise ValueError(
            f"`image_size` is required: the images of TFDS dataset {name!r} vary in size "
            f"(shape {spec.shape}). Pass image_size=<int or (height, width)>."
        )
    if channels not in (None, have) and (have, channels) not in ((1, 3), (3, 1), (4, 3)):
        raise ValueError(
            f"Cannot convert the {have}-channel images of TFDS dataset {name!r} to "
            f"channels={channels}; only 1 <-> 3 and RGBA -> RGB are supported."
        )
    out_size = tuple(spec.shape[:2]) if size is None else size
    out_channels = channels or have

    def convert(image):
        if have == 4 and out_channels == 3:
            image = image[..., :3]
        elif have == 1 and out_channels == 3:
            image = tf.image.grayscale_to_rgb(image)
        if (have == 3 and out_channels == 1) or size is not None:
            image = tf.cast(image, tf.float32)
            if have == 3 and out_channels == 1:
                image = tf.image.rgb_to_grayscale(image)
            if size is not None:
                image = tf.image.resize(image, size, method="bilinear", antialias=True)
            image = tf.cast(tf.clip_by_value(tf.round(image), 0.0, 255.0), tf.uint8)
        image.set_shape((*out_size, out_channels))
        return image

    return convert


def load_tfds(name, *, batch_size, split="train", data_dir=None, labels=False,
              num_samples=None, image_size=None, channels=None, cache=True, shuffle=True,
              seed=None, drop_remainder=True, repeat=False, deterministic=True):
    """`tensorflow_datasets.load(name, split=split)` as a batched dataset in [-1, 1].

    Reads the `"image"` feature (and `"label"` with `labels=True`), converts
    and resizes in parallel, caches the uint8 images in memory, shuffles
    through a buffer of 10,000, batches, scales as v / 127.5 - 1 and
    prefetches. `num_samples` keeps the first examples of the split (TFDS's
    own slicing, `split="train[:10%]"`, also works).

    Args:
        name: The TFDS name, e.g. `"mnist"` or `"cifar10"`.
        batch_size, split, data_dir, labels, num_samples, image_size, channels,
        cache, shuffle, seed, drop_remainder, repeat, deterministic: As in
            `kerasgan.data.load`.

    Returns:
        A `tf.data.Dataset` of images or `(image, label)` pairs.

    Raises:
        ImportError: When tensorflow-datasets is not installed.
        ConnectionError: When the dataset is not prepared and cannot be
            downloaded (offline); the message says how to pre-download it.
    """
    if not name:
        raise ValueError(
            "`name_or_path` must name a dataset after 'tfds:', e.g. 'tfds:mnist'. "
            "Received: name_or_path='tfds:'"
        )
    size = _arrays.check_image_size(image_size)
    channels = _arrays.check_channels(channels)
    tfds = _import_tfds()
    ds = _call_load(tfds, name, split=split, data_dir=data_dir, shuffle=shuffle, seed=seed)
    keys = sorted(ds.element_spec) if isinstance(ds.element_spec, dict) else []
    for key, needed in (("image", True), ("label", labels)):
        if needed and key not in keys:
            raise ValueError(
                f"kerasgan reads the {key!r} feature of TFDS datasets, and {name!r} has "
                f"features {keys}." + (" Pass labels=False." if key == "label" else "")
            )
    convert = _image_fn(ds.element_spec["image"], size, channels, name)
    if num_samples is not None:
        ds = ds.take(num_samples)
    count = int(ds.cardinality())
    if count >= 0:
        _arrays.check_batch_fits(batch_size, count, drop_remainder)
    parallel = dict(num_parallel_calls=tf.data.AUTOTUNE, deterministic=deterministic)
    if labels:
        ds = ds.map(lambda f: (convert(f["image"]), tf.cast(f["label"], tf.int32)), **parallel)
    else:
        ds = ds.map(lambda f: convert(f["image"]), **parallel)
    if cache:
        ds = ds.cache()
    if shuffle:
        ds = ds.shuffle(SHUFFLE_BUFFER, seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)
    if labels:
        ds = ds.map(lambda x, y: (scale_to_unit_range(x), y), **parallel)
    else:
        ds = ds.map(scale_to_unit_range, **parallel)
    return finish(ds, deterministic=deterministic)
