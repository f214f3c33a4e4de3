"""The (K+1)-class discriminator head of semi-supervised GANs (Salimans et al. 2016, §5)."""

import keras
from keras import ops

from kerasgan.layers.heads import _check_classes, _flat_dim, _Head


@keras.saving.register_keras_serializable(package="kerasgan")
class SemiSupervisedHead(_Head):
    """K class logits and the real-vs-fake logit they imply.

    l = W h(x) + b  (K logits),   D(x) = Z(x) / (Z(x) + 1),  Z(x) = Σ_k exp(l_k)

    The discriminator is a (K+1)-way classifier whose "generated" logit is
    fixed at 0 (Salimans et al.'s over-parametrization), so the probability
    that x is real is σ(log Z(x)): the GAN logit is logsumexp(l), and the
    usual minimax/non-saturating discriminator loss on it is the paper's
    unsupervised loss L_unsup. Called on D's features, it returns
    `(gan_logit, class_logits)`, of shapes `(batch, 1)` and
    `(batch, num_classes)`, float32: put the first in `logits` and the second
    in `aux`, where `kerasgan.regularizers.SemiSupervisedClassification`
    reads the supervised loss L_sup. The classifier is `argmax(class_logits)`.

    Example:

    ```python
    x = keras.Input((8, 8, 1))
    h = keras.layers.Dense(64, activation="relu")(keras.layers.Flatten()(x))
    logit, class_logits = kerasgan.layers.SemiSupervisedHead(10)(h)
    discriminator = keras.Model(x, {"logits": logit, "features": h, "aux": class_logits})
    ```

    Args:
        num_classes: K, the number of real classes.
        hidden_units: Width of an optional hidden layer (leaky ReLU) before
            the logits, or None. Defaults to None.
        kernel_initializer: Initializer of the dense kernels. Defaults to
            "glorot_uniform".
        **kwargs: Base `Layer` arguments.

    Reference:
        Salimans et al., "Improved Techniques for Training GANs", NeurIPS
        2016, Sec. 5 (semi-supervised learning, L = L_sup + L_unsup and the
        K+1 → K logit over-parametrization).
    """

    def __init__(self, num_classes, **kwargs):
        super().__init__(**kwargs)
        self.num_classes = _check_classes(num_classes)

    def build(self, input_shape):
        self._build_mlp(_flat_dim(input_shape), self.num_classes)

    def call(self, features):
        class_logits = ops.cast(self._mlp(features), "float32")
        return ops.logsumexp(class_logits, axis=-1, keepdims=True), class_logits

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 1), (input_shape[0], self.num_classes)

    def get_config(self):
        return {**super().get_config(), "num_classes": self.num_classes}
