"""BiGAN / ALI (Donahue et al. 2017, Dumoulin et al. 2017): an encoder and a joint discriminator."""

import keras
from keras import ops

from kerasgan.regularizers._encoder import encoded_generator
from kerasgan.regularizers.base import Regularizer


@keras.saving.register_keras_serializable(package="kerasgan")
class BiGAN(Regularizer):
    """BiGAN / ALI: the discriminator tells real pairs (x, E(x)) from fake pairs (G(z), z).

    min_{G,E} max_D  E_x[log D(x, E(x))] + E_z[log(1 − D(G(z), z))]

    Three pieces: the generator player is a
    `kerasgan.models.EncodedGenerator(G, E, joint=True)`, whose samples are
    the pairs (G(z), z); the discriminator is a
    `kerasgan.models.JointDiscriminator` over pairs; this object pairs every
    real x with E(x) before the discriminator sees it (an input hook) and
    adds the encoder's side of the game to the generator player's loss:

    R = L_D(real ↔ fake) − L_G

    the GAN loss's discriminator term with the roles of the two pairs swapped,
    minus its generator term: with the non-saturating loss, −E log(1 −
    D(x, E(x))), so that (G, E) minimize the "inverted labels" objective of
    both papers' code. At the optimum E = G⁻¹ (BiGAN, Theorem 2): the encoder
    inverts the generator. Samples (`generate`, `export`) come from G alone.
    Input hooks placed after this one see the pairs.

    Example:

    ```python
    generator = kerasgan.models.EncodedGenerator(g, encoder, joint=True)
    discriminator = kerasgan.models.JointDiscriminator(joint_network)
    gan = kerasgan.GAN(generator, discriminator)
    gan.compile(g_opt, d_opt, regularizers=[kerasgan.regularizers.BiGAN()])
    z_hat = generator.encoder(x)     # inference: x -> z
    ```

    Args:
        weight: Multiplier of the encoder's term. Defaults to 1.0 (the game
            of both papers).
        name: Log name. Defaults to "bi_gan".

    Reference:
        Donahue, Krähenbühl & Darrell, "Adversarial Feature Learning", ICLR
        2017, Sec. 3, Eq. 1 and Theorem 2. Dumoulin et al., "Adversarially
        Learned Inference", ICLR 2017, Sec. 2 and Algorithm 1.
    """

    players = ("generator",)
    generator_needs_real = True

    def __init__(self, weight=1.0, *, name=None):
        super().__init__(weight, name=name)
        self._network = None

    def build(self, gan):
        from kerasgan.models.encoded import JointDiscriminator

        self._network = encoded_generator(gan, "BiGAN", joint=True)
        d = gan.discriminator
        joint = self._network.data_dim + int(self._network.inputs[0].shape[-1])
        if not isinstance(d, JointDiscriminator) or d.joint_dim != joint:
            raise ValueError(
                f"BiGAN needs a kerasgan.models.JointDiscriminator over pairs of width {joint} "
                f"(x and z). Received: discriminator={d.name!r} of type {type(d).__name__}"
                + (f" with width {d.joint_dim}" if isinstance(d, JointDiscriminator) else "") + "."
            )

    def discriminator_input(self, x, context):
        if self._network is None:
            raise ValueError("BiGAN is used before `build(gan)`; compile the GAN first.")
        data = self._network.data_dim
        width = x.shape[-1]
        if width == data + int(self._network.inputs[0].shape[-1]):
            return x
        if width != data:
            raise ValueError(
                f"BiGAN: the discriminator got samples of width {width}, but real samples have "
                f"width {data} and pairs width {data + int(self._network.inputs[0].shape[-1])}."
            )
        code = ops.cast(self._network.encoder(x, training=True), x.dtype)
        return ops.concatenate([x, code], axis=-1)

    def generator_penalty(self, step):
        loss = step.game.objective.loss
        swapped = step._replace(real_output=step.fake_output, fake_output=step.real_output)
        return loss.discriminator_loss(swapped) - loss.generator_loss(step)

    def sampling_generator(self, gan):
        return gan.generator.generator if self._network is not None else None
