"""Conditional batch normalization (de Vries et al. 2017; Brock et al. 2019)."""

import keras
from keras import ops

from kerasgan._utils import check_epsilon, check_number, check_positive_int


@keras.saving.register_keras_serializable(package="kerasgan")
class ConditionalBatchNormalization(keras.layers.Layer):
    """Batch normalization whose scale and offset depend on a condition.

    y = γ(c) ⊙ (x − μ_B) / sqrt(σ²_B + ε) + β(c)

    Called on `[x, condition]`. With `num_classes`, the condition is an integer
    class label (shape `(batch,)` or `(batch, 1)`) and γ(c), β(c) are rows of two
    learned embeddings, initialized to 1 and 0 (the conditional BN of SNGAN's
    and SAGAN's class-conditional generators). With `num_classes=None`, the
    condition is a vector (e.g. BigGAN's shared class embedding concatenated
    with a chunk of z) and γ(c) = 1 + W_γ c, β(c) = W_β c are linear maps of it.
    μ_B, σ²_B are the batch statistics in training and moving averages in
    inference, as in `keras.layers.BatchNormalization`.

    Example:

    ```python
    layer = kerasgan.layers.ConditionalBatchNormalization(num_classes=10)
    x = np.random.normal(size=(4, 8, 8, 16)).astype("float32")
    y = layer([x, np.array([0, 1, 2, 3])], training=True)   # (4, 8, 8, 16)
    ```

    Args:
        num_classes: Number of classes for label conditioning, or None for a
            conditioning vector. Defaults to None.
        momentum: Momentum of the moving statistics. Defaults to 0.9.
        epsilon: ε added to the variance. Defaults to 1e-5.
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).

    Reference:
        de Vries et al., "Modulating early visual processing by language",
        NeurIPS 2017, Sec. 2.1 (Eq. 2-3). Brock, Donahue & Simonyan, "Large
        Scale GAN Training for High Fidelity Natural Image Synthesis", ICLR 2019,
        Sec. 3 and Appendix B (shared embedding, linear projections to γ, β).
    """

    def __init__(self, num_classes=None, *, momentum=0.9, epsilon=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.num_classes = check_positive_int("num_classes", num_classes, allow_none=True)
        self.momentum = float(
            check_number("momentum", momentum, low=0, high=1, type_error=ValueError)
        )
        self.epsilon = check_epsilon(epsilon, allow_zero=False)
        self.batch_norm = keras.layers.BatchNormalization(
            momentum=self.momentum, epsilon=self.epsilon, center=False, scale=False, name="bn"
        )

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2 or not isinstance(
            input_shape[0], (list, tuple)
        ):
            raise ValueError(
                "`ConditionalBatchNormalization` is called on `[x, condition]`. "
                f"Received: input_shape={input_shape}"
            )
        x_shape, c_shape = input_shape
        channels = x_shape[-1]
        self.batch_norm.build(x_shape)
        if self.num_classes is not None:
            self.gamma_embedding = self.add_weight(
                shape=(self.num_classes, channels), initializer="ones", name="gamma_embedding"
            )
            self.beta_embedding = self.add_weight(
                shape=(self.num_classes, channels), initializer="zeros", name="beta_embedding"
            )
        else:
            dim = c_shape[-1]
            self.gamma_kernel = self.add_weight(
                shape=(dim, channels), initializer="zeros", name="gamma_kernel"
            )
            self.beta_kernel = self.add_weight(
                shape=(dim, channels), initializer="zeros", name="beta_kernel"
            )

    def call(self, inputs, training=None):
        x, condition = inputs
        normalized = self.batch_norm(x, training=training)
        if self.num_classes is not None:
            labels = ops.reshape(ops.cast(condition, "int32"), (-1,))
            gamma = ops.take(self.gamma_embedding, labels, axis=0)
            beta = ops.take(self.beta_embedding, labels, axis=0)
        else:
            condition = ops.cast(condition, self.compute_dtype)
            gamma = 1.0 + ops.matmul(condition, ops.cast(self.gamma_kernel, self.compute_dtype))
            beta = ops.matmul(condition, ops.cast(self.beta_kernel, self.compute_dtype))
        expand = (-1,) + (1,) * (len(x.shape) - 2) + (x.shape[-1],)
        gamma = ops.cast(ops.reshape(gamma, expand), normalized.dtype)
        beta = ops.cast(ops.reshape(beta, expand), normalized.dtype)
        return normalized * gamma + beta

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {
            **super().get_config(),
            "num_classes": self.num_classes,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
        }
