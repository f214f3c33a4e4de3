"""StyleGAN2's modulated convolution: per-sample styles scale the weights, then demodulate."""

import math

import keras
from keras import ops

from kerasgan._utils import check_number, check_positive_int
from kerasgan.layers.equalized import EqualizedDense


@keras.saving.register_keras_serializable(package="kerasgan")
class ModulatedConv2D(keras.layers.Layer):
    """A 3×3 (or k×k) convolution whose weights each sample's style modulates.

    w'_ijk = s_i · w_ijk                              (modulation, Eq. 1)
    w''_ijk = w'_ijk / sqrt(Σ_{i,k} w'_ijk² + ε)      (demodulation, Eq. 3)

    with i the input channel, j the output channel and k the kernel position.
    The style s = A(w) is an equalized affine map of the layer's copy of w,
    with its bias initialised to 1 (so s starts at 1). The kernel has an
    equalized learning rate (unit-variance storage, He constant at runtime).
    The per-sample weights are never formed: the inputs are scaled by s, the
    convolution uses the shared kernel, and the outputs are scaled by the
    demodulation coefficients, which is the same linear map (Karras et al.
    2020's `fused_modconv=False` path). With demodulation, an input of
    i.i.d. unit-variance activations gives outputs of unit variance whatever
    the style, which is what replaces AdaIN's instance normalization.

    `up=True` doubles the resolution (bilinear) before the convolution; the
    paper's implementation uses a transposed convolution with a [1, 3, 3, 1]
    low-pass filter instead.

    Example:

    ```python
    layer = kerasgan.layers.ModulatedConv2D(16, 3)
    x = np.random.normal(size=(2, 8, 8, 4)).astype("float32")
    w = np.random.normal(size=(2, 32)).astype("float32")
    y = layer([x, w])                                    # (2, 8, 8, 16)
    ```

    Args:
        filters: Output channels.
        kernel_size: Square kernel size. Defaults to 3.
        demodulate: Apply Eq. 3. Defaults to True (False for the toRGB layers).
        up: Upsample ×2 before the convolution. Defaults to False.
        use_bias: Add a bias after (de)modulation. Defaults to True.
        epsilon: ε of Eq. 3. Defaults to 1e-8.
        **kwargs: Base `Layer` arguments.

    Call arguments:
        inputs: `[x, w]`: feature maps `(batch, h, w, c_in)` and the style
            vector `(batch, w_dim)`.

    Reference:
        Karras et al., "Analyzing and Improving the Image Quality of StyleGAN",
        CVPR 2020, Section 2.2, Eq. 1-3 and Fig. 2(c-d).
    """

    def __init__(self, filters, kernel_size=3, *, demodulate=True, up=False, use_bias=True,
                 epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.filters = check_positive_int("filters", filters)
        self.kernel_size = check_positive_int("kernel_size", kernel_size)
        for name, value in (("demodulate", demodulate), ("up", up), ("use_bias", use_bias)):
            if not isinstance(value, bool):
                raise TypeError(f"`{name}` must be True or False. Received: {name}={value!r}")
        self.demodulate, self.up, self.use_bias = demodulate, up, use_bias
        self.epsilon = float(check_number("epsilon", epsilon, low=0.0, low_open=True))

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2 or not all(
            isinstance(s, (list, tuple)) for s in input_shape
        ):
            raise ValueError(
                "ModulatedConv2D must be called on `[x, w]` (feature maps and a style vector). "
                f"Received input shape: {input_shape}"
            )
        x_shape, w_shape = input_shape
        if len(x_shape) != 4 or len(w_shape) != 2:
            raise ValueError(
                "ModulatedConv2D needs x of shape (batch, h, w, channels) and w of shape "
                f"(batch, w_dim). Received: x {tuple(x_shape)}, w {tuple(w_shape)}"
            )
        cin, k = x_shape[-1], self.kernel_size
        self.affine = EqualizedDense(cin, gain=1.0, bias_init=1.0, name="affine")
        self.affine.build(tuple(w_shape))
        self.runtime_scale = 1.0 / math.sqrt(k * k * cin)
        self.kernel = self.add_weight(shape=(k, k, cin, self.filters), name="kernel",
                                      initializer=keras.initializers.RandomNormal(stddev=1.0))
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.filters,), name="bias", initializer="zeros")

    def styles(self, w):
        """s = A(w), `(batch, c_in)`."""
        return self.affine(w)

    def call(self, inputs):
        x, w = inputs
        s = ops.cast(self.styles(w), x.dtype)
        kernel = ops.cast(self.kernel, x.dtype) * self.runtime_scale
        x = x * s[:, None, None, :]
        if self.up:
            shape = ops.shape(x)
            x = ops.image.resize(x, (2 * shape[1], 2 * shape[2]), interpolation="bilinear")
        y = ops.conv(x, kernel, strides=1, padding="same")
        if self.demodulate:
            # Σ_{i,k} (s_i w_ijk)² = Σ_i s_i² Σ_k w_ijk²: one (batch, c_in) × (c_in, c_out) product.
            energy = ops.matmul(ops.square(s), ops.sum(ops.square(kernel), axis=(0, 1)))
            y = y * ops.rsqrt(energy + self.epsilon)[:, None, None, :]
        if self.bias is not None:
            y = y + ops.cast(self.bias, y.dtype)
        return y

    def compute_output_shape(self, input_shape):
        batch, h, w, _ = input_shape[0]
        if self.up:
            h, w = (None if h is None else 2 * h), (None if w is None else 2 * w)
        return (batch, h, w, self.filters)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "demodulate": self.demodulate, "up": self.up, "use_bias": self.use_bias,
                "epsilon": self.epsilon}
