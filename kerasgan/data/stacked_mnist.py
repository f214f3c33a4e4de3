"""Stacked-MNIST: three independently drawn MNIST digits as the R, G, B channels (1,000 modes).

The arrays side is NumPy only; `stacked_mnist_dataset` imports TensorFlow
when called, for `kerasgan.data.load("stacked_mnist", ...)`.
"""

import numpy as np

from kerasgan._utils import check_positive_int
from kerasgan.data import _arrays
from kerasgan.data.mnist import check_split, mnist_split

NUM_MODES = 1000
# PacGAN's VEEGAN-protocol training set (stacked_MNIST_experiments/VEEGAN_experiment).
DEFAULT_NUM_SAMPLES = 128_000


def mode_of(digits):
    """Mode index 100·d_R + 10·d_G + d_B of digit triples `(n, 3)` -> `(n,)` in 0..999."""
    digits = np.asarray(digits)
    return (100 * digits[:, 0] + 10 * digits[:, 1] + digits[:, 2]).astype("int32")


def stacked_indices(num_base, num_samples, seed):
    """`(num_samples, 3)` base-image indices, drawn uniformly with replacement."""
    return np.random.default_rng(seed).integers(0, num_base, size=(num_samples, 3))


def _prepare(split, num_samples, seed, image_size):
    check_split(split, "stacked_mnist")
    num_samples = DEFAULT_NUM_SAMPLES if num_samples is None else num_samples
    check_positive_int("num_samples", num_samples)
    seed = _arrays.check_seed(seed)
    size = _arrays.check_image_size(image_size)
    base, digits = mnist_split("mnist", split)
    index = stacked_indices(len(base), num_samples, seed)
    return base, index, mode_of(digits[index]), size


def stacked_mnist_arrays(num_samples=None, *, split="train", seed=None, image_size=None):
    """Stacked-MNIST samples as float32 RGB images in [-1, 1] with their mode labels.

    Each sample stacks three MNIST images drawn independently and uniformly
    (with replacement) from `split` as its R, G and B channels, so the data
    has 10³ = 1,000 modes, the digit triples. The mode label is

        mode = 100·d_R + 10·d_G + d_B,   d_c ∈ {0, ..., 9}.

    Pixels v are scaled as v / 127.5 − 1. The protocol of VEEGAN and
    PacGAN (Table 2): 28×28×3 images, 128,000 training samples (PacGAN's
    code, which draws from train + test: `split="train+test"`), 26,000
    generated samples scored. R3GAN reports 32×32 (`image_size=32`).

    Args:
        num_samples: Number of stacked samples. Defaults to None (128,000,
            which as float32 arrays take 1.2 GB: train through
            `kerasgan.data.load("stacked_mnist", ...)`, which gathers batches
            from the uint8 MNIST images instead).
        split: The MNIST images drawn from: `"train"`, `"test"` or
            `"train+test"`. Defaults to `"train"`.
        seed: Seed of the draw; the same seed gives the same samples.
            Defaults to None.
        image_size: Resize to this size (bilinear). Defaults to None (28×28).

    Returns:
        `(x, y)`: float32 `(n, h, w, 3)` in [-1, 1] and int32 modes `(n,)`.

    Example:

    ```python
    x, modes = kerasgan.data.stacked_mnist_arrays(26_000, seed=0)
    len(set(modes))   # 1000
    ```

    Reference:
        Metz et al., 2017, "Unrolled Generative Adversarial Networks",
        Section 3.3.1 (stacked MNIST). Srivastava et al., 2017, "VEEGAN",
        Section 5.2. Lin et al., 2018, "PacGAN", Section 5.2, Table 2.
    """
    base, index, modes, size = _prepare(split, num_samples, seed, image_size)
    x = np.stack([base[index[:, c]] for c in range(3)], axis=-1)
    x = x.astype("float32") / 127.5 - 1.0
    if size is not None:
        x = np.clip(_arrays.resize(x, size), -1.0, 1.0)
    return x, modes


def stacked_mnist_dataset(*, batch_size, num_samples=None, split="train", seed=None,
                          image_size=None, labels=False, shuffle=True, drop_remainder=True,
                          repeat=False, deterministic=True):
    """`kerasgan.data.load("stacked_mnist", ...)`: a `tf.data` pipeline of stacked samples.

    It keeps the MNIST images once (uint8) and the `(n, 3)` index triples,
    and builds each batch by gathering, so 128,000 samples cost 47 MB, not
    300 MB. Unshuffled, the samples equal `stacked_mnist_arrays` with the
    same arguments (the same seed draws the same triples; with `image_size`
    up to the resize's rounding); shuffling uses `seed` too.

    Args:
        batch_size, num_samples, split, seed, image_size, labels, shuffle,
        drop_remainder, repeat, deterministic: As in `kerasgan.data.load`
            and `stacked_mnist_arrays`.

    Returns:
        A `tf.data.Dataset` of float32 `(batch, h, w, 3)` images in [-1, 1],
        or `(images, modes)` with int32 modes.
    """
    import tensorflow as tf

    from kerasgan.data.pipeline import finish

    base, index, modes, size = _prepare(split, num_samples, seed, image_size)
    _arrays.check_batch_fits(batch_size, len(index), drop_remainder)
    base_t, index_t, modes_t = tf.constant(base), tf.constant(index), tf.constant(modes)

    def gather(i):
        triples = tf.gather(index_t, i)                            # (b, 3)
        x = tf.stack([tf.gather(base_t, triples[:, c]) for c in range(3)], axis=-1)
        x = tf.cast(x, tf.float32) / 127.5 - 1.0
        if size is not None:
            x = tf.clip_by_value(
                tf.image.resize(x, size, method="bilinear", antialias=True), -1.0, 1.0)
        return (x, tf.gather(modes_t, i)) if labels else x

    ds = tf.data.Dataset.range(len(index))
    if shuffle:
        ds = ds.shuffle(len(index), seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)
    ds = ds.map(gather, num_parallel_calls=tf.data.AUTOTUNE, deterministic=deterministic)
    return finish(ds, deterministic=deterministic)
