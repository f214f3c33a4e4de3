"""R3GAN's modernized backbone (Huang et al. 2024): grouped inverted bottlenecks, no norm."""

import math

import keras
import numpy as np
from keras import ops

from kerasgan._utils import check_positive_int
from kerasgan.models import _common

#: The leaky ReLU's gain √(2 / (1 + 0.2²)).
GAIN = math.sqrt(2.0 / (1.0 + 0.2**2))

#: Architectures: the paper's configs (train.py presets) and a CPU-sized one.
#: "width", "cardinality" and "blocks" are per stage (the same at every stage here).
PRESETS = {
    # CIFAR-10 / ImageNet-32 (32 px): 4 stages of 768 (1536) channels, 96 groups,
    # 2 blocks each, expansion 2, z of 64.
    "cifar10": {"width": 768, "cardinality": 96, "blocks": 2, "expansion": 2},
    "imagenet-32": {"width": 1536, "cardinality": 96, "blocks": 2, "expansion": 2},
    # CPU: 12x narrower than CIFAR-10's, one block a stage, the paper's 16 channels
    # per group (width 64 x expansion 2 / 8 groups).
    "small": {"width": 64, "cardinality": 8, "blocks": 1, "expansion": 2},
}


def _msr(gain, fan_in):
    """The paper's MSR initializer: N(0, (gain / √fan_in)²); gain 0 gives zeros."""
    if gain == 0:
        return keras.initializers.Zeros()
    return keras.initializers.RandomNormal(stddev=gain / math.sqrt(fan_in))


@keras.saving.register_keras_serializable(package="kerasgan")
class LowpassKernel(keras.initializers.Initializer):
    """The separable [1, 3, 3, 1]/8 ⊗ [1, 3, 3, 1]/8 filter of bilinear 2× resampling."""

    def __call__(self, shape, dtype=None):
        taps = np.array([1.0, 3.0, 3.0, 1.0]) / 8.0
        kernel = np.outer(taps, taps)[:, :, None, None]
        return ops.cast(np.broadcast_to(kernel, shape).copy(), dtype or "float32")

    def get_config(self):
        return {}


@keras.saving.register_keras_serializable(package="kerasgan")
class GenerativeBasis(keras.layers.Layer):
    """A learned (size, size, channels) basis scaled per channel: B ⊙ h, h of shape (batch, C)."""

    def __init__(self, size, **kwargs):
        super().__init__(**kwargs)
        self.size = check_positive_int("size", size)

    def build(self, input_shape):
        self.basis = self.add_weight(shape=(1, self.size, self.size, input_shape[-1]),
                                     initializer=keras.initializers.RandomNormal(stddev=1.0),
                                     name="basis")

    def call(self, h):
        return ops.cast(self.basis, self.compute_dtype) * h[:, None, None, :]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.size, self.size, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "size": self.size}


def _conv(filters, kernel, fan_in, gain, name, *, groups=1, bias=False):
    return keras.layers.Conv2D(filters, kernel, padding="same", groups=groups, use_bias=bias,
                               kernel_initializer=_msr(gain, fan_in), name=name)


def residual_block(x, cardinality, expansion, total_blocks, name):
    """x + conv1×1(φ(conv3×3_grouped(φ(conv1×1(x))))), the last conv zero-initialized.

    The two inner layers get gain·L^(-1/4) (L = blocks in the network), the
    output layer starts at zero, so every block is the identity at
    initialization (the paper's fix-up-style init, Sec. 3.3 / their Networks.py).
    """
    channels = x.shape[-1]
    wide = channels * expansion
    gain = GAIN * total_blocks ** (-1.0 / 4.0)
    y = _conv(wide, 1, channels, gain, f"{name}_expand", bias=True)(x)
    y = keras.layers.LeakyReLU(0.2, name=f"{name}_act1")(y)
    y = _conv(wide, 3, wide // cardinality * 9, gain, f"{name}_grouped", groups=cardinality,
              bias=True)(y)
    y = keras.layers.LeakyReLU(0.2, name=f"{name}_act2")(y)
    y = _conv(channels, 1, wide, 0.0, f"{name}_project")(y)
    return keras.layers.Add(name=f"{name}_add")([x, y])


def _stages(size):
    """(basis size s0, number of stages): size = s0·2^(stages-1), 4 ≤ s0 ≤ 7."""
    s0, stages = size, 1
    while s0 % 2 == 0 and s0 >= 8:
        s0, stages = s0 // 2, stages + 1
    return s0, stages


