"""A small StyleGAN generator and discriminator (Karras, Laine & Aila 2019)."""

import keras

from kerasgan._utils import check_positive_int
from kerasgan.layers.adain import AdaIN
from kerasgan.layers.constant_input import ConstantInput
from kerasgan.layers.equalized import EqualizedConv2D, EqualizedDense
from kerasgan.layers.mapping_network import MappingNetwork
from kerasgan.layers.minibatch_stddev import MinibatchStdDev
from kerasgan.layers.noise_injection import NoiseInjection
from kerasgan.models import _common


def stylegan(
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
    name="stylegan",
):
    """Builds a small StyleGAN `(generator, discriminator)` pair.

    Generator: z → `MappingNetwork` → w (one copy per AdaIN). The synthesis
    network starts from a learned 4×4 `ConstantInput`; every layer adds
    `NoiseInjection`, a bias, LeakyReLU(0.2) and `AdaIN` with its own copy of
    w; each resolution doubles by nearest upsampling and two 3×3 equalized
    convolutions; a 1×1 convolution maps to the image (linear output, as in the
    paper; data scaled to [−1, 1]). Style mixing and the tracked w̄ live in the
    mapping network; set `generator.get_layer("mapping").truncation_psi` to
    truncate at sampling.

    Discriminator: the progressive-growing critic with equalized learning rate:
    1×1 conv from the image, per resolution two 3×3 convolutions and average
    pooling down to 4×4, `MinibatchStdDev`, a 3×3 convolution, two dense
    layers. Batches must be divisible by `group_size` (or smaller than it).

    Example:

    ```python
    generator, discriminator = kerasgan.models.stylegan((32, 32, 3), 64, base_filters=32)
    images = generator(np.random.normal(size=(4, 64)))        # (4, 32, 32, 3)
    ```

    Args:
        image_shape: `(size, size, channels)` with size a power of two ≥ 8 and
            1 or 3 channels.
        latent_dim: Size of z.
        w_dim: Size of w. Defaults to `latent_dim`.
        base_filters: Channels of every synthesis and critic layer.
            Defaults to 64.
        mapping_layers: Depth of the mapping network. Defaults to 8.
        style_mixing: Probability of style mixing in training. Defaults to 0.9.
        group_size: Minibatch-stddev group size in D. Defaults to 4.
        return_features: When True, D returns `{"logits", "features"}`.
            Defaults to False.
        seed: Seed for the noise inputs and style mixing. Defaults to None.
        name: Prefix of the two models' names. Defaults to "stylegan".

    Returns:
        `(generator, discriminator)`, two functional `keras.Model`s.

    Reference:
        Karras, Laine & Aila, "A Style-Based Generator Architecture for
        Generative Adversarial Networks", CVPR 2019, Sec. 2-3 and Fig. 1(b).
        Karras et al., "Progressive Growing of GANs", ICLR 2018, Table 2 (D).
    """
    size, channels = _common.check_image_shape(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    w_dim = check_positive_int("w_dim", w_dim, allow_none=True) or latent_dim
    base_filters = check_positive_int("base_filters", base_filters)
    group_size = check_positive_int("group_size", group_size)
    mapping_layers = check_positive_int("mapping_layers", mapping_layers)
    n = _common.num_upsamplings(size)
    num_ws = 2 * (n + 1)
    seeds = iter(range(seed, seed + 4 * num_ws + 1)) if seed is not None else None

    def next_seed():
        return None if seeds is None else next(seeds)

    z = keras.Input(shape=(latent_dim,), name="z")
    ws = MappingNetwork(
        w_dim, num_ws=num_ws, num_layers=mapping_layers, style_mixing=style_mixing,
        seed=next_seed(), name="mapping",
    )(z)
    styles = [_select(ws, i, num_ws) for i in range(num_ws)]
    h = ConstantInput(base_filters, name="g_constant")(z)
    layer = 0
    for level in range(n + 1):
        resolution = 4 * 2 ** level
        if level > 0:
            h = keras.layers.UpSampling2D(2, name=f"g_{resolution}_up")(h)
        for j in range(2):
            if level > 0 or j == 1:
                # conv + bias then noise equals the paper's conv, noise, bias (sums commute).
                h = EqualizedConv2D(base_filters, 3, name=f"g_{resolution}_conv_{j}")(h)
            h = NoiseInjection(seed=next_seed(), name=f"g_{resolution}_noise_{j}")(h)
            h = keras.layers.LeakyReLU(0.2, name=f"g_{resolution}_lrelu_{j}")(h)
            h = AdaIN(name=f"g_{resolution}_adain_{j}")([h, styles[layer]])
            layer += 1
    h = EqualizedConv2D(channels, 1, gain=1.0, name="g_to_image")(h)
    out = keras.layers.Activation("linear", dtype="float32", name="g_output")(h)
    generator = keras.Model(z, out, name=f"{name}_generator")

    x = keras.Input(shape=(size, size, channels), name="x")
    h = EqualizedConv2D(base_filters, 1, activation="leaky_relu", name="d_from_image")(x)
    resolution = size
    while resolution > 4:
        for j in range(2):
            h = EqualizedConv2D(
                base_filters, 3, activation="leaky_relu", name=f"d_{resolution}_conv_{j}"
            )(h)
        h = keras.layers.AveragePooling2D(2, name=f"d_{resolution}_pool")(h)
        resolution //= 2
    outputs = critic_epilogue(h, base_filters, group_size, return_features)
    discriminator = keras.Model(x, outputs, name=f"{name}_discriminator")
    return generator, discriminator


def critic_epilogue(h, filters, group_size, return_features):
    """The 4×4 end of the StyleGAN critics: minibatch stddev, a 3×3 convolution, two dense layers."""
    h = MinibatchStdDev(group_size, name="d_minibatch_stddev")(h)
    h = EqualizedConv2D(filters, 3, activation="leaky_relu", name="d_4_conv")(h)
    h = keras.layers.Flatten(name="d_flatten")(h)
    features = EqualizedDense(filters, activation="leaky_relu", name="d_dense")(h)
    logits = EqualizedDense(1, gain=1.0, name="d_logits")(features)
    return _common.discriminator_outputs(logits, features, return_features)


def _select(ws, index, num_ws):
    """ws (batch, num_ws, w_dim) → ws[:, index] with serializable layers."""
    crop = keras.layers.Cropping1D((index, num_ws - index - 1), name=f"w_{index}")(ws)
    return keras.layers.Flatten(name=f"w_{index}_flat")(crop)
