"""Equalized learning rate layers (Karras et al. 2018)."""

import math

import keras
from keras import ops

from kerasgan._utils import check_number, check_positive_int


def _check_number(name, value, *, positive=True):
    low = 0 if positive else None
    return float(check_number(name, value, low=low, low_open=True, type_error=ValueError))


class _Equalized(keras.layers.Layer):
    """Shared parts: weights ~ N(0, 1/lr_multiplier), scaled at runtime."""

    def __init__(self, *, gain=math.sqrt(2.0), lr_multiplier=1.0, use_bias=True, bias_init=0.0,
                 activation=None, **kwargs):
        super().__init__(**kwargs)
        self.gain = _check_number("gain", gain)
        self.lr_multiplier = _check_number("lr_multiplier", lr_multiplier)
        self.use_bias = bool(use_bias)
        self.bias_init = _check_number("bias_init", bias_init, positive=False)
        self.activation = keras.activations.get(activation)

    def _make_weights(self, kernel_shape, fan_in, units):
        #: The He constant times the learning-rate multiplier: c = gain / sqrt(fan_in) · λ.
        self.runtime_scale = self.gain / math.sqrt(fan_in) * self.lr_multiplier
        self.kernel = self.add_weight(
            shape=kernel_shape,
            initializer=keras.initializers.RandomNormal(stddev=1.0 / self.lr_multiplier),
            name="kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(units,),
                initializer=keras.initializers.Constant(self.bias_init / self.lr_multiplier),
                name="bias",
            )

    def _finish(self, y):
        if self.bias is not None:
            y = y + ops.cast(self.bias, y.dtype) * self.lr_multiplier
        return self.activation(y)

    def get_config(self):
        return {
            **super().get_config(),
            "gain": self.gain,
            "lr_multiplier": self.lr_multiplier,
            "use_bias": self.use_bias,
            "bias_init": self.bias_init,
            "activation": keras.activations.serialize(self.activation),
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class EqualizedDense(_Equalized):
    """Dense layer with an equalized learning rate.

    y = x (c W) + λ b,   W ~ N(0, 1/λ²),   c = gain / sqrt(fan_in) · λ

    The weights are stored with unit variance (scaled by the learning-rate
    multiplier λ) and multiplied by the He constant at every call rather than
    at initialization, so that adaptive optimizers (Adam) update every layer at
    the same effective speed. λ = 0.01 is StyleGAN's mapping-network setting.

    Example:

    ```python
    layer = kerasgan.layers.EqualizedDense(64, activation="leaky_relu")
    y = layer(np.random.normal(size=(4, 32)).astype("float32"))   # (4, 64)
    ```

    Args:
        units: Output size.
        gain: The gain in c = gain / sqrt(fan_in); sqrt(2) for (leaky) ReLU
            layers, 1 for linear outputs. Defaults to sqrt(2).
        lr_multiplier: λ. Defaults to 1.0.
        use_bias: Defaults to True.
        bias_init: Initial (effective) bias value. Defaults to 0.0.
        activation: Keras activation applied last. Defaults to None (linear).
        **kwargs: Base `Layer` arguments.

    Reference:
        Karras et al., "Progressive Growing of GANs for Improved Quality,
        Stability, and Variation", ICLR 2018, Sec. 4.1. Karras, Laine & Aila,
        "A Style-Based Generator Architecture for GANs", CVPR 2019, App. C
        (λ = 0.01 in the mapping network).
    """

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = check_positive_int("units", units)

    def build(self, input_shape):
        fan_in = input_shape[-1]
        self._make_weights((fan_in, self.units), fan_in, self.units)

    def call(self, inputs):
        kernel = ops.cast(self.kernel, inputs.dtype) * self.runtime_scale
        return self._finish(ops.matmul(inputs, kernel))

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


@keras.saving.register_keras_serializable(package="kerasgan")
class EqualizedConv2D(_Equalized):
    """2-D convolution (stride 1, "same" padding) with an equalized learning rate.

    y = conv(x, c W) + λ b,   W ~ N(0, 1/λ²),   c = gain / sqrt(k² · c_in) · λ

    Example:

    ```python
    layer = kerasgan.layers.EqualizedConv2D(16, 3)
    y = layer(np.random.normal(size=(2, 8, 8, 4)).astype("float32"))   # (2, 8, 8, 16)
    ```

    Args:
        filters: Output channels.
        kernel_size: Square kernel size k.
        gain: Defaults to sqrt(2).
        lr_multiplier: λ. Defaults to 1.0.
        use_bias: Defaults to True.
        bias_init: Defaults to 0.0.
        activation: Defaults to None (linear).
        **kwargs: Base `Layer` arguments.

    Reference:
        Karras et al., "Progressive Growing of GANs", ICLR 2018, Sec. 4.1.
    """

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(**kwargs)
        self.filters = check_positive_int("filters", filters)
        self.kernel_size = check_positive_int("kernel_size", kernel_size)

    def build(self, input_shape):
        k, cin = self.kernel_size, input_shape[-1]
        self._make_weights((k, k, cin, self.filters), k * k * cin, self.filters)

    def call(self, inputs):
        kernel = ops.cast(self.kernel, inputs.dtype) * self.runtime_scale
        return self._finish(ops.conv(inputs, kernel, strides=1, padding="same"))

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.filters)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size}
