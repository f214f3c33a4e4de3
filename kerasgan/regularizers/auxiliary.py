"""AC-GAN's auxiliary classification term (Odena et al. 2017)."""

import keras
from keras import ops

from kerasgan.regularizers.base import Regularizer


def class_labels(step, who):
    """The step's labels as `(batch,)` int32, or a clear error when there are none."""
    if step.condition is None:
        raise ValueError(
            f"`{who}` needs class labels, but the data yields none. Fit on a dataset of "
            "(x, y) pairs, e.g. kerasgan.data.load(..., labels=True)."
        )
    return ops.reshape(ops.cast(step.condition, "int32"), (-1,))


def class_logits(output, who, what):
    if output is None or output.aux is None:
        raise ValueError(
            f"`{who}` reads class logits from the discriminator's `aux` output, but the "
            f"discriminator returned none for {what}. Return a dict "
            "{'logits': ..., 'aux': kerasgan.layers.AuxiliaryClassifierHead(num_classes)(features)}."
        )
    return ops.cast(output.aux, "float32")


def cross_entropy(logits, labels):
    """Mean of −log softmax(logits)[label]: the negative classification log-likelihood."""
    log_p = ops.log_softmax(logits, axis=-1)
    onehot = ops.one_hot(labels, ops.shape(logits)[-1], dtype="float32")
    return -ops.mean(ops.sum(onehot * log_p, axis=-1))


@keras.saving.register_keras_serializable(package="kerasgan")
class AuxiliaryClassification(Regularizer):
    """AC-GAN: both players maximize the log-likelihood of the correct class.

    L_C = E[log P(C = c | X_real)] + E[log P(C = c | X_fake)]

    The discriminator adds −L_C to its loss (it learns to classify real and
    generated samples); the generator adds −E[log P(C = c | X_fake)] (it makes
    samples its class label recognizably describes). P(C | x) is the softmax of
    the discriminator's `aux` output (`kerasgan.layers.AuxiliaryClassifierHead`).

    Fakes are generated with the real batch's labels (kerasgan's routing: the
    batch's `y` conditions the generator), so c is `step.condition` for both
    terms. Logged (unweighted) as `d/auxiliary_classification` and
    `g/auxiliary_classification`.

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss="non-saturating",
                regularizers=[kerasgan.regularizers.AuxiliaryClassification(1.0)])
    ```

    Args:
        weight: Multiplier of the classification terms. Defaults to 1.0.
        discriminator_on_fakes: Whether D's term includes the fakes' classification
            (the paper's L_C). False trains D's classifier on real data only, which
            some later work prefers early in training. Defaults to True.
        name: Log name. Defaults to "auxiliary_classification".

    Reference:
        Odena, Olah & Shlens, "Conditional Image Synthesis with Auxiliary
        Classifier GANs", ICML 2017, Sec. 3, Eq. 2 and 3.
    """

    def __init__(self, weight=1.0, *, discriminator_on_fakes=True, name=None):
        super().__init__(weight, name=name)
        if not isinstance(discriminator_on_fakes, bool):
            raise TypeError(
                "`discriminator_on_fakes` must be True or False. "
                f"Received: discriminator_on_fakes={discriminator_on_fakes!r}"
            )
        self.discriminator_on_fakes = discriminator_on_fakes

    def discriminator_penalty(self, step):
        labels = class_labels(step, type(self).__name__)
        loss = cross_entropy(class_logits(step.real_output, type(self).__name__, "real data"), labels)
        if self.discriminator_on_fakes:
            fake = class_logits(step.fake_output, type(self).__name__, "generated data")
            loss = loss + cross_entropy(fake, labels)
        return loss

    def generator_penalty(self, step):
        labels = class_labels(step, type(self).__name__)
        return cross_entropy(class_logits(step.fake_output, type(self).__name__, "generated data"), labels)

    def get_config(self):
        return {**super().get_config(), "discriminator_on_fakes": self.discriminator_on_fakes}
