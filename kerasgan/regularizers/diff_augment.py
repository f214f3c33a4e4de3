"""Differentiable augmentation of every image the discriminator sees."""

import keras
from keras import ops

from kerasgan.hooks import Hook

POLICIES = ("color", "translation", "cutout")


def _uniform(step, shape, low=0.0, high=1.0):
    return keras.random.uniform(shape, low, high, seed=step.seed_generator, dtype="float32")


def color(x, step):
    """Random brightness (+U[-.5,.5]), saturation (×U[0,2]) and contrast (×U[.5,1.5])."""
    b = ops.shape(x)[0]
    x = x + (_uniform(step, (b, 1, 1, 1)) - 0.5)
    mean = ops.mean(x, axis=3, keepdims=True)
    x = (x - mean) * _uniform(step, (b, 1, 1, 1), 0.0, 2.0) + mean
    mean = ops.mean(x, axis=(1, 2, 3), keepdims=True)
    return (x - mean) * _uniform(step, (b, 1, 1, 1), 0.5, 1.5) + mean


def _shift_matrix(step, batch, size, ratio):
    """(batch, size, size) 0/1 matrices that shift by ±ratio·size, zero-filled."""
    limit = int(size * ratio + 0.5)
    shift = ops.floor(_uniform(step, (batch, 1, 1), -limit, limit + 1))
    i = ops.cast(ops.arange(size), "float32")[None, :, None]
    j = ops.cast(ops.arange(size), "float32")[None, None, :]
    return ops.cast(ops.equal(j, i - shift), "float32")


def translation(x, step, ratio=0.125):
    """Shifts each image by up to `ratio` of its size, padding with zeros."""
    b, h, w = ops.shape(x)[0], x.shape[1], x.shape[2]
    rows = _shift_matrix(step, b, h, ratio)
    cols = _shift_matrix(step, b, w, ratio)
    x = ops.einsum("bij,bjwc->biwc", rows, x)
    return ops.einsum("bkw,bhwc->bhkc", cols, x)


def cutout(x, step, ratio=0.5):
    """Zeroes one square of side `ratio`·size at a random place in each image."""
    b, h, w = ops.shape(x)[0], x.shape[1], x.shape[2]
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    top = ops.floor(_uniform(step, (b, 1, 1), 0, h + 1 - ch))
    left = ops.floor(_uniform(step, (b, 1, 1), 0, w + 1 - cw))
    i = ops.cast(ops.arange(h), "float32")[None, :, None]
    j = ops.cast(ops.arange(w), "float32")[None, None, :]
    inside = (i >= top) & (i < top + ch) & (j >= left) & (j < left + cw)
    return x * ops.cast(~inside, x.dtype)[..., None]


_AUGMENTS = {"color": color, "translation": translation, "cutout": cutout}


@keras.saving.register_keras_serializable(package="kerasgan")
class DiffAugment(Hook):
    """DiffAugment: the same differentiable augmentations on real and fake images.

    D(T(x)) and D(T(G(z))) in both players' updates, T random per sample:

    - `color`: brightness x + U[-½, ½], saturation (x - x̄_c)·U[0, 2] + x̄_c,
      contrast (x - x̄)·U[½, 3/2] + x̄;
    - `translation`: shift by up to ⅛ of the size, zero padding;
    - `cutout`: zero a square of half the size at a random place.

    Every transform is written in `keras.ops` (translation as a product with
    shift matrices), so gradients reach the generator through T, and the
    discriminator never sees an un-augmented image to overfit to. Images are
    `(batch, height, width, channels)`.

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss="hinge",
                regularizers=[kerasgan.regularizers.DiffAugment("color,translation,cutout")])
    ```

    Args:
        policy: Comma-separated transforms, applied in this order: any of
            "color", "translation", "cutout". Defaults to
            "color,translation,cutout".
        name: Name. Defaults to "diff_augment".

    Reference:
        Zhao, Liu, Lin, Zhu & Han, "Differentiable Augmentation for
        Data-Efficient GAN Training", NeurIPS 2020, Section 3.2 and Fig. 4.
    """

    def __init__(self, policy="color,translation,cutout", *, name=None):
        super().__init__(name=name)
        if not isinstance(policy, str):
            raise TypeError(f"`policy` must be a string such as 'color,cutout'. Received: policy={policy!r}")
        parts = [p.strip() for p in policy.split(",") if p.strip()]
        unknown = [p for p in parts if p not in _AUGMENTS]
        if unknown or not parts:
            raise ValueError(
                f"`policy` must list transforms from {POLICIES}, comma-separated. "
                f"Received: policy={policy!r}"
            )
        self.policy = ",".join(parts)

    def build(self, gan):
        shape = gan.discriminator.input_shape
        shape = shape[0] if isinstance(shape, list) else shape
        if len(shape) != 4:
            raise ValueError(
                "DiffAugment augments images (batch, height, width, channels). "
                f"Received: discriminator input shape {shape}; use InstanceNoise for "
                "other data."
            )

    def discriminator_input(self, x, step):
        out = ops.cast(x, "float32")
        for part in self.policy.split(","):
            out = _AUGMENTS[part](out, step)
        return ops.cast(out, x.dtype)

    def get_config(self):
        return {"policy": self.policy, "name": self.name}
