"""Autoencoder discriminator for energy-based GANs (EBGAN, BEGAN)."""

import keras

from kerasgan._utils import check_positive_int
from kerasgan.layers.reconstruction_energy import ReconstructionEnergy
from kerasgan.models import _common


def autoencoder_discriminator(
    image_shape_or_dim,
    *,
    code_dim=64,
    base_filters=64,
    hidden_units=(256,),
    energy="mse",
    name="autoencoder_discriminator",
):
    """Builds an autoencoder discriminator whose output is its reconstruction energy.

    D(x) = e(x, Dec(Enc(x))), with e the per-sample mean squared error (EBGAN) or
    mean absolute error (BEGAN). The model returns the dict
    `{"logits": D(x) (batch, 1), "features": Enc(x) (batch, code_dim),
    "aux": Dec(Enc(x))}`: losses such as `EBGANLoss` and `BEGANLoss` read the
    energy as the logits, the pulling-away term reads the code as features.

    Images `(size, size, channels)`: the encoder is strided 4×4 convolutions with
    LeakyReLU(0.2) (base_filters, doubling) down to 4×4, then a dense code; the
    decoder mirrors it with transposed convolutions and ReLU, and a linear 3×3
    convolution to the image. Vectors (an int `dim`): dense layers of
    `hidden_units` with ReLU around the code. No batch normalization, so that a
    sample's energy does not depend on the rest of its batch.

    Example:

    ```python
    discriminator = kerasgan.models.autoencoder_discriminator((32, 32, 3), code_dim=32)
    out = discriminator(np.zeros((2, 32, 32, 3), "float32"))
    out["logits"].shape, out["aux"].shape       # (2, 1), (2, 32, 32, 3)
    ```

    Args:
        image_shape_or_dim: `(size, size, channels)` (size a power of two ≥ 8) or
            the size of flat samples.
        code_dim: Size of the code Enc(x). Defaults to 64.
        base_filters: Filters of the first encoder convolution (images).
            Defaults to 64.
        hidden_units: Hidden widths of the encoder (vectors); the decoder uses
            them reversed. Defaults to `(256,)`.
        energy: "mse" (EBGAN) or "l1" (BEGAN). Defaults to "mse".
        name: The model's name. Defaults to "autoencoder_discriminator".

    Returns:
        A functional `keras.Model` returning the dict above.

    Reference:
        Zhao, Mathieu & LeCun, "Energy-based Generative Adversarial Networks",
        ICLR 2017, Sec. 2.3 and App. C. Berthelot, Schumm & Metz, "BEGAN:
        Boundary Equilibrium Generative Adversarial Networks", 2017, Sec. 3.5.
    """
    code_dim = check_positive_int("code_dim", code_dim)
    _common.check_choice("energy", energy, ("mse", "l1"))
    if isinstance(image_shape_or_dim, int) and not isinstance(image_shape_or_dim, bool):
        dim = check_positive_int("image_shape_or_dim", image_shape_or_dim)
        hidden_units = _common.check_units("hidden_units", hidden_units)
        x = keras.Input(shape=(dim,), name="x")
        h = x
        for i, units in enumerate(hidden_units):
            h = keras.layers.Dense(units, activation="relu", name=f"enc_dense_{i}")(h)
        code = keras.layers.Dense(code_dim, name="code")(h)
        h = code
        for i, units in enumerate(reversed(hidden_units)):
            h = keras.layers.Dense(units, activation="relu", name=f"dec_dense_{i}")(h)
        reconstruction = keras.layers.Dense(dim, name="reconstruction")(h)
    else:
        try:
            size, channels = _common.check_image_shape(image_shape_or_dim, channels=None)
        except ValueError:
            raise ValueError(
                "`image_shape_or_dim` must be a positive int (flat samples) or "
                "(size, size, channels) with size a power of two >= 8. "
                f"Received: image_shape_or_dim={image_shape_or_dim!r}"
            ) from None
        base_filters = check_positive_int("base_filters", base_filters)
        n = _common.num_upsamplings(size)
        x = keras.Input(shape=(size, size, channels), name="x")
        h, filters = x, base_filters
        for i in range(n):
            h = keras.layers.Conv2D(filters, 4, strides=2, padding="same", name=f"enc_conv_{i}")(h)
            h = keras.layers.LeakyReLU(0.2, name=f"enc_lrelu_{i}")(h)
            filters *= 2
        filters //= 2
        h = keras.layers.Flatten(name="enc_flatten")(h)
        code = keras.layers.Dense(code_dim, name="code")(h)
        h = keras.layers.Dense(16 * filters, activation="relu", name="dec_project")(code)
        h = keras.layers.Reshape((4, 4, filters), name="dec_reshape")(h)
        for i in range(n):
            filters = max(filters // 2, base_filters)
            h = keras.layers.Conv2DTranspose(
                filters, 4, strides=2, padding="same", activation="relu", name=f"dec_deconv_{i}"
            )(h)
        reconstruction = keras.layers.Conv2D(channels, 3, padding="same", name="reconstruction")(h)
    reconstruction = keras.layers.Activation("linear", dtype="float32", name="aux")(reconstruction)
    logits = ReconstructionEnergy(energy, name="energy")([x, reconstruction])
    outputs = {"logits": logits, "features": code, "aux": reconstruction}
    return keras.Model(x, outputs, name=name)
