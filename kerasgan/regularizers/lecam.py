"""LeCam regularization: the discriminator's outputs are pulled towards moving anchors."""

import keras
from keras import ops

from kerasgan._utils import check_non_negative, check_number
from kerasgan.regularizers.base import Regularizer


def _mean_logit(output):
    return ops.mean(ops.cast(output.logits, "float32"))


@keras.saving.register_keras_serializable(package="kerasgan")
class LeCamRegularization(Regularizer):
    """LeCam regularization of the discriminator (Tseng et al. 2021).

    R_LC = E_x[‖D(x) − α_F‖²] + E_z[‖D(G(z)) − α_R‖²]

    added with weight λ to the discriminator's loss, where α_R and α_F are
    exponential moving averages (decay 0.99) of D's mean output on real and
    generated images, updated after every discriminator step. Real outputs
    are pulled towards where fake ones have been and vice versa, which bounds
    the gap D(x) − D(G(z)) that a discriminator overfitting a small dataset
    would otherwise widen; the paper shows the regularized WGAN objective
    becomes a LeCam (triangular) divergence. The anchors live in
    `gan.add_state`, so they are saved in the `.keras` file and a resumed run
    continues with them.

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss="hinge",
                regularizers=[kerasgan.regularizers.LeCamRegularization(0.3)])
    ```

    Args:
        weight: λ. The paper uses 0.3 with BigGAN on CIFAR-10 and 0.01–0.5
            elsewhere. Defaults to 0.3.
        decay: The anchors' EMA decay, in [0, 1). Defaults to 0.99.
        one_sided: Penalize only D(x) above α_F and D(G(z)) below α_R
            (ReLU before the square), as the authors' released code does.
            Defaults to False (the paper's Eq. 3).
        name: Log and state name. Defaults to "lecam".

    Reference:
        Tseng, Jiang, Liu, Yang & Yang, "Regularizing Generative Adversarial
        Networks under Limited Data", CVPR 2021, Eq. 3 (R_LC) and Section 3.2
        (anchors as moving averages, Proposition 1).
    """

    players = ("discriminator",)

    def __init__(self, weight=0.3, *, decay=0.99, one_sided=False, name=None):
        super().__init__(check_non_negative("weight", weight), name=name or "lecam")
        self.decay = float(check_number("decay", decay, low=0, high=1, high_open=True,
                                        hint="The paper uses 0.99."))
        if not isinstance(one_sided, bool):
            raise TypeError(f"`one_sided` must be a bool. Received: one_sided={one_sided!r}")
        self.one_sided = one_sided
        self.anchor_real = self.anchor_fake = None

    def build(self, gan):
        self.anchor_real = gan.add_state(f"{self.name}.anchor_real", ())
        self.anchor_fake = gan.add_state(f"{self.name}.anchor_fake", ())

    def _anchors(self):
        if self.anchor_real is None:
            raise ValueError("LeCamRegularization keeps its anchors in the GAN: compile the GAN "
                             "with it (`gan.compile(..., regularizers=[LeCamRegularization()])`).")
        return (ops.stop_gradient(ops.cast(self.anchor_real, "float32")),
                ops.stop_gradient(ops.cast(self.anchor_fake, "float32")))

    def discriminator_penalty(self, step):
        alpha_real, alpha_fake = self._anchors()
        real = ops.cast(step.real_output.logits, "float32") - alpha_fake
        fake = alpha_real - ops.cast(step.fake_output.logits, "float32")
        if self.one_sided:
            real, fake = ops.relu(real), ops.relu(fake)
        return ops.mean(ops.square(real)) + ops.mean(ops.square(fake))

    def after_discriminator_update(self, step):
        alpha_real, alpha_fake = self._anchors()
        d = self.decay
        self.anchor_real.assign(d * alpha_real + (1 - d) * ops.stop_gradient(_mean_logit(step.real_output)))
        self.anchor_fake.assign(d * alpha_fake + (1 - d) * ops.stop_gradient(_mean_logit(step.fake_output)))

    def log_names(self, player):
        return ("lecam_anchor_real", "lecam_anchor_fake") if player == "discriminator" else ()

    def logs(self, player, step, value):
        if player != "discriminator":
            return {}
        alpha_real, alpha_fake = self._anchors()
        return {"lecam_anchor_real": alpha_real, "lecam_anchor_fake": alpha_fake}

    def get_config(self):
        return {"weight": self.weight, "decay": self.decay, "one_sided": self.one_sided,
                "name": self.name}
