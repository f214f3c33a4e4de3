"""Virtual batch normalization (Salimans et al. 2016)."""

import keras
from keras import ops

from kerasgan._utils import check_epsilon


@keras.saving.register_keras_serializable(package="kerasgan")
class VirtualBatchNormalization(keras.layers.Layer):
    """Normalizes each sample with a fixed reference batch's statistics and its own.

    With μ_ref, ν_ref the per-channel mean and mean square of the reference batch
    (N samples; over the batch and all spatial positions) and μ_x, ν_x those of
    the sample x alone (over its spatial positions):

    μ = (N μ_ref + μ_x) / (N + 1),  ν = (N ν_ref + ν_x) / (N + 1)
    y = γ (x − μ) / sqrt(ν − μ² + ε) + β

    Unlike batch normalization, a sample's output never depends on the other
    samples of its batch, in training and inference alike. The reference
    statistics are recorded from the first batch the layer sees (outside a
    symbolic build) or explicitly with `set_reference(batch)` on the layer, or
    `set_reference_batch(model, batch)` for every VBN layer of a model at once.
    They are non-trainable weights, so they are saved with the model.

    The paper recomputes the reference statistics at every step by passing the
    reference batch through the current network; here they are recorded when
    set, so call `set_reference_batch` again (e.g. every epoch, from a callback)
    to follow the network's weights.

    Example:

    ```python
    layer = kerasgan.layers.VirtualBatchNormalization()
    layer.set_reference(np.random.normal(size=(64, 8, 8, 16)).astype("float32"))
    y = layer(np.random.normal(size=(4, 8, 8, 16)).astype("float32"))
    ```

    Args:
        epsilon: ε added to the variance. Defaults to 1e-5.
        center: Whether to learn the offset β. Defaults to True.
        scale: Whether to learn the scale γ. Defaults to True.
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).

    Reference:
        Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016,
        Sec. 3.5.
    """

    def __init__(self, *, epsilon=1e-5, center=True, scale=True, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = check_epsilon(epsilon, allow_zero=False)
        self.center = bool(center)
        self.scale = bool(scale)
        self._recording = False

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(
                "`VirtualBatchNormalization` needs a known last (channel) axis. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.gamma = self.add_weight(shape=(channels,), initializer="ones", name="gamma") if self.scale else None
        self.beta = self.add_weight(shape=(channels,), initializer="zeros", name="beta") if self.center else None
        fixed = dict(trainable=False, dtype="float32", autocast=False)
        self.reference_mean = self.add_weight(shape=(channels,), initializer="zeros", name="reference_mean", **fixed)
        self.reference_mean_square = self.add_weight(
            shape=(channels,), initializer="ones", name="reference_mean_square", **fixed
        )
        self.reference_size = self.add_weight(shape=(), initializer="zeros", name="reference_size", **fixed)

    @property
    def has_reference(self):
        """Whether reference statistics have been recorded."""
        return self.built and bool(ops.convert_to_numpy(self.reference_size) > 0)

    def set_reference(self, batch):
        """Records `batch`'s per-channel statistics as the reference (eagerly).

        Args:
            batch: The reference batch, shaped like this layer's input.
        """
        batch = ops.convert_to_tensor(batch)
        if not self.built:
            self.build(batch.shape)
        mean, mean_square = self._batch_moments(ops.cast(batch, "float32"))
        self.reference_mean.assign(mean)
        self.reference_mean_square.assign(mean_square)
        self.reference_size.assign(float(batch.shape[0]))

    def call(self, inputs):
        x = ops.cast(inputs, "float32")
        axes = tuple(range(1, len(x.shape) - 1))
        if self._recording:  # `set_reference_batch`: normalize with its own statistics.
            self.set_reference(x)
            mean, mean_square = self.reference_mean, self.reference_mean_square
        else:
            ref_mean, ref_square, n = self._reference_or(x)
            own_mean = ops.mean(x, axis=axes, keepdims=True) if axes else x
            own_square = ops.mean(ops.square(x), axis=axes, keepdims=True) if axes else ops.square(x)
            mean = (n * ref_mean + own_mean) / (n + 1.0)
            mean_square = (n * ref_square + own_square) / (n + 1.0)
        variance = ops.maximum(mean_square - ops.square(mean), 0.0)
        y = (x - mean) * ops.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            y = y * ops.cast(self.gamma, "float32")
        if self.beta is not None:
            y = y + ops.cast(self.beta, "float32")
        return ops.cast(y, inputs.dtype)

    def _batch_moments(self, x):
        axes = tuple(range(len(x.shape) - 1))
        return ops.mean(x, axis=axes), ops.mean(ops.square(x), axis=axes)

    def _reference_or(self, x):
        """The stored reference, or (first call) this batch's statistics, stored."""
        stored = ops.cast(self.reference_size > 0, "float32")
        batch_mean, batch_square = self._batch_moments(x)
        batch_size = ops.cast(ops.shape(x)[0], "float32")
        ref_mean = stored * self.reference_mean + (1.0 - stored) * batch_mean
        ref_square = stored * self.reference_mean_square + (1.0 - stored) * batch_square
        n = stored * self.reference_size + (1.0 - stored) * batch_size
        self.reference_mean.assign(ref_mean)
        self.reference_mean_square.assign(ref_square)
        self.reference_size.assign(n)
        return ref_mean, ref_square, n

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
        }


def set_reference_batch(model, batch):
    """Records the reference statistics of every `VirtualBatchNormalization` in `model`.

    Runs `model` once on `batch`; each VBN layer records the statistics of the
    input it receives and normalizes the reference batch with them, so that the
    layers after it see the reference batch exactly as the paper prescribes.

    Example:

    ```python
    inputs = keras.Input((4,))
    outputs = kerasgan.layers.VirtualBatchNormalization()(keras.layers.Dense(8)(inputs))
    model = keras.Model(inputs, outputs)
    kerasgan.layers.set_reference_batch(model, np.random.normal(size=(64, 4)))
    ```

    Args:
        model: A Keras model containing VBN layers.
        batch: The reference batch (the model's input; a list for several inputs).

    Returns:
        The number of VBN layers that recorded statistics.

    Reference:
        Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016,
        Sec. 3.5 (the reference batch is normalized with its own statistics).
    """
    layers = [layer for layer in _flatten(model) if isinstance(layer, VirtualBatchNormalization)]
    for layer in layers:
        layer._recording = True
    try:
        model(batch, training=False)
    finally:
        for layer in layers:
            layer._recording = False
    return len(layers)


def _flatten(layer):
    found = [layer]
    for child in list(getattr(layer, "layers", [])) + [getattr(layer, "layer", None)]:
        if isinstance(child, keras.layers.Layer):
            found.extend(_flatten(child))
    return found
