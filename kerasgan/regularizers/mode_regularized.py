"""Mode-regularized GAN (Che et al. 2017): the geometric and the mode regularizers."""

import keras
from keras import ops

from kerasgan.regularizers._encoder import encoded_generator, reconstruct
from kerasgan.regularizers.base import Regularizer


class _EncoderTerm(Regularizer):
    players = ("generator",)

    def __init__(self, weight, *, name=None):
        super().__init__(weight, name=name)
        self._network = None

    def build(self, gan):
        self._network = encoded_generator(gan, type(self).__name__, joint=False)

    def _reconstruction(self, step):
        if self._network is None:
            raise ValueError(f"{type(self).__name__} is used before `build(gan)`; compile the GAN first.")
        return reconstruct(self._network, step.real)


@keras.saving.register_keras_serializable(package="kerasgan")
class GeometricRegularizer(_EncoderTerm):
    """MRGAN's geometric regularizer: G∘E reconstructs the data.

    R_geo = E_{x~p_data} ‖x − G(E(x))‖²    (d = squared Euclidean distance)

    Added (times `weight`, λ1 in the paper) to the loss of the generator
    player, an `kerasgan.models.EncodedGenerator`, so that the generator's
    optimizer trains G and the encoder E on it together. Every real x pulls
    some latent's sample G(E(x)) to itself, so no mode of the data is left
    without generated mass: the reason the paper gives for fewer missing
    modes. Use it with `ModeRegularizer`.

    Example:

    ```python
    gan = kerasgan.GAN(kerasgan.models.EncodedGenerator(generator, encoder), discriminator)
    gan.compile(g_opt, d_opt, regularizers=[
        kerasgan.regularizers.GeometricRegularizer(0.2),
        kerasgan.regularizers.ModeRegularizer(0.4)])
    ```

    Args:
        weight: λ1. Defaults to 0.2.
        name: Log name. Defaults to "geometric_regularizer".

    Reference:
        Che, Li, Jacob, Bengio & Li, "Mode Regularized Generative Adversarial
        Networks", ICLR 2017, Sec. 3.1-3.2 (T_G and T_E).
    """

    def __init__(self, weight=0.2, *, name=None):
        super().__init__(weight, name=name)

    def generator_penalty(self, step):
        x = ops.cast(step.real, "float32")
        diff = ops.reshape(x - ops.cast(self._reconstruction(step), "float32"),
                           (ops.shape(x)[0], -1))
        return ops.mean(ops.sum(ops.square(diff), axis=-1))


@keras.saving.register_keras_serializable(package="kerasgan")
class ModeRegularizer(_EncoderTerm):
    """MRGAN's mode regularizer: the discriminator accepts the reconstructions G(E(x)).

    R_mode = L_G(G(E(x))),   x ~ p_data

    the GAN loss's own generator term evaluated on the reconstructions
    (−E log D(G(E(x))) with the non-saturating loss): the generator player
    (G and the encoder of an `kerasgan.models.EncodedGenerator`) makes the
    samples that land on each data mode look real, so that the discriminator's
    gradient pushes mass towards modes that plain sampling misses. The
    paper's T_G writes this term as λ2 log D(G∘E(x)) beside −log D(G(z)); we
    take the orientation of the rest of T_G (the reconstructions should be
    scored as real, which is the term's stated purpose).

    Example:

    ```python
    gan.compile(g_opt, d_opt, regularizers=[kerasgan.regularizers.ModeRegularizer(0.4)])
    ```

    Args:
        weight: λ2. Defaults to 0.4.
        name: Log name. Defaults to "mode_regularizer".

    Reference:
        Che, Li, Jacob, Bengio & Li, "Mode Regularized Generative Adversarial
        Networks", ICLR 2017, Sec. 3.2.
    """

    def __init__(self, weight=0.4, *, name=None):
        super().__init__(weight, name=name)

    def generator_penalty(self, step):
        reconstruction = self._reconstruction(step)
        scored = step._replace(fake=reconstruction, fake_output=step.discriminator(reconstruction))
        return step.game.objective.loss.generator_loss(scored)
