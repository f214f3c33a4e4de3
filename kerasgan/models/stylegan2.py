"""A small StyleGAN2 generator (skip) and discriminator (residual) (Karras et al. 2020)."""

import math

import keras

from kerasgan._utils import check_positive_int
from kerasgan.layers.constant_input import ConstantInput
from kerasgan.layers.equalized import EqualizedConv2D
from kerasgan.layers.mapping_network import MappingNetwork
from kerasgan.layers.modulated_convolution import ModulatedConv2D
from kerasgan.layers.noise_injection import NoiseInjection
from kerasgan.models import _common
from kerasgan.models.stylegan import _select, critic_epilogue


def stylegan2(
    image_shape,
    latent_dim,
    *,
    w_dim=None,
    base_filters=64,
    mapping_layers=8,
    style_mixing=0.9,
    group_size=4,
    return_features=False,
    seed=None,
    name="stylegan2",
):
    """Builds a small StyleGAN2 `(generator, discriminator)` pair: config E/F's
    skip generator and residual discriminator, at one width.

    Generator: z → `MappingNetwork` (style mixing, tracked w̄, truncation) →
    `num_ws` copies of w → the synthesis network, a nested model named
    `"synthesis"` from ws `(batch, num_ws, w_dim)` to images (the path-length
    penalty differentiates it with respect to w). It starts from a learned
    4×4 constant; each resolution has two `ModulatedConv2D` 3×3 layers (the
    first upsamples), each followed by `NoiseInjection`, LeakyReLU(0.2) and
    the gain √2, and a toRGB `ModulatedConv2D` 1×1 without demodulation whose
    output is added to the upsampled image of the resolution below (skip
    architecture, Fig. 7). No normalization: demodulation replaces AdaIN.

    Discriminator: residual (Fig. 7): fromRGB at full resolution, then per
    resolution two 3×3 equalized convolutions and average pooling, plus a
    pooled 1×1 skip, summed and scaled by 1/√2; at 4×4 `MinibatchStdDev`, a
    3×3 convolution and two dense layers. Batches must be divisible by
    `group_size` (or smaller than it).

    Train it with `loss="stylegan2"` (non-saturating, lazy R1 every 16 steps,
    path-length regularization every 4 steps) and an `EMAGenerator`.

    Example:

    ```python
    generator, discriminator = kerasgan.models.stylegan2((32, 32, 3), 64, base_filters=32)
    images = generator(np.random.normal(size=(4, 64)))        # (4, 32, 32, 3)
    ```

    Args:
        image_shape: `(size, size, channels)` with size a power of two ≥ 8 and
            1 or 3 channels.
        latent_dim: Size of z.
        w_dim: Size of w. Defaults to `latent_dim`.
        base_filters: Channels of every layer. Defaults to 64.
        mapping_layers: Depth of the mapping network. Defaults to 8.
        style_mixing: Probability of style mixing in training. Defaults to 0.9.
        group_size: Minibatch-stddev group size in D. Defaults to 4.
        return_features: When True, D returns `{"logits", "features"}`.
            Defaults to False.
        seed: Seed for the noise inputs and style mixing. Defaults to None.
        name: Prefix of the two models' names. Defaults to "stylegan2".

    Returns:
        `(generator, discriminator)`, two functional `keras.Model`s.

    Reference:
        Karras et al., "Analyzing and Improving the Image Quality of StyleGAN",
        CVPR 2020, Sections 2-4, Fig. 2 and Fig. 7 (skip G, residual D).
        The upsampling here is bilinear (the paper: transposed convolution
        with a [1, 3, 3, 1] filter), the downsampling average pooling.
    """
    size, channels = _common.check_image_shape(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    w_dim = check_positive_int("w_dim", w_dim, allow_none=True) or latent_dim
    base_filters = check_positive_int("base_filters", base_filters)
    group_size = check_positive_int("group_size", group_size)
    mapping_layers = check_positive_int("mapping_layers", mapping_layers)
    n = _common.num_upsamplings(size)
    num_ws = 2 * n + 2
    seeds = iter(range(seed, seed + 2 * num_ws + 2)) if seed is not None else None

    def next_seed():
        return None if seeds is None else next(seeds)

    ws = keras.Input(shape=(num_ws, w_dim), name="ws")
    styles = [_select(ws, i, num_ws) for i in range(num_ws)]
    h = ConstantInput(base_filters, name="g_constant")(ws)
    image, index = None, 0
    for level in range(n + 1):
        resolution = 4 * 2 ** level
        for j in range(1 if level == 0 else 2):
            h = ModulatedConv2D(base_filters, 3, up=(level > 0 and j == 0),
                                name=f"g_{resolution}_conv_{j}")([h, styles[index]])
            h = NoiseInjection(seed=next_seed(), name=f"g_{resolution}_noise_{j}")(h)
            h = keras.layers.LeakyReLU(0.2, name=f"g_{resolution}_lrelu_{j}")(h)
            h = keras.layers.Rescaling(math.sqrt(2.0), name=f"g_{resolution}_gain_{j}")(h)
            index += 1
        rgb = ModulatedConv2D(channels, 1, demodulate=False,
                              name=f"g_{resolution}_to_image")([h, styles[index]])
        if image is not None:
            image = keras.layers.UpSampling2D(2, interpolation="bilinear",
                                              name=f"g_{resolution}_skip_up")(image)
            rgb = keras.layers.Add(name=f"g_{resolution}_skip")([image, rgb])
        image = rgb
    image = keras.layers.Activation("linear", dtype="float32", name="g_output")(image)
    synthesis = keras.Model(ws, image, name="synthesis")

    z = keras.Input(shape=(latent_dim,), name="z")
    mapped = MappingNetwork(
        w_dim, num_ws=num_ws, num_layers=mapping_layers, style_mixing=style_mixing,
        seed=next_seed(), name="mapping",
    )(z)
    generator = keras.Model(z, synthesis(mapped), name=f"{name}_generator")

    x = keras.Input(shape=(size, size, channels), name="x")
    h = EqualizedConv2D(base_filters, 1, activation="leaky_relu", name="d_from_image")(x)
    resolution = size
    while resolution > 4:
        skip = keras.layers.AveragePooling2D(2, name=f"d_{resolution}_skip_pool")(h)
        skip = EqualizedConv2D(base_filters, 1, gain=1.0, use_bias=False,
                               name=f"d_{resolution}_skip")(skip)
        for j in range(2):
            h = EqualizedConv2D(base_filters, 3, activation="leaky_relu",
                                name=f"d_{resolution}_conv_{j}")(h)
        h = keras.layers.AveragePooling2D(2, name=f"d_{resolution}_pool")(h)
        h = keras.layers.Add(name=f"d_{resolution}_residual")([h, skip])
        h = keras.layers.Rescaling(1.0 / math.sqrt(2.0), name=f"d_{resolution}_scale")(h)
        resolution //= 2
    outputs = critic_epilogue(h, base_filters, group_size, return_features)
    discriminator = keras.Model(x, outputs, name=f"{name}_discriminator")
    return generator, discriminator

