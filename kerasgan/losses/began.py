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

    L_D = L(x) − k_t · L(G(z_D))
    L_G = L(G(z_G))
    k_{t+1} = clip(k_t + λ_k (γ L(x) − L(G(z_G))), 0, 1)

    z_D and z_G are the latents of the discriminator's and the generator's
    updates. As in the paper's Eq. 4, k_t follows the *generator's* fakes: it
    is updated after every generator step from that step's L(G(z_G)) and
    L(x), both scored by the discriminator the generator was scored by (so the
    generator's update also runs D on the real batch). The controller holds
    the equilibrium E[L(G(z))] = γ E[L(x)]. k_t is a variable of the GAN
    (`gan.add_state("began_k")`), saved with the model and restored on load.
    The convergence measure

    M_global = L(x) + |γ L(x) − L(G(z_G))|

    is logged as `g/m_global`, and the k_t of the discriminator's loss as `d/k`.

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
        k_t update from L(G(z_G))), Sec. 3.4.1 (M_global); λ_k = 0.001,
        k_0 = 0 (Sec. 3.4).
    """

    state_name = "began_k"
    # k_t's update reads L(x) in the generator's step.
    generator_needs_real = True

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
        """γ L(x) − L(G(z)) of `step`, the error the k_t controller drives to zero
        (from the generator's step: L(G(z_G)))."""
        if step.real_output is None:
            raise ValueError(
                "BEGANLoss's k_t update needs L(x) in the generator's step, but the step has "
                "no `real_output`. Received: step.real_output=None. Pass a step scored on "
                "both batches (kerasgan.Step.from_logits(real_logits, fake_logits))."
            )
        real, fake = self._energies(step)
        return ops.stop_gradient(self.gamma * real - fake)

    def after_generator_update(self, step):
        if self.k is None:
            raise ValueError(
                "BEGANLoss keeps k_t in the GAN: compile the GAN with it "
                "(`gan.compile(..., loss=BEGANLoss())`) before training."
            )
        k = ops.clip(self._k() + self.lambda_k * self.balance(step), 0.0, 1.0)
        self.k.assign(ops.cast(k, self.k.dtype))

    def log_names(self, player):
        return ("k",) if player == "discriminator" else ("m_global",)

    def logs(self, player, step, value):
        if player == "discriminator":
            return {"k": self._k()}
        real, _ = self._energies(step)
        return {"m_global": ops.stop_gradient(real) + ops.abs(self.balance(step))}

    def get_config(self):
        return {
            **super().get_config(),
            "gamma": self.gamma,
            "lambda_k": self.lambda_k,
            "initial_k": self.initial_k,
        }
