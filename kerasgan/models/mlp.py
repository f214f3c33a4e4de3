"""Fully connected generator and discriminator (the 2-D mixture benchmarks)."""

import keras

from kerasgan._utils import check_positive_int
from kerasgan.layers.batch_renormalization import BatchRenormalization
from kerasgan.layers.maxout import Maxout
from kerasgan.layers.pack import Pack
from kerasgan.models import _common


def mlp(
    data_dim,
    latent_dim,
    *,
    hidden_units=(400, 400, 400, 400),
    discriminator_units=(200, 200, 200),
    activation="relu",
    batch_norm=True,
    discriminator_activation="maxout",
    maxout_pieces=5,
    num_classes=None,
    embedding_dim=None,
    pack=1,
    return_features=False,
    name="mlp",
):
    """Builds a fully connected `(generator, discriminator)` pair.

    G(z) = W_L φ(... φ(BN(W_1 z)) ...) + b_L (linear output: mixture data such as
    the ring and grid benchmarks are not confined to [-1, 1]);
    D(x) = w · ψ(... ψ(V_1 x) ...) + c, a single logit per sample.

    The defaults are the PacGAN/VEEGAN 2-D mixture protocol: G has four hidden
    layers of 400 ReLU units with batch normalization, D three hidden layers of
    200 maxout units with 5 pieces. With `num_classes`, both networks take a second
    input `labels` (integers, shape `(batch,)` or `(batch, 1)`) whose learned
    embedding is concatenated to z (in G) and to x (in D), as in the conditional
    GAN of Mirza & Osindero.

    Example:

    ```python
    generator, discriminator = kerasgan.models.mlp(2, latent_dim=2)
    x = generator(np.random.normal(size=(100, 2)))      # (100, 2)
    logits = discriminator(x)                            # (100, 1)
    ```

    Args:
        data_dim: Size of one sample (2 for the mixture benchmarks).
        latent_dim: Size of the generator's input z.
        hidden_units: Widths of G's hidden layers. Defaults to `(400,) * 4`.
        discriminator_units: Widths of D's hidden layers. Defaults to `(200,) * 3`.
        activation: G's hidden activation (any Keras activation name).
            Defaults to "relu".
        batch_norm: Whether G's hidden layers are batch normalized: True,
            False, or "batch_renorm" for batch renormalization
            (`kerasgan.layers.BatchRenormalization`, Ioffe 2017). Defaults to True.
        discriminator_activation: "maxout" or any Keras activation name
            (e.g. "leaky_relu"). Defaults to "maxout".
        maxout_pieces: Pieces per maxout unit. Defaults to 5.
        num_classes: Number of classes for a conditional pair, or None.
            Defaults to None.
        embedding_dim: Size of the label embedding. Defaults to
            `min(num_classes, 50)`.
        pack: Samples per pack for a PacGAN discriminator: D concatenates every
            `pack` consecutive samples (after the label embedding) and returns
            `batch / pack` logits; the batch size must be divisible by it.
            Defaults to 1 (no packing).
        return_features: When True, D returns `{"logits", "features"}` with the last
            hidden layer as features (for feature matching). Defaults to False.
        name: Prefix of the two models' names. Defaults to "mlp".

    Returns:
        `(generator, discriminator)`, two functional `keras.Model`s.

    Reference:
        Lin et al., "PacGAN: The power of two samples in generative adversarial
        networks", NeurIPS 2018, Sec. 4.1 and Appendix. Srivastava et al.,
        "VEEGAN", NeurIPS 2017, Sec. 5.1. Mirza & Osindero, "Conditional
        Generative Adversarial Nets", 2014, Sec. 3.2 and Eq. 2.
    """
    data_dim = check_positive_int("data_dim", data_dim)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    hidden_units = _common.check_units("hidden_units", hidden_units)
    discriminator_units = _common.check_units("discriminator_units", discriminator_units)
    maxout_pieces = check_positive_int("maxout_pieces", maxout_pieces)
    pack = check_positive_int("pack", pack)
    embedding_dim = _common.check_conditioning(num_classes, embedding_dim)
    activation = _check_activation("activation", activation)
    _common.check_choice("batch_norm", batch_norm, (True, False, "batch_renorm"))
    if discriminator_activation != "maxout":
        discriminator_activation = _check_activation(
            "discriminator_activation", discriminator_activation
        )

    # Generator.
    z = keras.Input(shape=(latent_dim,), name="z")
    g_labels = _common.labels_input() if num_classes else None
    h = z
    if g_labels is not None:
        emb = _common.label_embedding(g_labels, num_classes, embedding_dim, "g_label")
        h = keras.layers.Concatenate(name="g_condition")([z, emb])
    for i, units in enumerate(hidden_units):
        h = keras.layers.Dense(units, use_bias=not batch_norm, name=f"g_dense_{i}")(h)
        if batch_norm == "batch_renorm":
            h = BatchRenormalization(name=f"g_bn_{i}")(h)
        elif batch_norm:
            h = keras.layers.BatchNormalization(name=f"g_bn_{i}")(h)
        h = keras.layers.Activation(activation, name=f"g_act_{i}")(h)
    out = keras.layers.Dense(data_dim, name="g_out")(h)
    out = keras.layers.Activation("linear", dtype="float32", name="g_output")(out)
    generator = keras.Model(_common.inputs_list(z, g_labels), out, name=f"{name}_generator")

    # Discriminator.
    x = keras.Input(shape=(data_dim,), name="x")
    d_labels = _common.labels_input() if num_classes else None
    h = x
    if d_labels is not None:
        emb = _common.label_embedding(d_labels, num_classes, embedding_dim, "d_label")
        h = keras.layers.Concatenate(name="d_condition")([x, emb])
    if pack > 1:
        h = Pack(pack, name="d_pack")(h)
    for i, units in enumerate(discriminator_units):
        if discriminator_activation == "maxout":
            h = Maxout(units, pieces=maxout_pieces, name=f"d_maxout_{i}")(h)
        else:
            h = keras.layers.Dense(units, name=f"d_dense_{i}")(h)
            h = keras.layers.Activation(discriminator_activation, name=f"d_act_{i}")(h)
    logits = keras.layers.Dense(1, name="d_logits")(h)
    outputs = _common.discriminator_outputs(logits, h, return_features)
    discriminator = keras.Model(
        _common.inputs_list(x, d_labels), outputs, name=f"{name}_discriminator"
    )
    return generator, discriminator


def _check_activation(name, value):
    try:
        keras.activations.get(value)
    except (ValueError, TypeError):
        raise ValueError(
            f"`{name}` must be a Keras activation name such as 'relu' or "
            f"'leaky_relu'. Received: {name}={value!r}"
        ) from None
    return value
