"""DCGAN generator and discriminator (Radford, Metz & Chintala 2016)."""

import keras

from kerasgan._utils import check_positive_int
from kerasgan.layers.pack import Pack
from kerasgan.layers.spectral_normalization import SpectralNormalization
from kerasgan.models import _common

_NORMALIZATIONS = ("batch", "batch_renorm", "layer", None)


def dcgan(
    image_shape,
    latent_dim,
    *,
    base_filters=64,
    kernel_size=4,
    normalization="batch",
    generator_normalization="batch",
    spectral_norm=False,
    num_classes=None,
    embedding_dim=None,
    pack=1,
    return_features=False,
    name="dcgan",
):
    """Builds the DCGAN `(generator, discriminator)` pair for square images.

    Generator: z → dense → reshape 4×4×(base_filters·2^(n−1)) → n transposed
    convolutions of stride 2, each halving the filters, with batch normalization
    and ReLU, the last one mapping to the image channels with tanh (outputs in
    [−1, 1]); n = log2(size / 4).

    Discriminator: n strided convolutions (base_filters, 2·base_filters, ...)
    with LeakyReLU(0.2) down to 4×4, normalization on every convolution but the
    first, then flatten → one linear logit per sample.

    With `num_classes`, G concatenates a learned label embedding to z and D
    concatenates the label embedding, broadcast to a `(size, size, embedding_dim)`
    channel map, to the image (Mirza & Osindero); both then take `[x, labels]`.

    Example:

    ```python
    generator, discriminator = kerasgan.models.dcgan((32, 32, 3), latent_dim=128)
    images = generator(np.random.normal(size=(8, 128)))    # (8, 32, 32, 3)
    logits = discriminator(images)                          # (8, 1)
    ```

    Args:
        image_shape: `(size, size, channels)` with size a power of two ≥ 8 and
            1 or 3 channels.
        latent_dim: Size of the generator's input z.
        base_filters: Filters of D's first convolution and G's last hidden one;
            they double at each halving of the resolution. Defaults to 64.
        kernel_size: Convolution kernel size in both networks. Defaults to 4
            (the paper's figure shows 5; 4 with stride 2 avoids uneven overlap).
        normalization: D's normalization: "batch" (the paper), "layer" (per-sample
            layer norm, as WGAN-GP recommends since a gradient penalty is
            per-sample), "batch_renorm" (`kerasgan.layers.BatchRenormalization`,
            Ioffe 2017), or None. Defaults to "batch".
        generator_normalization: G's normalization: "batch" or "batch_renorm".
            Defaults to "batch".
        spectral_norm: Wrap D's convolutions and logit layer in
            `kerasgan.layers.SpectralNormalization` (Miyato et al. 2018's "standard
            CNN"). Defaults to False.
        num_classes: Number of classes for a conditional pair, or None.
            Defaults to None.
        embedding_dim: Size of the label embedding. Defaults to
            `min(num_classes, 50)`.
        pack: Samples per pack for a PacGAN discriminator: D stacks every `pack`
            consecutive images (with their label maps) along the channels and
            returns `batch / pack` logits; the batch size must be divisible by
            it. Defaults to 1 (no packing).
        return_features: When True, D returns `{"logits", "features"}` with the
            flattened last convolutional block as features. Defaults to False.
        name: Prefix of the two models' names. Defaults to "dcgan".

    Returns:
        `(generator, discriminator)`, two functional `keras.Model`s.

    Reference:
        Radford, Metz & Chintala, "Unsupervised Representation Learning with Deep
        Convolutional Generative Adversarial Networks", ICLR 2016, Sec. 3 (the
        architecture guidelines), Sec. 4 (training details) and Fig. 1.
        Gulrajani et al., "Improved Training of Wasserstein GANs", NeurIPS 2017,
        Sec. 4 (no batch norm in the critic). Ioffe, "Batch Renormalization",
        NeurIPS 2017, Algorithm 1. Mirza & Osindero, "Conditional
        Generative Adversarial Nets", 2014, Sec. 3.2.
    """
    size, channels = _common.check_image_shape(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    base_filters = check_positive_int("base_filters", base_filters)
    kernel_size = check_positive_int("kernel_size", kernel_size)
    _common.check_choice("normalization", normalization, _NORMALIZATIONS)
    _common.check_choice("generator_normalization", generator_normalization, _common.BATCH_NORMS)
    embedding_dim = _common.check_conditioning(num_classes, embedding_dim)
    pack = check_positive_int("pack", pack)
    n = _common.num_upsamplings(size)

    # Generator.
    z = keras.Input(shape=(latent_dim,), name="z")
    g_labels = _common.labels_input() if num_classes else None
    h = z
    if g_labels is not None:
        emb = _common.label_embedding(g_labels, num_classes, embedding_dim, "g_label")
        h = keras.layers.Concatenate(name="g_condition")([z, emb])
    filters = base_filters * 2 ** (n - 1)
    h = keras.layers.Dense(
        4 * 4 * filters, use_bias=False, kernel_initializer=_common.dcgan_init(), name="g_project"
    )(h)
    h = keras.layers.Reshape((4, 4, filters), name="g_reshape")(h)
    h = _bn_relu(h, "g_block_0", generator_normalization)
    for i in range(1, n):
        filters //= 2
        h = keras.layers.Conv2DTranspose(
            filters, kernel_size, strides=2, padding="same", use_bias=False,
            kernel_initializer=_common.dcgan_init(), name=f"g_block_{i}_deconv",
        )(h)
        h = _bn_relu(h, f"g_block_{i}", generator_normalization)
    h = keras.layers.Conv2DTranspose(
        channels, kernel_size, strides=2, padding="same",
        kernel_initializer=_common.dcgan_init(), name="g_to_image",
    )(h)
    out = keras.layers.Activation("tanh", dtype="float32", name="g_output")(h)
    generator = keras.Model(_common.inputs_list(z, g_labels), out, name=f"{name}_generator")

    # Discriminator.
    x = keras.Input(shape=(size, size, channels), name="x")
    d_labels = _common.labels_input() if num_classes else None
    h = x
    if d_labels is not None:
        label_map = _common.label_channel_map(d_labels, num_classes, embedding_dim, size, "d_label")
        h = keras.layers.Concatenate(name="d_condition")([x, label_map])
    if pack > 1:
        h = Pack(pack, name="d_pack")(h)
    filters = base_filters
    for i in range(n):
        conv = keras.layers.Conv2D(
            filters, kernel_size, strides=2, padding="same",
            use_bias=i == 0 or normalization is None,
            kernel_initializer=_common.dcgan_init(), name=f"d_block_{i}_conv",
        )
        h = _maybe_sn(conv, spectral_norm)(h)
        if i > 0 and normalization in _common.BATCH_NORMS:
            h = _common.batch_norm(normalization, f"d_block_{i}_bn")(h)
        elif i > 0 and normalization == "layer":
            h = keras.layers.LayerNormalization(axis=(1, 2, 3), name=f"d_block_{i}_ln")(h)
        h = keras.layers.LeakyReLU(negative_slope=0.2, name=f"d_block_{i}_lrelu")(h)
        filters *= 2
    features = keras.layers.Flatten(name="d_flatten")(h)
    logits = _maybe_sn(
        keras.layers.Dense(1, kernel_initializer=_common.dcgan_init(), name="d_logits"),
        spectral_norm,
    )(features)
    outputs = _common.discriminator_outputs(logits, features, return_features)
    discriminator = keras.Model(
        _common.inputs_list(x, d_labels), outputs, name=f"{name}_discriminator"
    )
    return generator, discriminator


def _bn_relu(h, prefix, kind):
    h = _common.batch_norm(kind, f"{prefix}_bn")(h)
    return keras.layers.ReLU(name=f"{prefix}_relu")(h)


def _maybe_sn(layer, spectral_norm):
    if not spectral_norm:
        return layer
    return SpectralNormalization(layer, name=f"{layer.name}_sn")
