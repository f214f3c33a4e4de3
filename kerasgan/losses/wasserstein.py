"""The Wasserstein GAN critic objective (Arjovsky et al. 2017)."""

import keras

from kerasgan.losses.base import GANLoss, mean


@keras.saving.register_keras_serializable(package="kerasgan")
class WassersteinLoss(GANLoss):
    """The Wasserstein-1 critic loss.

    L_D = E_z[D(G(z))] - E_x[D(x)]
    L_G = -E_z[D(G(z))]

    The critic D estimates the Kantorovich-Rubinstein dual of W1(p_data, p_g),
    which holds only when D is 1-Lipschitz: pair this loss with a constraint —
    `GradientPenalty` (preset `"wgan-gp"`) or weight clipping (preset
    `"wgan"`). The paper trains the critic 5 times per generator step.

    Example:

    ```python
    loss = kerasgan.losses.WassersteinLoss()
    float(loss.discriminator_loss(kerasgan.Step.from_logits([2.0], [0.5])))  # -1.5
    ```

    Args:
        name: Log name. Defaults to "wasserstein_loss".

    Reference:
        Arjovsky, Chintala & Bottou, "Wasserstein GAN", ICML 2017, Eq. 3 and
        Algorithm 1 (n_critic = 5).
    """

    discriminator_steps = 5

    def discriminator_loss(self, step):
        return mean(step.fake_output.logits) - mean(step.real_output.logits)

    def generator_loss(self, step):
        return -mean(step.fake_output.logits)
