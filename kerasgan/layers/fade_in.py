"""The fade-in blend of progressive growing (Karras et al. 2018)."""

import keras
from keras import ops

from kerasgan._utils import check_number


@keras.saving.register_keras_serializable(package="kerasgan")
class FadeIn(keras.layers.Layer):
    """Blends a lower-resolution path into a newly added one with a weight α.

    y = (1 − α) · low + α · high

    When a progressive-growing network doubles its resolution, the new layers
    (`high`) are faded in smoothly: α goes from 0 (the output equals the old,
    upsampled lower-resolution path `low`) to 1 (only the new layers). α is a
    non-trainable weight of this layer, so it is saved with the model; the
    `kerasgan.callbacks.ProgressiveGrowing` callback assigns it every step.

    Example:

    ```python
    layer = kerasgan.layers.FadeIn(alpha=0.25)
    low, high = np.zeros((2, 4, 4, 3), "float32"), np.ones((2, 4, 4, 3), "float32")
    y = layer([low, high])                                  # every entry 0.25
    layer.alpha.assign(1.0)                                 # now y == high
    ```

    Args:
        alpha: Initial value of α, in [0, 1]. Defaults to 0.0.
        **kwargs: Base `Layer` arguments.

    Reference:
        Karras et al., "Progressive Growing of GANs for Improved Quality,
        Stability, and Variation", ICLR 2018, Sec. 2 and Fig. 2.
    """

    def __init__(self, alpha=0.0, **kwargs):
        super().__init__(**kwargs)
        self._initial_alpha = float(
            check_number("alpha", alpha, low=0, high=1, type_error=ValueError)
        )

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2 or not all(
            isinstance(s, (list, tuple)) for s in input_shape
        ):
            raise ValueError(
                "`FadeIn` must be called on a list of two tensors [low, high]. "
                f"Received: input_shape={input_shape!r}"
            )
        if tuple(input_shape[0][1:]) != tuple(input_shape[1][1:]):
            raise ValueError(
                "`FadeIn` needs `low` and `high` of the same shape; upsample or "
                f"downsample one first. Received: shapes {input_shape[0]} and {input_shape[1]}"
            )
        self.alpha = self.add_weight(
            shape=(),
            initializer=keras.initializers.Constant(self._initial_alpha),
            trainable=False,
            name="alpha",
        )

    def call(self, inputs):
        low, high = inputs
        alpha = ops.cast(self.alpha, high.dtype)
        return low + alpha * (high - low)

    def compute_output_shape(self, input_shape):
        return input_shape[1]

    def get_config(self):
        return {**super().get_config(), "alpha": self._initial_alpha}
