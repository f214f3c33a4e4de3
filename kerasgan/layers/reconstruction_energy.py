"""Per-sample reconstruction energy of an autoencoder discriminator."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="kerasgan")
class ReconstructionEnergy(keras.layers.Layer):
    """The per-sample reconstruction error of an autoencoder, shape `(batch, 1)`.

    mse:  D(x) = (1/N) Σ_k (x_k − Dec(Enc(x))_k)²   (EBGAN)
    l1:   D(x) = (1/N) Σ_k |x_k − Dec(Enc(x))_k|    (BEGAN, η = 1)

    N is the number of entries of one sample. Called on `[x, reconstruction]`;
    computed in float32.

    Example:

    ```python
    energy = kerasgan.layers.ReconstructionEnergy("l1")
    e = energy([np.zeros((2, 4)), np.ones((2, 4))])     # [[1.], [1.]]
    ```

    Args:
        kind: "mse" or "l1". Defaults to "mse".
        **kwargs: Base `Layer` arguments.

    Reference:
        Zhao, Mathieu & LeCun, "Energy-based Generative Adversarial Networks",
        ICLR 2017, Sec. 2.3 (D(x) = ‖Dec(Enc(x)) − x‖). Berthelot, Schumm & Metz,
        "BEGAN", 2017, Eq. 1 (L(v) = |v − D(v)|^η).
    """

    def __init__(self, kind="mse", **kwargs):
        super().__init__(**kwargs)
        if kind not in ("mse", "l1"):
            raise ValueError(f"`kind` must be 'mse' or 'l1'. Received: kind={kind!r}")
        self.kind = kind

    def call(self, inputs):
        x, reconstruction = inputs
        diff = ops.cast(x, "float32") - ops.cast(reconstruction, "float32")
        err = ops.square(diff) if self.kind == "mse" else ops.abs(diff)
        err = ops.reshape(err, (ops.shape(err)[0], -1))
        return ops.mean(err, axis=-1, keepdims=True)

    def compute_output_shape(self, input_shape):
        return (input_shape[0][0], 1)

    def compute_output_spec(self, inputs):
        return keras.KerasTensor((inputs[0].shape[0], 1), dtype="float32")

    def get_config(self):
        return {**super().get_config(), "kind": self.kind}
