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
    samples of its batch, in training and inference alike.

    The paper's form: wrap the network in `ReferenceBatch(model, reference)`.
    It prepends the fixed reference batch to every input, so at every step the
    reference passes through the *current* network; each VBN layer then takes
    μ_ref, ν_ref from the reference rows it receives (gradients flow through
    them), normalizes those rows with them alone, and normalizes every other
    sample x with the statistics of (reference ∪ {x}) as above.

    Outside a `ReferenceBatch`, the layer uses stored statistics: those of
    `set_reference(batch)` on the layer, or of `set_reference_batch(model,
    batch)` for every VBN layer of a model at once, or else of the first batch
    it sees. They are non-trainable weights, saved with the model, and stay
    fixed until set again — an approximation of the paper, which recomputes
    them with the current weights at every step.

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
        Sec. 3.4 (virtual batch normalization).
    """

    def __init__(self, *, epsilon=1e-5, center=True, scale=True, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = check_epsilon(epsilon, allow_zero=False)
        self.center = bool(center)
        self.scale = bool(scale)
        self._recording = False
        self._reference_rows = 0  # set by `ReferenceBatch` while it runs its model

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
        if self._reference_rows:
            return ops.cast(self._with_reference_rows(x, axes), inputs.dtype)
        if self._recording:  # `set_reference_batch`: normalize with its own statistics.
            self.set_reference(x)
            mean, mean_square = self.reference_mean, self.reference_mean_square
        else:
            ref_mean, ref_square, n = self._reference_or(x)
            own_mean = ops.mean(x, axis=axes, keepdims=True) if axes else x
            own_square = ops.mean(ops.square(x), axis=axes, keepdims=True) if axes else ops.square(x)
            mean = (n * ref_mean + own_mean) / (n + 1.0)
            mean_square = (n * ref_square + own_square) / (n + 1.0)
        return ops.cast(self._normalize(x, mean, mean_square), inputs.dtype)

    def _normalize(self, x, mean, mean_square):
        variance = ops.maximum(mean_square - ops.square(mean), 0.0)
        y = (x - mean) * ops.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            y = y * ops.cast(self.gamma, "float32")
        if self.beta is not None:
            y = y + ops.cast(self.beta, "float32")
        return y

    def _with_reference_rows(self, x, axes):
        """The first `_reference_rows` rows are the reference batch (Sec. 3.4)."""
        n = self._reference_rows
        ref, own = x[:n], x[n:]
        ref_mean, ref_square = self._batch_moments(ref)  # differentiable: current weights
        own_mean = ops.mean(own, axis=axes, keepdims=True) if axes else own
        own_square = ops.mean(ops.square(own), axis=axes, keepdims=True) if axes else ops.square(own)
        mean = (n * ref_mean + own_mean) / (n + 1.0)
        mean_square = (n * ref_square + own_square) / (n + 1.0)
        return ops.concatenate([self._normalize(ref, ref_mean, ref_square),
                                self._normalize(own, mean, mean_square)], axis=0)

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


@keras.saving.register_keras_serializable(package="kerasgan")
class ReferenceBatch(keras.Model):
    """Runs `model` with a fixed reference batch in front of every batch (VBN, Sec. 3.4).

    Each call concatenates the reference batch before the input, runs `model`
    once, and returns the rows of the input only. Every
    `VirtualBatchNormalization` layer inside takes its reference statistics
    from the reference rows it receives, so they come from the current
    weights at every step and the loss differentiates through them, as the
    paper prescribes. The reference (chosen once, before training) is a
    non-trainable weight, saved with the model. Use the wrapper as the network
    (`kerasgan.GAN(generator, ReferenceBatch(discriminator, real[:64]))`; for a
    generator, the reference is a fixed batch of latents). Each step costs the
    forward pass of N more samples.

    Example:

    ```python
    inputs = keras.Input((4,))
    h = kerasgan.layers.VirtualBatchNormalization()(keras.layers.Dense(8)(inputs))
    d = kerasgan.layers.ReferenceBatch(keras.Model(inputs, keras.layers.Dense(1)(h)),
                                       np.random.normal(size=(64, 4)))
    d(np.zeros((2, 4)))  # (2, 1): each row normalized with the reference ∪ {itself}
    ```

    Args:
        model: A Keras model containing VBN layers; one input, or a list of
            inputs (a conditional network: then `reference` is a list too).
        reference: The reference batch: an array shaped like the model's
            input (a list of arrays for several inputs), N ≥ 1 rows.
        **kwargs: Base `Model` arguments (`name`, ...).

    Reference:
        Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016,
        Sec. 3.4.
    """

    def __init__(self, model, reference, **kwargs):
        super().__init__(**kwargs)
        if isinstance(model, dict):
            model = keras.saving.deserialize_keras_object(model)
        if not isinstance(model, keras.layers.Layer):
            raise TypeError(f"`model` must be a Keras model. Received: model={model!r}")
        self.model = model
        self._several = isinstance(reference, (list, tuple))
        parts = list(reference) if self._several else [reference]
        self.references = []
        for i, part in enumerate(parts):
            shape = tuple(part["shape"]) if isinstance(part, dict) else tuple(ops.shape(part))
            dtype = part["dtype"] if isinstance(part, dict) else keras.backend.standardize_dtype(
                ops.convert_to_tensor(part).dtype)
            if not shape or not shape[0]:
                raise ValueError(
                    "`reference` must hold at least one sample (N >= 1 rows). "
                    f"Received: reference shape {shape}"
                )
            dtype = "int32" if "int" in dtype else "float32"
            var = self.add_weight(shape=shape, dtype=dtype, trainable=False,
                                  initializer="zeros", name=f"reference_{i}")
            if not isinstance(part, dict):
                var.assign(ops.cast(part, dtype))
            self.references.append(var)
        sizes = {int(v.shape[0]) for v in self.references}
        if len(sizes) != 1:
            raise ValueError(f"Every part of `reference` must have the same number of rows. "
                             f"Received: {sorted(sizes)}")
        self.reference_size = sizes.pop()
        self._vbn = [layer for layer in _flatten(model) if isinstance(layer, VirtualBatchNormalization)]
        if not self._vbn:
            raise ValueError("`model` has no VirtualBatchNormalization layer: ReferenceBatch "
                             f"would only add work. Received: model={model.name!r}")
        if getattr(model, "built", False):
            self.built = True

    def call(self, inputs, training=None):
        parts = list(inputs) if self._several else [inputs]
        if len(parts) != len(self.references):
            raise ValueError(f"ReferenceBatch holds a reference for {len(self.references)} "
                             f"input(s) but was called with {len(parts)}.")
        joined = [ops.concatenate([ops.cast(r, p.dtype), p], axis=0)
                  for r, p in zip(self.references, (ops.convert_to_tensor(p) for p in parts))]
        for layer in self._vbn:
            layer._reference_rows = self.reference_size
        try:
            out = self.model(joined if self._several else joined[0], training=training)
        finally:
            for layer in self._vbn:
                layer._reference_rows = 0
        n = self.reference_size
        return keras.tree.map_structure(lambda t: t[n:], out)

    def compute_output_spec(self, inputs, training=None):
        return self.model.compute_output_spec(inputs)

    def get_config(self):
        spec = [{"shape": list(v.shape), "dtype": v.dtype} for v in self.references]
        return {**super().get_config(), "model": keras.saving.serialize_keras_object(self.model),
                "reference": spec if self._several else spec[0]}


def _flatten(layer):
    found = [layer]
    for child in list(getattr(layer, "layers", [])) + [getattr(layer, "layer", None)]:
        if isinstance(child, keras.layers.Layer):
            found.extend(_flatten(child))
    return found
