"""Progressive-growing generator and discriminator (Karras et al. 2018).

`progressive(...)` builds the pair at one *current* resolution; `grow(...)`
builds the next resolution's pair and copies every shared layer's weights by
name. Layer names depend only on the resolution they belong to
(`g_8_conv_0`, `d_16_from_rgb`, ...), so variables keep their paths across
growth and the optimizers' slots can follow them (see
`kerasgan.callbacks.ProgressiveGrowing`).

Both networks keep a fixed interface at `max_resolution`: the generator's
image at the current resolution is upsampled (nearest) to `max_resolution`,
and the discriminator average-pools its input down to the current
resolution. The data pipeline, sample grids and `GAN`'s shape checks therefore
never change while the networks grow, and real and fake images reach the
critic through the same downsampling.
"""

import keras

from kerasgan._utils import check_number, check_positive_int
from kerasgan.layers.equalized import EqualizedConv2D, EqualizedDense
from kerasgan.layers.fade_in import FadeIn
from kerasgan.layers.minibatch_stddev import MinibatchStdDev
from kerasgan.layers.pixel_normalization import PixelNormalization


def _check_resolutions(max_resolution, resolution):
    for name, value in (("max_resolution", max_resolution), ("resolution", resolution)):
        check_number(name, value, low=4, integer=True, type_error=ValueError,
                     hint="Use a power of two, e.g. 16.")
        if value & (value - 1):
            raise ValueError(
                f"`{name}` must be a power of two >= 4, e.g. 16. Received: {name}={value!r}"
            )
    if resolution > max_resolution:
        raise ValueError(
            "`resolution` must not exceed `max_resolution`. "
            f"Received: resolution={resolution}, max_resolution={max_resolution}"
        )


def _conv(filters, name):
    return EqualizedConv2D(filters, 3, name=name)


def _g_block(h, resolution, filters):
    """Upsample, two 3×3 convolutions, each followed by LeakyReLU and pixel norm."""
    if resolution == 4:
        h = EqualizedDense(16 * filters, gain=2**0.5 / 4, name="g_4_dense")(h)
        h = keras.layers.Reshape((4, 4, filters), name="g_4_reshape")(h)
        convs = ["g_4_conv"]
        h = keras.layers.LeakyReLU(0.2, name="g_4_lrelu_dense")(h)
        h = PixelNormalization(name="g_4_norm_dense")(h)
    else:
        h = keras.layers.UpSampling2D(2, name=f"g_{resolution}_up")(h)
        convs = [f"g_{resolution}_conv_0", f"g_{resolution}_conv_1"]
    for conv in convs:
        h = _conv(filters, conv)(h)
        h = keras.layers.LeakyReLU(0.2, name=f"{conv}_lrelu")(h)
        h = PixelNormalization(name=f"{conv}_norm")(h)
    return h


def _to_rgb(h, resolution, channels):
    return EqualizedConv2D(channels, 1, gain=1.0, name=f"g_{resolution}_to_rgb")(h)


def _from_rgb(x, resolution, filters):
    return EqualizedConv2D(
        filters, 1, activation="leaky_relu", name=f"d_{resolution}_from_rgb"
    )(x)


def _d_block(h, resolution, filters):
    for j in range(2):
        h = EqualizedConv2D(
            filters, 3, activation="leaky_relu", name=f"d_{resolution}_conv_{j}"
        )(h)
    return keras.layers.AveragePooling2D(2, name=f"d_{resolution}_pool")(h)


