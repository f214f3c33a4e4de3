"""SNGAN / WGAN-GP ResNet generator and discriminator."""

import keras

from kerasgan._utils import check_positive_int
from kerasgan.models import _common, _resnet


def resnet(
    image_shape,
    latent_dim,
    *,
    base_filters=128,
    spectral_norm=True,
    generator_normalization="batch",
    num_classes=None,
    return_features=False,
    name="resnet",
):
    """Builds the ResNet `(generator, discriminator)` pair of SNGAN and WGAN-GP.

    Generator: z → dense → 4×4 → log2(size/4) residual up-blocks
    [BN, ReLU, upsample ×2, conv 3×3, BN, ReLU, conv 3×3] + [upsample, conv 1×1]
    → BN, ReLU, conv 3×3, tanh.

    Discriminator: an "optimized" first down-block, down-blocks to 8×8 (4×4 for
    8-pixel images), two more residual blocks, ReLU, global sum pooling,
    linear logit: D(x) = wᵀφ(x). All of D's convolutions and its logit layer
    are spectrally normalized by default (`kerasgan.layers.SpectralNormalization`).

    With `num_classes`, G uses class-conditional batch normalization
    (`kerasgan.layers.ConditionalBatchNormalization`) and D adds the projection
    term ⟨embed(y), φ(x)⟩ to its logit (Miyato & Koyama); both take
    `[x, labels]`.

    Example:

    ```python
    generator, discriminator = kerasgan.models.resnet((32, 32, 3), 128, base_filters=64)
    images = generator(np.random.normal(size=(4, 128)))      # (4, 32, 32, 3)
    ```

    Args:
        image_shape: `(size, size, channels)` with size a power of two ≥ 8 and
            1 or 3 channels.
        latent_dim: Size of the generator's input z.
        base_filters: Channels of every block (SNGAN's CIFAR model uses 256 in G
            and 128 in D; WGAN-GP uses 128). Defaults to 128.
        spectral_norm: Spectral normalization in D. Turn it off for WGAN-GP,
            whose gradient penalty replaces it. Defaults to True.
        generator_normalization: G's unconditional normalization: "batch" or
            "batch_renorm" (`kerasgan.layers.BatchRenormalization`, Ioffe
            2017); with `num_classes` the blocks keep conditional batch norm
            and only the output normalization follows it. Defaults to "batch".
        num_classes: Number of classes for a conditional pair, or None.
            Defaults to None.
        return_features: When True, D returns `{"logits", "features"}` with the
            pooled φ(x) as features. Defaults to False.
        name: Prefix of the two models' names. Defaults to "resnet".

    Returns:
        `(generator, discriminator)`, two functional `keras.Model`s.

    Reference:
        Miyato, Kataoka, Koyama & Yoshida, "Spectral Normalization for Generative
        Adversarial Networks", ICLR 2018, Appendix B.4 (Table 4, Fig. 8).
        Gulrajani et al., "Improved Training of Wasserstein GANs", NeurIPS 2017,
        Appendix F. Miyato & Koyama, "cGANs with Projection Discriminator",
        ICLR 2018, Eq. 3.
    """
    size, channels = _common.check_image_shape(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    base_filters = check_positive_int("base_filters", base_filters)
    _common.check_conditioning(num_classes, None)
    _common.check_choice("generator_normalization", generator_normalization, _common.BATCH_NORMS)
    z = keras.Input(shape=(latent_dim,), name="z")
    g_labels = _common.labels_input() if num_classes else None
    generator = _resnet.generator(
        z, g_labels, size=size, channels=channels, filters=base_filters,
        num_classes=num_classes, spectral_norm=False, attention_resolution=None,
        name=f"{name}_generator", normalization=generator_normalization,
    )
    x = keras.Input(shape=(size, size, channels), name="x")
    d_labels = _common.labels_input() if num_classes else None
    discriminator = _resnet.discriminator(
        x, d_labels, size=size, filters=base_filters, num_classes=num_classes,
        spectral_norm=bool(spectral_norm), attention_resolution=None,
        return_features=return_features, name=f"{name}_discriminator",
    )
    return generator, discriminator
