"""Adaptive instance normalization driven by a style vector (StyleGAN)."""

import keras
from keras import ops

from kerasgan._utils import check_epsilon
from kerasgan.layers.equalized import EqualizedDense


@keras.saving.register_keras_serializable(package="kerasgan")
class AdaIN(keras.layers.Layer):
    """Adaptive instance normalization: the style w sets each channel's mean and std.

    y_s = A_s(w), y_b = A_b(w)   (learned affine maps, "A" in the paper's Fig. 1)
    AdaIN(x_i, y) = y_{s,i} (x_i − μ(x_i)) / σ(x_i) + y_{b,i}

    μ(x_i), σ(x_i) are the mean and standard deviation of channel i of one
    sample over its spatial positions, so each output channel has mean y_{b,i}
    and standard deviation |y_{s,i}|. A_s is initialized with bias 1 and A_b with
    bias 0. Called on `[x, w]`.

    Example:

    ```python
    layer = kerasgan.layers.AdaIN()
    x = np.random.normal(size=(2, 8, 8, 16)).astype("float32")
    w = np.random.normal(size=(2, 32)).astype("float32")
    y = layer([x, w])                                     # (2, 8, 8, 16)
    ```

    Args:
        epsilon: ε added to the variance. Defaults to 1e-8.
        **kwargs: Base `Layer` arguments.

    Reference:
        Karras, Laine & Aila, "A Style-Based Generator Architecture for
        Generative Adversarial Networks", CVPR 2019, Sec. 2 (Eq. 1). Huang &
        Belongie, "Arbitrary Style Transfer in Real-time with Adaptive Instance
        Normalization", ICCV 2017, Eq. 8.
    """

    def __init__(self, *, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = check_epsilon(epsilon)

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2 or not isinstance(
            input_shape[0], (list, tuple)
        ):
            raise ValueError(f"`AdaIN` is called on `[x, w]`. Received: input_shape={input_shape}")
        x_shape, w_shape = input_shape
        channels = x_shape[-1]
        self.style_scale = EqualizedDense(channels, gain=1.0, bias_init=1.0, name="style_scale")
        self.style_bias = EqualizedDense(channels, gain=1.0, bias_init=0.0, name="style_bias")
        self.style_scale.build(tuple(w_shape))
        self.style_bias.build(tuple(w_shape))

    def styles(self, w):
        """The per-channel `(y_s, y_b)` for style vectors `w`, each `(batch, channels)`."""
        return self.style_scale(w), self.style_bias(w)

    def call(self, inputs):
        x, w = inputs
        xf = ops.cast(x, "float32")
        axes = tuple(range(1, len(x.shape) - 1))
        mean = ops.mean(xf, axis=axes, keepdims=True)
        var = ops.mean(ops.square(xf - mean), axis=axes, keepdims=True)
        normalized = (xf - mean) * ops.rsqrt(var + self.epsilon)
        ys, yb = (ops.cast(s, "float32") for s in self.styles(w))
        expand = (-1,) + (1,) * len(axes) + (x.shape[-1],)
        y = normalized * ops.reshape(ys, expand) + ops.reshape(yb, expand)
        return ops.cast(y, x.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}
