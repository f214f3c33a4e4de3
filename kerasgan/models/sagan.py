"""Self-attention GAN (SAGAN) generator and discriminator."""

import keras

from kerasgan._utils import check_positive_int
from kerasgan.models import _common, _resnet


def sagan(
    image_shape,
    latent_dim,
    *,
    base_filters=64,
    attention_resolution="auto",
    num_classes=None,
    return_features=False,
    name="sagan",
):
    """Builds a small SAGAN `(generator, discriminator)` pair.

    The ResNet pair of `kerasgan.models.resnet` with the three changes of SAGAN:
    a `kerasgan.layers.SelfAttention` layer in G and in D at one feature-map
    resolution, spectral normalization in G as well as in D, and (when
    conditional) class-conditional BN in G with a projection discriminator.
    The paper trains it with the hinge loss and two time-scale learning rates
    (D 4e-4, G 1e-4, Adam β = (0, 0.9)).

    Example:

    ```python
    generator, discriminator = kerasgan.models.sagan((32, 32, 3), 128, base_filters=32)
    logits = discriminator(generator(np.random.normal(size=(2, 128))))   # (2, 1)
    ```

    Args:
        image_shape: `(size, size, channels)` with size a power of two ≥ 8 and
            1 or 3 channels.
        latent_dim: Size of the generator's input z.
        base_filters: Channels of every residual block. Defaults to 64.
        attention_resolution: Feature-map size of the attention layers (one in
            G, one in D): `"auto"` for size / 2 (4 for 8-pixel images), None for
            none, or one of 8, 16, 32 below the image size. Defaults to "auto".
        num_classes: Number of classes for a conditional pair, or None.
            Defaults to None.
        return_features: When True, D returns `{"logits", "features"}`.
            Defaults to False.
        name: Prefix of the two models' names. Defaults to "sagan".

    Returns:
        `(generator, discriminator)`, two functional `keras.Model`s.

    Reference:
        Zhang, Goodfellow, Metaxas & Odena, "Self-Attention Generative
        Adversarial Networks", ICML 2019, Sec. 3-5 (attention at the 32×32
        feature maps of the 128×128 model; SN in G and D; TTUR).
    """
    size, channels = _common.check_image_shape(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    base_filters = check_positive_int("base_filters", base_filters)
    _common.check_conditioning(num_classes, None)
    attention_resolution = _resnet.check_attention_resolution(attention_resolution, size)
    z = keras.Input(shape=(latent_dim,), name="z")
    g_labels = _common.labels_input() if num_classes else None
    generator = _resnet.generator(
        z, g_labels, size=size, channels=channels, filters=base_filters,
        num_classes=num_classes, spectral_norm=True,
        attention_resolution=attention_resolution, name=f"{name}_generator",
    )
    x = keras.Input(shape=(size, size, channels), name="x")
    d_labels = _common.labels_input() if num_classes else None
    discriminator = _resnet.discriminator(
        x, d_labels, size=size, filters=base_filters, num_classes=num_classes,
        spectral_norm=True, attention_resolution=attention_resolution,
        return_features=return_features, name=f"{name}_discriminator",
    )
    return generator, discriminator