def progressive(
    max_resolution,
    latent_dim,
    *,
    resolution=4,
    channels=3,
    filters=64,
    group_size=4,
    name="progressive",
):
    """Builds a progressive-growing `(generator, discriminator)` at one resolution.

    Generator (Table 2 of the paper, with one width `filters`): z → pixel norm
    → equalized dense to 4×4 → 3×3 conv; per doubling: nearest upsampling and
    two 3×3 convs; every conv is followed by LeakyReLU(0.2) and pixel norm. A
    1×1 "toRGB" conv per resolution gives the image (linear). Above 4×4, the
    output is `FadeIn` (α) between the upsampled lower-resolution toRGB and the
    new block's toRGB:

    G_r(z) = (1 − α) · up(toRGB_{r/2}(h_{r/2})) + α · toRGB_r(h_r)

    then it is upsampled (nearest) to `max_resolution`.

    Discriminator (mirrored): the input is average-pooled to the current
    resolution; "fromRGB" 1×1 conv; per halving: two 3×3 convs and average
    pooling, with the new block faded in against fromRGB_{r/2}(pool(x)); at 4×4
    `MinibatchStdDev`, a 3×3 conv, a 4×4→`filters` dense layer and a linear
    logit. Every weight layer has an equalized learning rate.

    Grow with `kerasgan.models.progressive_grow(generator, discriminator)`
    or, during `fit`, with `kerasgan.callbacks.ProgressiveGrowing`.

    Example:

    ```python
    generator, discriminator = kerasgan.models.progressive(16, 32, channels=1, filters=16)
    images = generator(np.random.normal(size=(4, 32)))       # (4, 16, 16, 1), drawn at 4×4
    ```

    Args:
        max_resolution: Final image size (a power of two >= 4); the networks'
            input/output size at every stage.
        latent_dim: Size of z.
        resolution: The current resolution (a power of two, 4 to
            `max_resolution`). Defaults to 4.
        channels: Image channels. Defaults to 3.
        filters: Channels of every conv layer. Defaults to 64.
        group_size: Minibatch-stddev group size in D. Defaults to 4.
        name: Prefix of the two models' names. Defaults to "progressive".

    Returns:
        `(generator, discriminator)`, two functional `keras.Model`s.

    Reference:
        Karras et al., "Progressive Growing of GANs for Improved Quality,
        Stability, and Variation", ICLR 2018, Sec. 2 (Fig. 2), Sec. 3-4.2 and
        Table 2.
    """
    _check_resolutions(max_resolution, resolution)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    channels = check_positive_int("channels", channels)
    filters = check_positive_int("filters", filters)
    group_size = check_positive_int("group_size", group_size)

    z = keras.Input(shape=(latent_dim,), name="z")
    h = PixelNormalization(name="g_z_norm")(z)
    r, previous = 4, None
    while r <= resolution:
        previous, h = h, _g_block(h, r, filters)
        r *= 2
    image = _to_rgb(h, resolution, channels)
    if resolution > 4:
        low = _to_rgb(previous, resolution // 2, channels)
        low = keras.layers.UpSampling2D(2, name="g_fade_up")(low)
        image = FadeIn(name="g_fade")([low, image])
    if resolution < max_resolution:
        image = keras.layers.UpSampling2D(max_resolution // resolution, name="g_resize")(image)
    image = keras.layers.Activation("linear", dtype="float32", name="g_output")(image)
    generator = keras.Model(z, image, name=f"{name}_generator")

    x = keras.Input(shape=(max_resolution, max_resolution, channels), name="x")
    h = x
    if resolution < max_resolution:
        h = keras.layers.AveragePooling2D(max_resolution // resolution, name="d_resize")(h)
    r = resolution
    if resolution > 4:
        low = keras.layers.AveragePooling2D(2, name="d_fade_pool")(h)
        low = _from_rgb(low, resolution // 2, filters)
        high = _d_block(_from_rgb(h, resolution, filters), resolution, filters)
        h = FadeIn(name="d_fade")([low, high])
        r //= 2
    else:
        h = _from_rgb(h, 4, filters)
    while r > 4:
        h = _d_block(h, r, filters)
        r //= 2
    h = MinibatchStdDev(group_size, name="d_minibatch_stddev")(h)
    h = EqualizedConv2D(filters, 3, activation="leaky_relu", name="d_4_conv")(h)
    h = keras.layers.Flatten(name="d_flatten")(h)
    h = EqualizedDense(filters, activation="leaky_relu", name="d_4_dense")(h)
    logits = EqualizedDense(1, gain=1.0, name="d_logits")(h)
    discriminator = keras.Model(x, logits, name=f"{name}_discriminator")
    return generator, discriminator


def current_resolution(generator):
    """The resolution a `progressive` generator draws at (before resizing).

    Example:

    ```python
    generator, _ = kerasgan.models.progressive(16, 8, resolution=8, filters=4)
    kerasgan.models.progressive_resolution(generator)        # 8
    ```

    Args:
        generator: A `progressive` generator.

    Returns:
        The largest r with a `g_<r>_to_rgb` layer.

    Reference:
        Karras et al., "Progressive Growing of GANs", ICLR 2018, Sec. 2.
    """
    sizes = [
        int(layer.name.split("_")[1])
        for layer in generator.layers
        if layer.name.startswith("g_") and layer.name.endswith("_to_rgb")
    ]
    if not sizes:
        raise ValueError(
            "`generator` is not a kerasgan.models.progressive generator (it has no "
            f"g_<r>_to_rgb layer). Received: generator={getattr(generator, 'name', generator)!r}"
        )
    return max(sizes)


def _architecture(generator, discriminator):
    max_resolution = int(generator.outputs[0].shape[1])
    return {
        "max_resolution": max_resolution,
        "latent_dim": int(generator.inputs[0].shape[-1]),
        "channels": int(generator.outputs[0].shape[-1]),
        "filters": generator.get_layer("g_4_conv").filters,
        "group_size": discriminator.get_layer("d_minibatch_stddev").group_size,
        "name": generator.name[: -len("_generator")],
    }


def copy_weights(source, target):
    """Copies the weights of every layer of `target` that `source` has (same name)."""
    names = {layer.name: layer for layer in source.layers}
    for layer in target.layers:
        old = names.get(layer.name)
        if old is None or not layer.weights:
            continue
        for new_w, old_w in zip(layer.weights, old.weights):
            if tuple(new_w.shape) != tuple(old_w.shape):
                raise ValueError(
                    f"Layer {layer.name!r}: weight {new_w.name} has shape {new_w.shape} "
                    f"in the grown model but {old_w.shape} before; the two models must "
                    "come from the same progressive() arguments."
                )
            new_w.assign(old_w)


def grow(generator, discriminator, resolution=None):
    """Builds the pair at `resolution` (default: twice the current one), weights copied.

    Layers present in both pairs keep their weights; the new block and its
    toRGB/fromRGB start from their initializers; α of the fade-in starts at 0,
    so the grown generator draws exactly the upsampled old image.

    Example:

    ```python
    g, d = kerasgan.models.progressive(16, 8, filters=4)
    g8, d8 = kerasgan.models.progressive_grow(g, d)           # 8×8, α = 0
    ```

    Args:
        generator: A `progressive` generator.
        discriminator: Its discriminator.
        resolution: The new resolution. Defaults to twice the current one.

    Returns:
        `(generator, discriminator)` at `resolution`.

    Reference:
        Karras et al., "Progressive Growing of GANs", ICLR 2018, Sec. 2 and
        Fig. 2 (the new layers fade in; α = 0 keeps the old output).
    """
    current = current_resolution(generator)
    resolution = 2 * current if resolution is None else resolution
    arch = _architecture(generator, discriminator)
    check_number("resolution", resolution, low=current, integer=True, type_error=ValueError,
                 hint=f"A model grows from its current resolution ({current}) upwards.")
    new_g, new_d = progressive(resolution=resolution, **arch)
    copy_weights(generator, new_g)
    copy_weights(discriminator, new_d)
    for model, layer in ((new_g, "g_fade"), (new_d, "d_fade")):
        if resolution > current and any(l.name == layer for l in model.layers):
            model.get_layer(layer).alpha.assign(0.0)
    return new_g, new_d
