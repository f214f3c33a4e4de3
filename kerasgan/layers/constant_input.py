"""A learned constant input tensor (StyleGAN's synthesis network start)."""

import keras
from keras import ops

from kerasgan._utils import check_positive_int


@keras.saving.register_keras_serializable(package="kerasgan")
class ConstantInput(keras.layers.Layer):
    """Returns a learned `(size, size, channels)` tensor, repeated for each sample.

    The synthesis network of StyleGAN starts from this constant rather than from
    z; the latent reaches it only through the styles. Called on any tensor whose
    first axis is the batch (usually w) to know how many copies to return.

    Example:

    ```python
    layer = kerasgan.layers.ConstantInput(channels=64)
    x = layer(np.zeros((3, 128), "float32"))                # (3, 4, 4, 64)
    ```

    Args:
        channels: Channels of the constant.
        size: Its spatial size. Defaults to 4.
        **kwargs: Base `Layer` arguments.

    Reference:
        Karras, Laine & Aila, "A Style-Based Generator Architecture for
        Generative Adversarial Networks", CVPR 2019, Sec. 2 (Table 1, row D).
    """

    def __init__(self, channels, *, size=4, **kwargs):
        super().__init__(**kwargs)
        self.channels = check_positive_int("channels", channels)
        self.size = check_positive_int("size", size)

    def build(self, input_shape):
        self.constant = self.add_weight(
            shape=(1, self.size, self.size, self.channels), initializer="ones", name="constant"
        )

    def call(self, inputs):
        batch = ops.shape(inputs)[0]
        return ops.tile(ops.cast(self.constant, self.compute_dtype), (batch, 1, 1, 1))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.size, self.size, self.channels)

    def get_config(self):
        return {**super().get_config(), "channels": self.channels, "size": self.size}
