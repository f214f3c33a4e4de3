"""The supervised half of the semi-supervised GAN (Salimans et al. 2016, §5)."""

import keras
from keras import ops

from kerasgan._utils import check_number
from kerasgan.regularizers.auxiliary import class_labels, class_logits
from kerasgan.regularizers.base import Regularizer


@keras.saving.register_keras_serializable(package="kerasgan")
class SemiSupervisedClassification(Regularizer):
    """L_sup: the discriminator also classifies the labeled part of the real batch.

    L_sup = −E_{(x, y) labeled}[log p(y | x, y < K+1)] = cross-entropy of softmax(l)

    added to the discriminator's loss, where l are the K class logits in D's
    `aux` output (`kerasgan.layers.SemiSupervisedHead`). Rows whose label is
    `unlabeled` (−1 by default) count only in the unsupervised loss, which is
    the `GANLoss` ("non-saturating" or "minimax") on the head's logit
    logsumexp(l): L = L_sup + L_unsup as in the paper. The mean is over the
    labeled rows of the batch (0 when there are none). Train the generator
    with `kerasgan.regularizers.FeatureMatching` alone, as the paper does for
    semi-supervised learning: a generator phase with
    `terms=["feature_matching"]`.

    Example:

    ```python
    schedule = kerasgan.Schedule([kerasgan.Phase("discriminator"),
                                  kerasgan.Phase("generator", terms=["feature_matching"])])
    gan.compile(g_opt, d_opt, loss="non-saturating", schedule=schedule,
                regularizers=[kerasgan.regularizers.SemiSupervisedClassification(),
                              kerasgan.regularizers.FeatureMatching()])
    gan.fit(batches_of_x_and_y)         # y = -1 for unlabeled images
    ```

    Args:
        weight: Multiplier of L_sup. Defaults to 1.0 (the paper's sum).
        unlabeled: The label value of unlabeled rows. Defaults to -1.
        name: Log name. Defaults to "semi_supervised_classification".

    Reference:
        Salimans et al., "Improved Techniques for Training GANs", NeurIPS
        2016, Sec. 5, the loss L = L_supervised + L_unsupervised.
    """

    players = ("discriminator",)

    def __init__(self, weight=1.0, *, unlabeled=-1, name=None):
        super().__init__(weight, name=name)
        self.unlabeled = int(check_number("unlabeled", unlabeled, integer=True, high=-1,
                                          hint="Class labels are 0 ... K-1"))

    def discriminator_penalty(self, step):
        who = type(self).__name__
        labels = class_labels(step, who)
        logits = class_logits(step.real_output, who, "real data")
        labeled = ops.cast(ops.not_equal(labels, self.unlabeled), "float32")
        safe = ops.where(labels == self.unlabeled, ops.zeros_like(labels), labels)
        log_p = ops.log_softmax(logits, axis=-1)
        onehot = ops.one_hot(safe, ops.shape(logits)[-1], dtype="float32")
        nll = -ops.sum(onehot * log_p, axis=-1)
        return ops.sum(nll * labeled) / ops.maximum(ops.sum(labeled), 1.0)

    def get_config(self):
        return {**super().get_config(), "unlabeled": self.unlabeled}
