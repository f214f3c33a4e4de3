"""The energy-based GAN objective (Zhao, Mathieu & LeCun 2017)."""

import keras
from keras import ops

from kerasgan._utils import check_number
from kerasgan.losses.base import GANLoss, mean


ENERGIES = ("output", "norm")


def energies(output):
    """Per-sample energies of an autoencoder discriminator's output, float32."""
    return ops.cast(output.logits, "float32")


def norm_energies(x, output):
    """Eq. 6: D(x) = ‖Dec(Enc(x)) − x‖₂ per sample, from the reconstruction in `aux`."""
    if output.aux is None or tuple(output.aux.shape[1:]) != tuple(x.shape[1:]):
        got = None if output.aux is None else tuple(output.aux.shape)
        raise ValueError(
            "EBGANLoss(energy='norm') needs the discriminator's reconstruction as `aux`, "
            f"shaped like its input {tuple(x.shape)}. Received: aux shape {got}. Return "
            "{'logits': ..., 'aux': reconstruction} (kerasgan.models.autoencoder_discriminator) "
            "or use energy='output'."
        )
    diff = ops.cast(output.aux, "float32") - ops.cast(x, "float32")
    squares = ops.sum(ops.reshape(ops.square(diff), (ops.shape(diff)[0], -1)), axis=-1)
    return ops.sqrt(squares + 1e-12)


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

    `energy` picks D(x): `"output"` (the default) takes the discriminator's
    `logits` as they are, e.g. the per-entry mean squared error of
    `kerasgan.models.autoencoder_discriminator`, whose scale the default
    margin was chosen for (and what every saved EBGAN uses); `"norm"` takes
    the paper's Eq. 6, D(x) = ‖Dec(Enc(x)) − x‖₂ over the whole sample,
    computed from the reconstruction the discriminator returns as `aux`, so
    that m has the paper's scale (it grows like √(entries) of a sample, not
    like a per-entry mean). With input hooks (instance noise, DiffAugment)
    the reconstruction is of the transformed input; use `"output"` then.

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
        energy: "output" (the discriminator's logits) or "norm" (Eq. 6, the
            L2 norm of the reconstruction error). Defaults to "output".
        name: Log name. Defaults to "ebgan_loss".

    Reference:
        Zhao, Mathieu & LeCun, "Energy-based Generative Adversarial Network",
        ICLR 2017, Eq. 1-2 (the losses), Eq. 6 (the autoencoder energy),
        Sec. 2.4 (the pulling-away term).
    """

    def __init__(self, margin=1.0, *, energy="output", name=None):
        super().__init__(name=name or "ebgan_loss")
        self.margin = float(check_number("margin", margin, low=0, low_open=True))
        if energy not in ENERGIES:
            raise ValueError(
                f"`energy` must be one of {', '.join(map(repr, ENERGIES))}. "
                f"Received: energy={energy!r}"
            )
        self.energy = energy

    def _energy(self, x, output):
        return norm_energies(x, output) if self.energy == "norm" else energies(output)

    def discriminator_loss(self, step):
        return mean(self._energy(step.real, step.real_output)) + mean(
            ops.relu(self.margin - self._energy(step.fake, step.fake_output))
        )

    def generator_loss(self, step):
        return mean(self._energy(step.fake, step.fake_output))

    def get_config(self):
        return {**super().get_config(), "margin": self.margin, "energy": self.energy}