def _per_stage(name, value, stages):
    values = (value,) * stages if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(values, (tuple, list)) or len(values) != stages:
        raise ValueError(f"`{name}` must be an int or a tuple of {stages} ints (one per stage, "
                         f"lowest resolution first). Received: {name}={value!r}")
    return tuple(check_positive_int(name, v) for v in values)


def _check_image_shape(image_shape):
    ok = (isinstance(image_shape, (tuple, list)) and len(image_shape) == 3
          and all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in image_shape)
          and image_shape[0] == image_shape[1] and image_shape[0] >= 8
          and 4 <= _stages(image_shape[0])[0] <= 7)
    if not ok:
        raise ValueError("`image_shape` must be (size, size, channels) with size = s·2^k, 4 ≤ s ≤ 7, "
                         f"k ≥ 1 (e.g. 28, 32, 64). Received: image_shape={image_shape!r}")
    return image_shape[0], image_shape[2]


def r3gan(image_shape, latent_dim=64, *, preset="small", width=None, cardinality=None,
          blocks=None, expansion=None, num_classes=None, embedding_dim=None,
          output_activation="linear", name="r3gan"):
    """Builds R3GAN's `(generator, discriminator)`: the modernized ConvNeXt-style GAN.

    Generator: [z, embed(y)] → a learned s0×s0 basis scaled per channel by a
    linear map of the input → stages (bilinear ×2 upsampling, a 1×1 convolution
    where the width changes, `blocks` residual blocks) → 1×1 convolution to the
    image, linear output. Discriminator: the mirror image (1×1 from the image,
    blocks, [1,3,3,1] low-pass 2× downsampling, ..., a depthwise s0×s0 basis and
    a linear head; conditional: ⟨head(x), embed(y)⟩ projection).

    Each residual block is an inverted bottleneck: 1×1 expand by `expansion`,
    3×3 grouped convolution with `cardinality` groups, 1×1 project back, leaky
    ReLU(0.2) after the first two, no normalization layer anywhere. Weights are
    N(0, gain²/fan_in); the last layer of every block is zero so that each
    block starts as the identity, and the inner gains are scaled by L^(-1/4)
    (L = blocks in the network), the paper's fix-up-style initialization.

    Example:

    ```python
    generator, discriminator = kerasgan.models.r3gan((32, 32, 3), 64)   # preset "small"
    images = generator(np.random.normal(size=(4, 64)))                   # (4, 32, 32, 3)
    ```

    Args:
        image_shape: `(size, size, channels)`, size = s·2^k with 4 ≤ s ≤ 7
            (28, 32, 48, 64, ...).
        latent_dim: Size of z (the paper's 64). Defaults to 64.
        preset: A name from `PRESETS` giving width, cardinality, blocks and
            expansion: "cifar10" / "imagenet-32" (the paper's 32-px configs) or
            "small" (CPU-sized). Defaults to "small".
        width: Channels per stage (int or tuple, lowest resolution first;
            D uses the reverse). Defaults to the preset's.
        cardinality: Groups of the 3×3 convolution per stage. Defaults to the preset's.
        blocks: Residual blocks per stage. Defaults to the preset's.
        expansion: Inverted-bottleneck expansion ratio. Defaults to the preset's (2).
        num_classes: Number of classes for a conditional pair, or None.
            Defaults to None.
        embedding_dim: Size of G's class embedding (concatenated to z).
            Defaults to `latent_dim` (the paper's choice); D's embedding has
            the width of its last stage.
        output_activation: G's output activation: "linear" (the paper's,
            which clamps to [-1, 1] only when saving images) or "tanh" (for
            metrics that require [-1, 1]). Defaults to "linear".
        name: Prefix of the two models' names. Defaults to "r3gan".

    Returns:
        `(generator, discriminator)`, two functional `keras.Model`s; conditional
        ones take `[inputs, labels]`.

    Reference:
        Huang, Gokaslan, Kuleshov & Tompkin, "The GAN is dead; long live the
        GAN! A Modern GAN Baseline", NeurIPS 2024, Section 3.3 and Fig. 3
        (architecture), Appendix (configurations).
    """
    size, channels = _check_image_shape(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    if preset not in PRESETS:
        raise ValueError(f"`preset` must be one of {sorted(PRESETS)}. Received: preset={preset!r}")
    config = dict(PRESETS[preset])
    s0, stages = _stages(size)
    widths = _per_stage("width", width if width is not None else config["width"], stages)
    groups = _per_stage("cardinality", cardinality if cardinality is not None
                        else config["cardinality"], stages)
    depth = _per_stage("blocks", blocks if blocks is not None else config["blocks"], stages)
    expansion = check_positive_int("expansion", expansion if expansion is not None
                                   else config["expansion"])
    for w, g in zip(widths, groups):
        if (w * expansion) % g:
            raise ValueError(f"`cardinality` must divide width × expansion = {w * expansion}. "
                             f"Received: cardinality={g} for width={w}")
    embedding_dim = _common.check_conditioning(num_classes, embedding_dim or latent_dim)
    _common.check_choice("output_activation", output_activation, ("linear", "tanh"))
    total = sum(depth)
    generator = _generator(size, channels, latent_dim, s0, widths, groups, depth, expansion,
                           total, num_classes, embedding_dim, output_activation, name)
    discriminator = _discriminator(size, channels, s0, widths[::-1], groups[::-1], depth[::-1],
                                   expansion, total, num_classes, name)
    return generator, discriminator


def _generator(size, channels, latent_dim, s0, widths, groups, depth, expansion, total,
               num_classes, embedding_dim, activation, name):
    z = keras.Input((latent_dim,), name="z")
    labels = _common.labels_input() if num_classes else None
    h, fan_in = z, latent_dim
    if labels is not None:
        e = keras.layers.Embedding(num_classes, embedding_dim, name="g_label_embedding",
                                   embeddings_initializer=_msr(1.0, num_classes))(labels)
        h = keras.layers.Concatenate(name="g_condition")([z, keras.layers.Flatten()(e)])
        fan_in += embedding_dim
    h = keras.layers.Dense(widths[0], use_bias=False, kernel_initializer=_msr(1.0, fan_in),
                           name="g_basis_scale")(h)
    x = GenerativeBasis(s0, name="g_basis")(h)
    for stage, (w, g, n) in enumerate(zip(widths, groups, depth)):
        if stage > 0:
            if x.shape[-1] != w:
                x = _conv(w, 1, x.shape[-1], 1.0, f"g_stage{stage}_transition")(x)
            x = keras.layers.UpSampling2D(interpolation="bilinear", name=f"g_stage{stage}_up")(x)
        for b in range(n):
            x = residual_block(x, g, expansion, total, f"g_stage{stage}_block{b}")
    x = _conv(channels, 1, widths[-1], 1.0, "g_to_image")(x)
    out = keras.layers.Activation(activation, dtype="float32", name="g_output")(x)
    return keras.Model(_common.inputs_list(z, labels), out, name=f"{name}_generator")


def _discriminator(size, channels, s0, widths, groups, depth, expansion, total, num_classes, name):
    x_in = keras.Input((size, size, channels), name="x")
    labels = _common.labels_input() if num_classes else None
    x = _conv(widths[0], 1, channels, 1.0, "d_from_image")(x_in)
    last = len(widths) - 1
    for stage, (w, g, n) in enumerate(zip(widths, groups, depth)):
        for b in range(n):
            x = residual_block(x, g, expansion, total, f"d_stage{stage}_block{b}")
        if stage < last:
            x = keras.layers.DepthwiseConv2D(4, strides=2, padding="same", use_bias=False,
                                             depthwise_initializer=LowpassKernel(), trainable=False,
                                             name=f"d_stage{stage}_down")(x)
            if widths[stage + 1] != w:
                x = _conv(widths[stage + 1], 1, w, 1.0, f"d_stage{stage}_transition")(x)
    x = keras.layers.DepthwiseConv2D(s0, padding="valid", use_bias=False,
                                     depthwise_initializer=_msr(1.0, s0 * s0), name="d_basis")(x)
    features = keras.layers.Flatten(name="d_features")(x)
    out_dim = 1 if labels is None else widths[-1]
    h = keras.layers.Dense(out_dim, use_bias=False, kernel_initializer=_msr(1.0, widths[-1]),
                           name="d_head")(features)
    if labels is not None:
        e = keras.layers.Embedding(num_classes, out_dim, name="d_label_embedding",
                                   embeddings_initializer=_msr(1.0 / math.sqrt(out_dim),
                                                               num_classes))(labels)
        h = keras.layers.Dot(axes=1, name="d_projection")([h, keras.layers.Flatten()(e)])
    logits = keras.layers.Activation("linear", dtype="float32", name="d_logits")(h)
    return keras.Model(_common.inputs_list(x_in, labels), logits, name=f"{name}_discriminator")
