"""StyleGAN's mapping network f: Z → W, with the tracked mean of W and truncation."""

import keras
from keras import ops

from kerasgan._utils import check_number, check_positive_int
from kerasgan.layers.equalized import EqualizedDense
from kerasgan.layers.pixel_normalization import PixelNormalization


def truncate_w(w, w_avg, psi):
    """The truncation trick in W: w' = w̄ + ψ (w − w̄).

    ψ = 1 leaves w unchanged, ψ = 0 maps every w to the mean w̄, and values in
    between trade variety for typicality.

    Example:

    ```python
    w_avg = np.zeros(8, "float32")
    kerasgan.layers.truncate_w(np.ones((2, 8), "float32"), w_avg, 0.5)   # all 0.5
    ```

    Args:
        w: Styles, shape `(..., w_dim)`.
        w_avg: The mean style w̄, shape `(w_dim,)`.
        psi: ψ, a number or a scalar tensor.

    Returns:
        The truncated styles, shaped like `w`.

    Reference:
        Karras, Laine & Aila, "A Style-Based Generator Architecture for
        Generative Adversarial Networks", CVPR 2019, Sec. 3.3 (Eq. 2 context,
        w' = w̄ + ψ(w − w̄)).
    """
    w = ops.convert_to_tensor(w)
    w_avg = ops.cast(w_avg, w.dtype)
    return w_avg + ops.cast(psi, w.dtype) * (w - w_avg)


@keras.saving.register_keras_serializable(package="kerasgan")
class MappingNetwork(keras.layers.Layer):
    """Maps z to the intermediate latent w through an MLP, tracking the mean w.

    w = f(PixelNorm(z)),  f = `num_layers` equalized dense layers with
    LeakyReLU(0.2) and learning-rate multiplier 0.01.

    Returns `(batch, num_ws, w_dim)`: one copy of w per synthesis layer. In
    training it updates the tracked mean w̄ ← β w̄ + (1 − β) mean_batch(w)
    (non-trainable, saved with the model) and, with probability
    `style_mixing`, replaces the styles from a random layer onward by those of
    a second, freshly drawn z (style mixing regularization). In inference it
    applies the truncation trick with the non-trainable `truncation_psi`
    (1.0: none), which can be changed at any time:
    `layer.truncation_psi.assign(0.7)`.

    Example:

    ```python
    mapping = kerasgan.layers.MappingNetwork(w_dim=32, num_ws=4, num_layers=2)
    ws = mapping(np.random.normal(size=(5, 16)).astype("float32"))   # (5, 4, 32)
    ```

    Args:
        w_dim: Size of w.
        num_ws: Copies of w returned (one per AdaIN). Defaults to 1.
        num_layers: Dense layers. Defaults to 8.
        units: Width of the hidden layers. Defaults to `w_dim`.
        lr_multiplier: Learning-rate multiplier λ. Defaults to 0.01.
        w_avg_beta: β of the tracked mean. Defaults to 0.995.
        style_mixing: Probability of mixing two styles in training.
            Defaults to 0.9.
        seed: Seed for style mixing's randomness. Defaults to None.
        **kwargs: Base `Layer` arguments.

    Reference:
        Karras, Laine & Aila, "A Style-Based Generator Architecture for
        Generative Adversarial Networks", CVPR 2019, Sec. 2 (8-layer mapping
        network), Sec. 3.1 (style mixing, 90%), Sec. 3.3 and App. B
        (truncation, tracked w̄), App. C (λ = 0.01).
    """

    def __init__(self, w_dim, *, num_ws=1, num_layers=8, units=None, lr_multiplier=0.01,
                 w_avg_beta=0.995, style_mixing=0.9, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.w_dim = check_positive_int("w_dim", w_dim)
        self.num_ws = check_positive_int("num_ws", num_ws)
        self.num_layers = check_positive_int("num_layers", num_layers)
        self.units = check_positive_int("units", units, allow_none=True)
        for name, value in (("w_avg_beta", w_avg_beta), ("style_mixing", style_mixing)):
            check_number(name, value, low=0, high=1, type_error=ValueError)
        check_number("lr_multiplier", lr_multiplier, low=0, low_open=True, type_error=ValueError)
        self.lr_multiplier = float(lr_multiplier)
        self.w_avg_beta = float(w_avg_beta)
        self.style_mixing = float(style_mixing)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.normalize = PixelNormalization(name="pixel_norm")
        hidden = self.units or self.w_dim
        self.dense_layers = [
            EqualizedDense(
                self.w_dim if i == self.num_layers - 1 else hidden,
                lr_multiplier=self.lr_multiplier, activation="leaky_relu", name=f"dense_{i}",
            )
            for i in range(self.num_layers)
        ]

    def build(self, input_shape):
        shape = tuple(input_shape)
        if not self.normalize.built:  # weightless, but Keras's JAX trainer checks every layer
            self.normalize.build(shape)
        for layer in self.dense_layers:
            if not layer.built:
                layer.build(shape)
            shape = shape[:-1] + (layer.units,)
        fixed = dict(trainable=False, dtype="float32", autocast=False)
        self.w_avg = self.add_weight(shape=(self.w_dim,), initializer="zeros", name="w_avg", **fixed)
        self.truncation_psi = self.add_weight(shape=(), initializer="ones", name="truncation_psi", **fixed)

    def map(self, z):
        """w = f(z) for z `(batch, latent_dim)`, without tracking or mixing."""
        if not self.built:
            self.build(tuple(z.shape))
        h = self.normalize(z)
        for layer in self.dense_layers:
            h = layer(h)
        return h

    def call(self, inputs, training=None):
        w = self.map(inputs)
        ws = ops.repeat(ops.expand_dims(w, 1), self.num_ws, axis=1)
        if not training:
            return truncate_w(ws, self.w_avg, self.truncation_psi)
        batch_mean = ops.mean(ops.cast(w, "float32"), axis=0)
        self.w_avg.assign(self.w_avg_beta * self.w_avg + (1.0 - self.w_avg_beta) * batch_mean)
        if self.style_mixing > 0 and self.num_ws > 1:
            z2 = keras.random.normal(ops.shape(inputs), dtype=inputs.dtype, seed=self.seed_generator)
            w2 = ops.repeat(ops.expand_dims(self.map(z2), 1), self.num_ws, axis=1)
            u = keras.random.uniform((), seed=self.seed_generator)
            cutoff = keras.random.randint((), 1, self.num_ws, seed=self.seed_generator)
            cutoff = ops.where(u < self.style_mixing, cutoff, self.num_ws)
            layer_index = ops.reshape(ops.arange(self.num_ws), (1, self.num_ws, 1))
            ws = ops.where(layer_index < cutoff, ws, ops.cast(w2, ws.dtype))
        return ws

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.num_ws, self.w_dim)

    def get_config(self):
        return {
            **super().get_config(),
            "w_dim": self.w_dim,
            "num_ws": self.num_ws,
            "num_layers": self.num_layers,
            "units": self.units,
            "lr_multiplier": self.lr_multiplier,
            "w_avg_beta": self.w_avg_beta,
            "style_mixing": self.style_mixing,
            "seed": self.seed,
        }
