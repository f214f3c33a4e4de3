"""Self-attention for convolutional GANs (SAGAN, Zhang et al. 2019)."""

import keras
from keras import ops

from kerasgan._utils import check_positive_int
from kerasgan.layers.spectral_normalization import SpectralNormalization


@keras.saving.register_keras_serializable(package="kerasgan")
class SelfAttention(keras.layers.Layer):
    """Non-local self-attention over the spatial positions of a feature map.

    With 1×1 convolutions f, g, h (to C/k channels) and v (back to C), and
    positions i, j of the N = H·W grid:

    s_ij = f(x_i)ᵀ g(x_j),   β_{j,i} = exp(s_ij) / Σ_i exp(s_ij)
    o_j = v(Σ_i β_{j,i} h(x_i)),   y_j = γ o_j + x_j

    γ is a learned scalar initialized to 0, so the layer starts as the identity
    and the network learns to use non-local evidence gradually.

    Example:

    ```python
    layer = kerasgan.layers.SelfAttention()
    y = layer(np.random.normal(size=(2, 8, 8, 32)).astype("float32"))  # (2, 8, 8, 32)
    ```

    Args:
        reduction: k, the factor by which f, g and h reduce the channels.
            Defaults to 8.
        spectral_norm: Wrap the four 1×1 convolutions in
            `kerasgan.layers.SpectralNormalization` (SAGAN does so in G and D).
            Defaults to False.
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).

    Reference:
        Zhang, Goodfellow, Metaxas & Odena, "Self-Attention Generative
        Adversarial Networks", ICML 2019, Sec. 3 (Eq. 1-3, k = 8).
    """

    def __init__(self, *, reduction=8, spectral_norm=False, **kwargs):
        super().__init__(**kwargs)
        self.reduction = check_positive_int("reduction", reduction)
        self.spectral_norm = bool(spectral_norm)

    def build(self, input_shape):
        if len(input_shape) != 4 or input_shape[-1] is None:
            raise ValueError(
                "`SelfAttention` expects feature maps of shape (batch, height, width, "
                f"channels). Received: input_shape={tuple(input_shape)}"
            )
        channels = input_shape[-1]
        inner = max(channels // self.reduction, 1)

        def conv(units, name):
            layer = keras.layers.Dense(units, use_bias=False, name=name)
            if self.spectral_norm:
                layer = SpectralNormalization(layer, name=f"{name}_sn")
            layer.build(tuple(input_shape[:-1]) + (channels if name != "v" else inner,))
            return layer

        self.f = conv(inner, "f")
        self.g = conv(inner, "g")
        self.h = conv(inner, "h")
        self.v = conv(channels, "v")
        self.gamma = self.add_weight(shape=(), initializer="zeros", name="gamma")

    def call(self, inputs, training=None):
        shape = ops.shape(inputs)
        positions = shape[1] * shape[2]
        kwargs = {"training": training} if self.spectral_norm else {}
        keys = ops.reshape(self.f(inputs, **kwargs), (shape[0], positions, -1))
        queries = ops.reshape(self.g(inputs, **kwargs), (shape[0], positions, -1))
        values = ops.reshape(self.h(inputs, **kwargs), (shape[0], positions, -1))
        scores = ops.matmul(queries, ops.transpose(keys, (0, 2, 1)))  # [j, i] = s_ij
        beta = ops.softmax(ops.cast(scores, "float32"), axis=-1)
        attended = ops.matmul(ops.cast(beta, values.dtype), values)
        attended = ops.reshape(attended, (shape[0], shape[1], shape[2], -1))
        out = self.v(attended, **kwargs)
        return inputs + ops.cast(self.gamma, inputs.dtype) * out

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "reduction": self.reduction,
            "spectral_norm": self.spectral_norm,
        }
