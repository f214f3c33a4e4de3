"""The energy-based GAN objective (Zhao, Mathieu & LeCun 2017)."""

import keras
from keras import ops

from kerasgan._utils import check_number
from kerasgan.losses.base import GANLoss, mean


def energies(output):
    """Per-sample energies of an autoencoder discriminator's output, float32."""
    return ops.cast(output.logits, "float32")


@keras.saving.register_keras_serializable(package="kerasgan")
class EBGANLoss(GANLoss):
    """The EBGAN margin loss on an autoencoder discriminator's energy.

    L_D = E_x[D(x)] + E_z[max(0, m − D(G(z)))]
    L_G = E_z[D(G(z))]

    D is an autoencoder and its output is a non-negative energy, the
    reconstruction error D(x) = ‖Dec(Enc(x)) − x‖ (the discriminator returns
    it as `logits`, the reconstruction as `aux` and the code as `features`;
    see `kerasgan.models.autoencoder_discriminator`). D lowers the energy of
    real data and raises that of generated data up to the margin m. Pair it
    with `kerasgan.regularizers.PullingAway` (preset `"ebgan"`).

    Example:

    ```python
    loss = kerasgan.losses.EBGANLoss(margin=1.0)
    float(loss.discriminator_loss(kerasgan.Step.from_logits([0.1], [0.4])))  # 0.7
    ```

    Args:
        margin: m > 0; generated samples with energy above m give D no
            gradient. The paper searches m in {1, 2, 4, ..., 32} for MNIST;
            for mean-squared energies of data scaled to [-1, 1] small values
            work. Defaults to 1.0.
        name: Log name. Defaults to "ebgan_loss".

    Reference:
        Zhao, Mathieu & LeCun, "Energy-based Generative Adversarial Network",
        ICLR 2017, Eq. 1-2 (the losses), Eq. 6 (the autoencoder energy),
        Sec. 2.4 (the pulling-away term).
    """

    def __init__(self, margin=1.0, *, name=None):
        super().__init__(name=name or "ebgan_loss")
        self.margin = float(check_number("margin", margin, low=0, low_open=True))

    def discriminator_loss(self, step):
        return mean(energies(step.real_output)) + mean(
            ops.relu(self.margin - energies(step.fake_output))
        )

    def generator_loss(self, step):
        return mean(energies(step.fake_output))

    def get_config(self):
        return {**super().get_config(), "margin": self.margin}
