"""Spectral normalization as a reparametrization (Miyato et al. 2018)."""

import keras
from keras import ops

from kerasgan._utils import check_number, check_positive_int

_TRANSPOSED = tuple(
    getattr(keras.layers, name)
    for name in ("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose")
    if hasattr(keras.layers, name)
)


def _l2_normalize(x, epsilon):
    return x / (ops.sqrt(ops.sum(ops.square(x))) + epsilon)


@keras.saving.register_keras_serializable(package="kerasgan")
class SpectralNormalization(keras.layers.Wrapper):
    """Runs a layer with its kernel divided by the kernel's spectral norm.

    W_SN = W / σ(W),   σ(W) = ũᵀ W ṽ   (Miyato et al. 2018, Eq. 8 and Algorithm 1)

    ũ is a persistent estimate of W's first left singular vector, refined by
    `power_iterations` steps of power iteration on every training call; ṽ is
    the matching right vector. ũ and ṽ are held constant in the gradient, and
    σ(W) is not: the gradient with respect to W is the paper's Eq. 12,
    ∂L/∂W = (∂L/∂W_SN − ⟨∂L/∂W_SN, W_SN⟩ ũṽᵀ) / σ(W), which pushes against the
    growth of the first singular value. The stored kernel W is never
    overwritten; in inference σ(W) is estimated from the stored ũ (no update).

    This differs from `keras.layers.SpectralNormalization`, which writes
    W / σ(W) back into the kernel in training and differentiates at the
    normalized kernel, so no gradient flows through σ(W) (a projection after
    each step rather than the paper's reparametrization).

    A convolution kernel `(..., in, out)` is read as the matrix
    `(k·in) × out` (a transposed convolution's `(..., out, in)` as
    `(k·in) × out` too, grouping by output channel as PyTorch's
    `spectral_norm` does). Works on `Dense`, convolutions and `Embedding`
    (any layer with a `kernel` or `embeddings` variable), on every backend,
    under XLA and in mixed precision (σ is computed in float32).

    Example:

    ```python
    d = keras.Sequential([
        keras.Input((32, 32, 3)),
        kerasgan.layers.SpectralNormalization(keras.layers.Conv2D(64, 4, 2, "same")),
        keras.layers.LeakyReLU(0.1),
        keras.layers.Flatten(),
        kerasgan.layers.SpectralNormalization(keras.layers.Dense(1)),
    ])
    ```

    Args:
        layer: The layer to wrap: one with a `kernel` (or `embeddings`) variable.
        power_iterations: Power-iteration steps per training call. Defaults to 1
            (the paper: one step per update is enough, ũ is reused across updates).
        epsilon: Added to vector norms before dividing. Defaults to 1e-12.
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Reference:
        Miyato, Kataoka, Koyama & Yoshida, "Spectral Normalization for
        Generative Adversarial Networks", ICLR 2018, Section 2.1, Eq. 8 and 12,
        Appendix A (Algorithm 1).
    """

    def __init__(self, layer, power_iterations=1, epsilon=1e-12, **kwargs):
        super().__init__(layer, **kwargs)
        self.power_iterations = check_positive_int("power_iterations", power_iterations)
        self.epsilon = float(check_number(
            "epsilon", epsilon, low=0, low_open=True, type_error=ValueError,
            hint="A typical value is 1e-12.",
        ))

    def build(self, input_shape=None):
        if not self.layer.built:
            self.layer.build(input_shape)
        kernel = getattr(self.layer, "kernel", None)
        if kernel is None:
            kernel = getattr(self.layer, "embeddings", None)
        if not isinstance(kernel, keras.Variable):
            raise ValueError(
                "`layer` must hold its weight matrix in a `kernel` (or `embeddings`) variable, "
                f"as Dense, convolutions and Embedding do. Received: layer={self.layer!r} "
                f"({type(self.layer).__name__}), whose kernel is {type(kernel).__name__}."
            )
        self._kernel_variable = kernel
        self._out_axis = -2 if isinstance(self.layer, _TRANSPOSED) else -1
        self.vector_u = self.add_weight(
            shape=(kernel.shape[self._out_axis],),
            initializer=keras.initializers.RandomNormal(),
            trainable=False,
            dtype="float32",
            name="vector_u",
        )
        self.built = True

    @property
    def kernel(self):
        """The wrapped layer's weight variable W (`kernel` or `embeddings`), unnormalized."""
        return self._kernel_variable

    def _matrix(self, kernel):
        w = ops.cast(kernel, "float32")
        rank = len(w.shape)
        if self._out_axis == -2:
            w = ops.transpose(w, list(range(rank - 2)) + [rank - 1, rank - 2])
        return ops.reshape(w, (-1, w.shape[-1]))

    def sigma(self, kernel=None, *, training=False):
        """σ(W) (differentiable in W) and the refined ũ.

        `kernel` defaults to the wrapped layer's current kernel. With
        `training`, ũ is refined by `power_iterations` steps first.
        """
        if kernel is None:
            kernel = self._kernel_variable.value
        w = self._matrix(kernel)  # (k·in, out) = Wᵀ in the paper's notation
        u = _l2_normalize(ops.cast(self.vector_u.value, "float32"), self.epsilon)
        frozen = ops.stop_gradient(w)
        v = None
        for _ in range(self.power_iterations if training else 0):  # Algorithm 1
            v = _l2_normalize(ops.matmul(frozen, u), self.epsilon)  # ṽ ← Wᵀũ / ‖Wᵀũ‖
            u = _l2_normalize(ops.matmul(ops.transpose(frozen), v), self.epsilon)  # ũ ← Wṽ / ‖Wṽ‖
        if v is None:  # inference: the right vector of the stored ũ
            v = _l2_normalize(ops.matmul(frozen, u), self.epsilon)
        u, v = ops.stop_gradient(u), ops.stop_gradient(v)
        return ops.sum(v * ops.matmul(w, u)), u

    def call(self, inputs, training=False):
        kernel = self._kernel_variable
        value = kernel.value
        sigma, u = self.sigma(value, training=bool(training))
        if training:
            self.vector_u.assign(u)
        normalized = ops.cast(value, "float32") / sigma
        # Run the layer with W_SN in place of W: every other weight keeps its
        # current value (read here, so an enclosing stateless scope carries through).
        mapping = [(w, w.value) for w in self.layer.weights if w is not kernel]
        mapping.append((kernel, ops.cast(normalized, kernel.dtype)))
        with keras.StatelessScope(state_mapping=mapping, initialize_variables=False):
            return self.layer(inputs)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "power_iterations": self.power_iterations,
            "epsilon": self.epsilon,
        }
