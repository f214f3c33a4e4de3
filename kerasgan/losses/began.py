"""The boundary-equilibrium GAN objective (Berthelot, Schumm & Metz 2017)."""

import keras
from keras import ops

from kerasgan._utils import check_non_negative, check_number
from kerasgan.losses.base import GANLoss, mean


def _check_fraction(name, value, *, low_open=False):
    return float(check_number(name, value, low=0, high=1, low_open=low_open))


@keras.saving.register_keras_serializable(package="kerasgan")
class BEGANLoss(GANLoss):
    """The BEGAN loss with its proportional control variable k_t.

    With L(v) = |v − D(v)|^η the autoencoder discriminator's per-sample
    reconstruction loss (its `logits`, ≥ 0):

    L_D = L(x) − k_t · L(G(z))
    L_G = L(G(z))
    k_{t+1} = clip(k_t + λ_k (γ L(x) − L(G(z))), 0, 1)

    k_t is a variable of the GAN (`gan.add_state("began_k")`), saved with
    the model and restored on load; it is updated after every discriminator
    step from that step's losses. The convergence measure

    M_global = L(x) + |γ L(x) − L(G(z))|

    is logged as `d/m_global`, and the k_t used in the step as `d/k`.

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss=kerasgan.losses.BEGANLoss(gamma=0.5))
    # or: loss="began"
    ```

    Args:
        gamma: γ = E[L(G(z))] / E[L(x)], the diversity ratio in (0, 1].
            Defaults to 0.5.
        lambda_k: λ_k, the proportional gain of k. Defaults to 0.001.
        initial_k: k_0. Defaults to 0.0.
        name: Log name. Defaults to "began_loss".

    Reference:
        Berthelot, Schumm & Metz, "BEGAN: Boundary Equilibrium Generative
        Adversarial Networks", arXiv:1703.10717, 2017, Eq. 4 (losses and the
        k_t update), Sec. 3.4.1 (M_global); λ_k = 0.001, k_0 = 0 (Sec. 3.4).
    """

    state_name = "began_k"

    def __init__(self, gamma=0.5, lambda_k=0.001, *, initial_k=0.0, name=None):
        super().__init__(name=name or "began_loss")
        self.gamma = _check_fraction("gamma", gamma, low_open=True)
        self.lambda_k = float(check_non_negative("lambda_k", lambda_k))
        self.initial_k = _check_fraction("initial_k", initial_k)
        self.k = None

    def build(self, gan):
        self.k = gan.add_state(
            self.state_name, (), initializer=keras.initializers.Constant(self.initial_k)
        )

    def _k(self):
        if self.k is None:  # evaluated outside a compiled GAN: k = k_0
            return ops.convert_to_tensor(self.initial_k, "float32")
        return ops.cast(self.k, "float32")

    @staticmethod
    def _energies(step):
        real = mean(step.real_output.logits)
        fake = mean(step.fake_output.logits)
        return real, fake

    def discriminator_loss(self, step):
        real, fake = self._energies(step)
        return real - ops.stop_gradient(self._k()) * fake

    def generator_loss(self, step):
        return mean(step.fake_output.logits)

    def balance(self, step):
        """γ L(x) − L(G(z)), the error the k_t controller drives to zero."""
        real, fake = self._energies(step)
        return ops.stop_gradient(self.gamma * real - fake)

    def after_discriminator_update(self, step):
        if self.k is None:
            raise ValueError(
                "BEGANLoss keeps k_t in the GAN: compile the GAN with it "
                "(`gan.compile(..., loss=BEGANLoss())`) before training."
            )
        k = ops.clip(self._k() + self.lambda_k * self.balance(step), 0.0, 1.0)
        self.k.assign(ops.cast(k, self.k.dtype))

    def log_names(self, player):
        return ("m_global", "k") if player == "discriminator" else ()

    def logs(self, player, step, value):
        if player != "discriminator":
            return {}
        real, _ = self._energies(step)
        return {"m_global": ops.stop_gradient(real) + ops.abs(self.balance(step)), "k": self._k()}

    def get_config(self):
        return {
            **super().get_config(),
            "gamma": self.gamma,
            "lambda_k": self.lambda_k,
            "initial_k": self.initial_k,
        }
