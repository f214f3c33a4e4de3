"""The hinge GAN objective (Lim & Ye 2017; Miyato et al. 2018)."""

import keras
from keras import ops

from kerasgan.losses.base import GANLoss, mean


@keras.saving.register_keras_serializable(package="kerasgan")
class HingeLoss(GANLoss):
    """The hinge loss of geometric GAN, SNGAN, SAGAN and BigGAN.

    L_D = E_x[max(0, 1 − D(x))] + E_z[max(0, 1 + D(G(z)))]
    L_G = −E_z[D(G(z))]

    D's raw output is a margin classifier's score: it is pushed above +1 on
    real data and below −1 on generated data, and gets no gradient from
    samples already beyond the margin.

    Example:

    ```python
    loss = kerasgan.losses.HingeLoss()
    float(loss.discriminator_loss(kerasgan.Step.from_logits([0.5], [-2.0])))  # 0.5
    ```

    Args:
        name: Log name. Defaults to "hinge_loss".

    Reference:
        Lim & Ye, "Geometric GAN", arXiv:1705.02894, 2017, Eq. 14-15.
        Miyato et al., "Spectral Normalization for Generative Adversarial
        Networks", ICLR 2018, Eq. 16-17. Zhang et al., "Self-Attention GAN",
        ICML 2019, Eq. 4 (one discriminator step per generator step).
    """

    def discriminator_loss(self, step):
        real = ops.cast(step.real_output.logits, "float32")
        fake = ops.cast(step.fake_output.logits, "float32")
        return mean(ops.relu(1.0 - real)) + mean(ops.relu(1.0 + fake))

    def generator_loss(self, step):
        return -mean(step.fake_output.logits)
