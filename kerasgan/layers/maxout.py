"""Maxout units (Goodfellow et al. 2013)."""

import keras
from keras import ops

from kerasgan._utils import check_positive_int


@keras.saving.register_keras_serializable(package="kerasgan")
class Maxout(keras.layers.Layer):
    """Maxout: the maximum over `pieces` affine maps of the input.

    h_i(x) = max_{j=1..k} (x W_{ij} + b_{ij}),  i = 1..units

    A dense layer with `units * pieces` outputs followed by a max over each
    group of `pieces`, on flat inputs `(batch, features)`. The discriminators of the VEEGAN and PacGAN mixture
    benchmarks use maxout hidden layers with 5 pieces.

    Example:

    ```python
    layer = kerasgan.layers.Maxout(200, pieces=5)
    y = layer(np.zeros((4, 2), "float32"))   # (4, 200)
    ```

    Args:
        units: Output size.
        pieces: Number of affine pieces `k` per unit. Defaults to 5.
        kernel_initializer: Defaults to "glorot_uniform".
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).

    Reference:
        Goodfellow et al., "Maxout Networks", ICML 2013, Eq. 1. Lin et al.,
        "PacGAN: The power of two samples in generative adversarial networks",
        NeurIPS 2018, Appendix (the 2-D mixture discriminator).
    """

    def __init__(self, units, *, pieces=5, kernel_initializer="glorot_uniform", **kwargs):
        super().__init__(**kwargs)
        self.units = check_positive_int("units", units)
        self.pieces = check_positive_int("pieces", pieces)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)

    def build(self, input_shape):
        in_dim = input_shape[-1]
        self.kernel = self.add_weight(
            shape=(in_dim, self.units * self.pieces),
            initializer=self.kernel_initializer,
            name="kernel",
        )
        self.bias = self.add_weight(
            shape=(self.units * self.pieces,), initializer="zeros", name="bias"
        )

    def call(self, inputs):
        y = ops.matmul(inputs, self.kernel) + self.bias
        y = ops.reshape(y, (-1, self.units, self.pieces))
        return ops.max(y, axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "pieces": self.pieces,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
        }
