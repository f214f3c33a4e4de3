"""Finding the encoder of an `EncodedGenerator` when a regularizer is built."""


def encoded_generator(gan, owner, *, joint):
    """`gan.generator`, checked to be an `EncodedGenerator` of the right kind."""
    from kerasgan.models.encoded import EncodedGenerator

    network = gan.generator
    if not isinstance(network, EncodedGenerator) or network.joint != joint:
        kind = "EncodedGenerator(generator, encoder, joint=True)" if joint else (
            "EncodedGenerator(generator, encoder)")
        raise ValueError(
            f"{owner} trains an encoder with the generator: the GAN's generator must be "
            f"kerasgan.models.{kind}. Received: generator={network.name!r} of type "
            f"{type(network).__name__}" + (f" with joint={network.joint}" if isinstance(
                network, EncodedGenerator) else "") + "."
        )
    if gan.conditional:
        raise ValueError(f"{owner} supports unconditional GANs only. Received a conditional generator.")
    return network


def reconstruct(network, x):
    """G(E(x)) with both networks live, in training mode."""
    return network.generator(network.encoder(x, training=True), training=True)
