"""Feature matching: the generator matches the mean of D's intermediate features."""

import keras
from keras import ops

from kerasgan.regularizers.base import Regularizer


def _flat_mean(features):
    x = ops.cast(features, "float32")
    x = ops.reshape(x, (ops.shape(x)[0], -1))
    return ops.mean(x, axis=0)


@keras.saving.register_keras_serializable(package="kerasgan")
class FeatureMatching(Regularizer):
    """Feature matching: ‖E f(x) - E f(G(z))‖² added to the generator's loss.

    FM = ‖ E_{x~p_data} f(x) - E_z f(G(z)) ‖₂²

    where f is an intermediate layer of the discriminator, read from
    `DiscriminatorOutput.features` (a discriminator returning
    `(logits, features)`); features of any shape are flattened per sample.
    The real features are constants for the generator. Use it beside the
    adversarial loss, or alone with a zero-weight loss, as in the paper.

    Example:

    ```python
    x = keras.Input((2,))
    h = keras.layers.Dense(64, activation="relu")(x)
    discriminator = keras.Model(x, (keras.layers.Dense(1)(h), h))
    gan.compile(g_opt, d_opt, loss="non-saturating",
                regularizers=[kerasgan.regularizers.FeatureMatching(1.0)])
    ```

    Args:
        weight: Multiplier of the term. Defaults to 1.0.
        name: Log name. Defaults to "feature_matching".

    Reference:
        Salimans et al., "Improved Techniques for Training GANs", NeurIPS
        2016, Section 3.1.
    """

    players = ("generator",)
    generator_needs_real = True

    def generator_penalty(self, step):
        real = step.real_output.features if step.real_output is not None else None
        fake = step.fake_output.features
        if real is None or fake is None:
            raise ValueError(
                "FeatureMatching reads `DiscriminatorOutput.features`, but the "
                "discriminator returned none. Received: features=None. Make the "
                "discriminator return `(logits, features)`."
            )
        diff = ops.stop_gradient(_flat_mean(real)) - _flat_mean(fake)
        return ops.sum(ops.square(diff))
