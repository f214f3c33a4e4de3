"""Packing for the discriminator (PacGAN, Lin et al. 2018)."""

import keras
from keras import ops

from kerasgan._utils import check_positive_int


@keras.saving.register_keras_serializable(package="kerasgan")
class Pack(keras.layers.Layer):
    """Joins every n consecutive samples into one, along the last axis.

    (x_1, ..., x_B) ↦ ([x_1 ‖ ... ‖ x_n], [x_{n+1} ‖ ... ‖ x_{2n}], ...)

    A batch of shape `(B, ..., c)` becomes `(B / n, ..., n·c)`: flat samples are
    concatenated feature-wise, images channel-wise. Put it first in the
    discriminator: D then judges n samples at once and so sees the lack of
    diversity of a collapsed generator. The discriminator returns B / n logits;
    losses average them as usual. The batch size must be divisible by n (use
    `drop_remainder=True` in the dataset). For a conditional D, apply `Pack`
    after concatenating the label embedding to each sample.

    Example:

    ```python
    x = keras.Input((2,))
    h = kerasgan.layers.Pack(2)(x)          # (None, 4)
    ```

    Args:
        n: Samples per pack (the paper's PacGAN2, 3, 4 use n = 2, 3, 4).
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).

    Reference:
        Lin, Khetan, Fanti & Oh, "PacGAN: The power of two samples in generative
        adversarial networks", NeurIPS 2018, Sec. 3 (Fig. 2) and Sec. 4.1.
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = check_positive_int("n", n)

    def call(self, inputs):
        batch = ops.shape(inputs)[0]
        if isinstance(batch, int) and batch % self.n:
            raise ValueError(
                f"`Pack` needs a batch size divisible by `n`. Received: batch size "
                f"{batch} with n={self.n}; use a batch size that is a multiple of n "
                "(e.g. `drop_remainder=True`)."
            )
        inner = tuple(inputs.shape[1:-1])
        channels = inputs.shape[-1]
        x = ops.reshape(inputs, (-1, self.n) + inner + (channels,))
        # Move the pack axis next to the channels: (B/n, ..., n, c) -> (B/n, ..., n*c).
        rank = len(inner) + 3
        x = ops.transpose(x, (0,) + tuple(range(2, rank - 1)) + (1, rank - 1))
        return ops.reshape(x, (-1,) + inner + (self.n * channels,))

    def compute_output_shape(self, input_shape):
        batch = None if input_shape[0] is None else input_shape[0] // self.n
        return (batch, *input_shape[1:-1], self.n * input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}
