"""A generator that carries an encoder E: x -> z (mode-regularized GAN, BiGAN / ALI)."""

import keras

from kerasgan.models._networks import check_functional, deserialize_models


@keras.saving.register_keras_serializable(package="kerasgan")
class EncodedGenerator(keras.Model):
    """The generator player of an encoder-based GAN: G and an encoder E together.

    `EncodedGenerator(generator, encoder)(z)` is G(z); the encoder is a
    tracked sub-model, so its weights are part of the generator player's
    `trainable_variables` and the generator's optimizer trains E with G, on
    whatever generator-side terms read it (`kerasgan.regularizers.
    GeometricRegularizer` and `ModeRegularizer` for a mode-regularized GAN,
    `kerasgan.regularizers.BiGAN` for BiGAN / ALI).

    With `joint=True` the model returns the *joint* sample (G(z), z)
    concatenated on the last axis: the fake pair of BiGAN / ALI, which a
    joint discriminator D(x, z) scores. `kerasgan.regularizers.BiGAN` pairs
    every real x with E(x) the same way, and samples (`GAN.generate`,
    `export`) come from G alone.

    Example:

    ```python
    generator, _ = kerasgan.models.mlp(2, latent_dim=2)
    encoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(64, activation="relu"),
                                keras.layers.Dense(2)])
    g = kerasgan.models.EncodedGenerator(generator, encoder)
    g(np.zeros((4, 2), "float32")).shape     # (4, 2): G(z)
    ```

    Args:
        generator: A built functional `keras.Model` z -> x (one input of shape
            `(batch, latent_dim)`).
        encoder: A built `keras.Model` x -> z: its input shape is G's output
            shape and its output shape is G's input shape.
        joint: Return the pair (G(z), z) concatenated (BiGAN / ALI) instead
            of G(z). Flat samples only. Defaults to False.
        **kwargs: `keras.Model` arguments such as `name`.

    Reference:
        Che et al., "Mode Regularized Generative Adversarial Networks", ICLR
        2017, Sec. 3.1 (the encoder E). Donahue, Krähenbühl & Darrell,
        "Adversarial Feature Learning", ICLR 2017, Sec. 3 (BiGAN); Dumoulin et
        al., "Adversarially Learned Inference", ICLR 2017, Sec. 2 (ALI).
    """

    def __init__(self, generator, encoder, *, joint=False, **kwargs):
        check_functional("generator", generator)
        check_functional("encoder", encoder)
        if not isinstance(joint, bool):
            raise TypeError(f"`joint` must be True or False. Received: joint={joint!r}")
        latent_shape = tuple(generator.inputs[0].shape[1:])
        sample_shape = tuple(generator.outputs[0].shape[1:])
        if (tuple(encoder.inputs[0].shape[1:]) != sample_shape
                or tuple(encoder.outputs[0].shape[1:]) != latent_shape):
            raise ValueError(
                "The encoder must map the generator's samples back to its latents: "
                f"expected input {sample_shape} and output {latent_shape}, received input "
                f"{tuple(encoder.inputs[0].shape[1:])} and output "
                f"{tuple(encoder.outputs[0].shape[1:])}. Build the encoder for these shapes."
            )
        if joint and len(sample_shape) != 1:
            raise ValueError(
                "`joint=True` concatenates (G(z), z) on the last axis and needs flat samples. "
                f"Received: sample shape {sample_shape}. Flatten the samples or use joint=False."
            )
        z = keras.Input(latent_shape, name="z")
        x = generator(z)
        out = keras.layers.Concatenate(name="joint", dtype="float32")([x, z]) if joint else x
        kwargs.setdefault("name", "encoded_generator")
        super().__init__(z, out, **kwargs)
        self.generator = generator
        self.encoder = encoder
        self.joint = joint

    @property
    def data_dim(self):
        """The width of G's samples (the part of a joint sample that is x)."""
        return int(self.generator.outputs[0].shape[-1])

    def get_config(self):
        return {
            "generator": keras.saving.serialize_keras_object(self.generator),
            "encoder": keras.saving.serialize_keras_object(self.encoder),
            "joint": self.joint,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**deserialize_models(config, ("generator", "encoder"), custom_objects))


@keras.saving.register_keras_serializable(package="kerasgan")
class JointDiscriminator(keras.Model):
    """BiGAN / ALI's discriminator D(x, z) on joint samples [x ; z].

    Wraps a network over the concatenated pair (width `data_dim +
    latent_dim`). The GAN hands it the generator's joint fakes (G(z), z) of
    an `EncodedGenerator(joint=True)`; `kerasgan.regularizers.BiGAN` turns
    each real x into (x, E(x)) before it gets here. The wrapper has no
    functional input of its own, because real x and joint samples differ in
    width; `BiGAN` checks the widths instead.

    Example:

    ```python
    network = keras.Sequential([keras.Input((4,)), keras.layers.Dense(64, activation="relu"),
                                keras.layers.Dense(1)])
    discriminator = kerasgan.models.JointDiscriminator(network)   # x and z of size 2 each
    ```

    Args:
        network: A built functional `keras.Model` over flat joint samples
            `(batch, data_dim + latent_dim)`, returning logits (or
            `(logits, features)` / a dict).
        **kwargs: `keras.Model` arguments such as `name`.

    Reference:
        Donahue, Krähenbühl & Darrell, "Adversarial Feature Learning", ICLR
        2017, Sec. 3, Eq. 1-3. Dumoulin et al., "Adversarially Learned
        Inference", ICLR 2017, Sec. 2.
    """

    def __init__(self, network, **kwargs):
        check_functional("network", network)
        if len(network.inputs[0].shape) != 2:
            raise ValueError(
                "`network` must read flat joint samples (batch, data_dim + latent_dim). "
                f"Received: input shape {tuple(network.inputs[0].shape)}."
            )
        kwargs.setdefault("name", "joint_discriminator")
        super().__init__(**kwargs)
        self.network = network
        self.built = True

    @property
    def joint_dim(self):
        return int(self.network.inputs[0].shape[-1])

    def call(self, pairs, training=False):
        return self.network(pairs, training=training)

    def get_config(self):
        return {"network": keras.saving.serialize_keras_object(self.network), "name": self.name}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**deserialize_models(config, ("network",), custom_objects))
