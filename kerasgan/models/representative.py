"""Representative-feature GAN: a frozen encoder's features beside the discriminator's own."""

import keras

from kerasgan.models._networks import check_functional


def representative_features(discriminator, encoder, *, name="rfgan_discriminator"):
    """Builds a discriminator that reads a frozen, pre-trained encoder's features.

    D_RF(x) = w · [h_D(x) ; E(x)] + b,   E frozen

    where h_D(x) is the discriminator's last hidden layer (its `features`
    output) and E(x) the representative features of an autoencoder trained
    beforehand on the real data (reconstruction only). The encoder is set to
    `trainable = False`, so neither player changes it; only D's trunk and the
    new linear output learn. The model returns `{"logits", "features"}`, the
    features being the concatenation (for feature matching).

    Example:

    ```python
    _, trunk = kerasgan.models.mlp(2, 2, discriminator_activation="relu",
                                   return_features=True)
    encoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, activation="relu")])
    discriminator = kerasgan.models.representative_features(trunk, encoder)
    discriminator(np.zeros((3, 2), "float32"))["logits"].shape     # (3, 1)
    ```

    Args:
        discriminator: A built functional discriminator returning
            `(logits, features)` or a dict with `"features"` (e.g.
            `kerasgan.models.mlp(..., return_features=True)`); its own logits
            are not used.
        encoder: The autoencoder's encoder x -> E(x), already trained; the same
            input shape as the discriminator. Frozen by this builder.
        name: The model's name. Defaults to "rfgan_discriminator".

    Returns:
        A functional `keras.Model` returning `{"logits": (batch, 1), "features"}`.

    Reference:
        Bang & Shim, "Improved Training of Generative Adversarial Networks
        Using Representative Features", ICML 2018, Sec. 3 and Fig. 2.
    """
    check_functional("encoder", encoder)
    if not isinstance(discriminator, keras.Model) or not getattr(discriminator, "inputs", None):
        raise TypeError(
            "`discriminator` must be a built functional keras.Model. "
            f"Received: discriminator={discriminator!r}"
        )
    if len(discriminator.inputs) != 1:
        raise ValueError(
            "`discriminator` must take the sample alone (unconditional). "
            f"Received: {len(discriminator.inputs)} inputs."
        )
    shape = tuple(discriminator.inputs[0].shape[1:])
    if tuple(encoder.inputs[0].shape[1:]) != shape:
        raise ValueError(
            f"The encoder must read the discriminator's input shape {shape}. Received: "
            f"encoder input {tuple(encoder.inputs[0].shape[1:])}."
        )
    x = keras.Input(shape, name="x")
    out = discriminator(x)
    features = out.get("features") if isinstance(out, dict) else (
        out[1] if isinstance(out, (list, tuple)) and len(out) > 1 else None)
    if features is None:
        raise ValueError(
            "`discriminator` must return its features: (logits, features) or a dict with "
            "'features', e.g. kerasgan.models.mlp(..., return_features=True). Received: "
            "features=None."
        )
    encoder.trainable = False
    representative = encoder(x, training=False)
    flat = [keras.layers.Flatten(name=f"{tag}_flat")(t) if len(t.shape) > 2 else t
            for tag, t in (("d", features), ("rf", representative))]
    joined = keras.layers.Concatenate(name="representative_concat")(flat)
    logits = keras.layers.Dense(1, name="rf_logits", dtype="float32")(joined)
    return keras.Model(x, {"logits": logits, "features": joined}, name=name)
