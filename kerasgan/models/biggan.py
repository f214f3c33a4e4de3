"""A small BigGAN generator and discriminator."""

import keras

from kerasgan._utils import check_positive_int
from kerasgan.models import _common, _resnet


def biggan(
    image_shape,
    latent_dim,
    *,
    base_filters=64,
    num_classes=None,
    shared_dim=128,
    attention_resolution="auto",
    return_features=False,
    name="biggan",
):
    """Builds a small BigGAN `(generator, discriminator)` pair.

    Generator: z is split into log2(size/4) + 1 chunks z_0, z_1, ... (the
    hierarchical latent space). z_0 feeds the dense 4×4 input; residual
    up-block k normalizes with `ConditionalBatchNormalization` whose
    γ = 1 + W_γ c_k, β = W_β c_k are linear in c_k = [e(y), z_k], e being one
    class embedding shared by all blocks (c_k = z_k when unconditional).
    Self-attention at one resolution; spectral normalization in G and D.
    Discriminator: the SAGAN/SNGAN ResNet D with self-attention and a
    projection head when conditional.

    Truncation at sampling (resample |z_i| > threshold) and orthogonal
    regularization belong to the latent tools and the regularizers.

    Example:

    ```python
    generator, discriminator = kerasgan.models.biggan((32, 32, 3), 120, num_classes=10)
    images = generator([np.random.normal(size=(2, 120)), np.array([3, 7])])
    ```

    Args:
        image_shape: `(size, size, channels)` with size a power of two ≥ 8 and
            1 or 3 channels.
        latent_dim: Size of z; at least the number of chunks, log2(size/4) + 1.
        base_filters: Channels of every residual block. Defaults to 64.
        num_classes: Number of classes for a conditional pair, or None.
            Defaults to None.
        shared_dim: Size of the shared class embedding. Defaults to 128.
        attention_resolution: Feature-map size of the attention layers: "auto"
            (size / 2; 4 for 8-pixel images), None, or one of 8, 16, 32 below
            the image size. Defaults to "auto".
        return_features: When True, D returns `{"logits", "features"}`.
            Defaults to False.
        name: Prefix of the two models' names. Defaults to "biggan".

    Returns:
        `(generator, discriminator)`, two functional `keras.Model`s.

    Reference:
        Brock, Donahue & Simonyan, "Large Scale GAN Training for High Fidelity
        Natural Image Synthesis", ICLR 2019, Sec. 3 (shared embedding,
        hierarchical latent space), Appendix B (Fig. 15, Tables 4-5).
    """
    size, channels = _common.check_image_shape(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    base_filters = check_positive_int("base_filters", base_filters)
    shared_dim = check_positive_int("shared_dim", shared_dim)
    _common.check_conditioning(num_classes, None)
    chunks = _common.num_upsamplings(size) + 1
    if latent_dim < chunks:
        raise ValueError(
            f"`latent_dim` must be at least {chunks} for {size}-pixel images: z is "
            f"split into {chunks} chunks. Received: latent_dim={latent_dim}"
        )
    attention_resolution = _resnet.check_attention_resolution(attention_resolution, size)
    z = keras.Input(shape=(latent_dim,), name="z")
    g_labels = _common.labels_input() if num_classes else None
    generator = _resnet.generator(
        z, g_labels, size=size, channels=channels, filters=base_filters,
        num_classes=num_classes, spectral_norm=True,
        attention_resolution=attention_resolution, name=f"{name}_generator",
        hierarchical=True, shared_dim=shared_dim,
    )
    x = keras.Input(shape=(size, size, channels), name="x")
    d_labels = _common.labels_input() if num_classes else None
    discriminator = _resnet.discriminator(
        x, d_labels, size=size, filters=base_filters, num_classes=num_classes,
        spectral_norm=True, attention_resolution=attention_resolution,
        return_features=return_features, name=f"{name}_discriminator",
    )
    return generator, discriminator
