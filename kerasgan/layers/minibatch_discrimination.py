"""Minibatch discrimination (Salimans et al. 2016)."""

import keras
from keras import ops

from kerasgan._utils import check_positive_int


@keras.saving.register_keras_serializable(package="kerasgan")
class MinibatchDiscrimination(keras.layers.Layer):
    """Appends to each sample's features how close it is to the rest of its batch.

    With f(x_i) ∈ R^A the input features and a learned tensor T ∈ R^{A×B×C}:

    M_i = f(x_i) T ∈ R^{B×C}
    c_b(x_i, x_j) = exp(−‖M_{i,b} − M_{j,b}‖_1)
    o(x_i)_b = Σ_{j≠i} c_b(x_i, x_j)
    output_i = [f(x_i), o(x_i)] ∈ R^{A+B}

    A discriminator that sees o(x) can tell a collapsed batch (all samples alike,
    large o) from a varied one, which pushes the generator away from mode
    collapse. The sum skips j = i (whose term is always exp(0) = 1), as the
    authors' code does. Place it after D's last hidden layer, on flattened
    features; the output for a sample depends on the whole batch, so real and
    generated samples must be given to D in separate batches.

    Example:

    ```python
    layer = kerasgan.layers.MinibatchDiscrimination(num_kernels=16, kernel_dim=4)
    y = layer(np.random.normal(size=(8, 32)).astype("float32"))   # (8, 48)
    ```

    Args:
        num_kernels: B, the number of closeness features added.
        kernel_dim: C, the size of each kernel's projection. Defaults to 5.
        kernel_initializer: Initializer of T. Defaults to
            `RandomNormal(stddev=0.05)`.
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).

    Reference:
        Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016,
        Sec. 3.2 (Fig. 1 and the equations of o(x_i)).
    """

    def __init__(self, num_kernels, kernel_dim=5, *, kernel_initializer=None, **kwargs):
        super().__init__(**kwargs)
        self.num_kernels = check_positive_int("num_kernels", num_kernels)
        self.kernel_dim = check_positive_int("kernel_dim", kernel_dim)
        if kernel_initializer is None:
            kernel_initializer = keras.initializers.RandomNormal(stddev=0.05)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)

    def build(self, input_shape):
        if len(input_shape) != 2 or input_shape[-1] is None:
            raise ValueError(
                "`MinibatchDiscrimination` expects flat features of shape "
                f"(batch, features); add a Flatten layer before it. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.num_kernels * self.kernel_dim),
            initializer=self.kernel_initializer,
            name="kernel",
        )

    def call(self, inputs):
        m = ops.matmul(inputs, self.kernel)
        m = ops.reshape(m, (-1, self.num_kernels, self.kernel_dim))
        # (batch, 1, B, C) - (1, batch, B, C) -> L1 over C -> (batch, batch, B)
        distances = ops.sum(ops.abs(m[:, None] - m[None, :]), axis=-1)
        closeness = ops.exp(-distances)
        # Drop the j = i terms, each exactly exp(0) = 1.
        o = ops.sum(closeness, axis=1) - 1.0
        return ops.concatenate([inputs, ops.cast(o, inputs.dtype)], axis=-1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[-1] + self.num_kernels)

    def get_config(self):
        return {
            **super().get_config(),
            "num_kernels": self.num_kernels,
            "kernel_dim": self.kernel_dim,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
        }
