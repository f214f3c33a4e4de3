"""EBGAN's pulling-away term: decorrelates the codes of a generated batch."""

import keras
from keras import ops

from kerasgan.regularizers.base import Regularizer


def pulling_away(features):
    """f_PT(S) = 1/(N(N−1)) Σ_i Σ_{j≠i} (S_iᵀ S_j / (‖S_i‖ ‖S_j‖))² on a batch S."""
    s = ops.cast(features, "float32")
    s = ops.reshape(s, (ops.shape(s)[0], -1))
    s = s / ops.sqrt(ops.sum(ops.square(s), axis=1, keepdims=True) + 1e-12)
    n = ops.cast(ops.shape(s)[0], "float32")
    cos2 = ops.square(ops.matmul(s, ops.transpose(s)))
    off_diagonal = ops.sum(cos2) - ops.sum(ops.diagonal(cos2))
    return off_diagonal / (n * (n - 1.0))


@keras.saving.register_keras_serializable(package="kerasgan")
class PullingAway(Regularizer):
    """The pulling-away term (PT) on the discriminator's code of generated samples.

    f_PT(S) = 1 / (N(N−1)) Σ_i Σ_{j≠i} (S_iᵀ S_j / (‖S_i‖ ‖S_j‖))²

    where S_i is the encoder's code of the i-th generated sample
    (`step.fake_output.features`, flattened). Added to the generator's loss
    with `weight` (0.1 in the paper), it pushes generated samples to
    different codes, against mode collapse. The discriminator must return
    features (an autoencoder discriminator returns its code).

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss=kerasgan.losses.EBGANLoss(1.0),
                regularizers=[kerasgan.regularizers.PullingAway(0.1)])
    ```

    Args:
        weight: Multiplier of the term in the generator's loss. Defaults to 0.1.
        name: Log name. Defaults to "pulling_away".

    Reference:
        Zhao, Mathieu & LeCun, "Energy-based Generative Adversarial Network",
        ICLR 2017, Sec. 2.4, Eq. 5 (f_PT; weight 0.1 in Sec. 4).
    """

    players = ("generator",)

    def __init__(self, weight=0.1, *, name=None):
        super().__init__(weight, name=name)

    def generator_penalty(self, step):
        features = step.fake_output.features
        if features is None:
            raise ValueError(
                "PullingAway reads the discriminator's features of generated samples, "
                "but the discriminator returned none. Return a dict with a 'features' "
                "key (e.g. kerasgan.models.autoencoder_discriminator)."
            )
        return pulling_away(features)
