"""Pixelwise feature vector normalization (Karras et al. 2018)."""

import keras
from keras import ops

from kerasgan._utils import check_epsilon


@keras.saving.register_keras_serializable(package="kerasgan")
class PixelNormalization(keras.layers.Layer):
    """Normalizes each pixel's feature vector to unit mean square.

    b_{x,y} = a_{x,y} / sqrt(mean_c (a_{x,y,c})² + ε)

    Used after each convolution of the progressive-growing generator (instead of
    batch normalization) and on z and on the input of StyleGAN's mapping network.
    Works on any rank: the mean is over the last axis.

    Example:

    ```python
    y = kerasgan.layers.PixelNormalization()(np.random.normal(size=(2, 4, 4, 8)))
    ```

    Args:
        epsilon: ε. Defaults to 1e-8.
        **kwargs: Base `Layer` arguments.

    Reference:
        Karras et al., "Progressive Growing of GANs for Improved Quality,
        Stability, and Variation", ICLR 2018, Sec. 4.2 (Eq. in the text).
    """

    def __init__(self, *, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = check_epsilon(epsilon)

    def call(self, inputs):
        x = ops.cast(inputs, "float32")
        y = x * ops.rsqrt(ops.mean(ops.square(x), axis=-1, keepdims=True) + self.epsilon)
        return ops.cast(y, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}
