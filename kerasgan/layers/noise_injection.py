"""Per-pixel noise inputs with a learned per-channel scale (StyleGAN)."""

import keras
from keras import ops

from kerasgan._utils import check_number


@keras.saving.register_keras_serializable(package="kerasgan")
class NoiseInjection(keras.layers.Layer):
    """Adds single-channel Gaussian noise, scaled per channel by learned weights.

    y_{x,y,c} = x_{x,y,c} + s_c · n_{x,y},   n ~ N(0, 1) drawn per sample and pixel

    The scales s start at 0, so the noise has no effect until training gives it
    one. It is drawn in training and inference alike (StyleGAN's stochastic
    variation); pass `noise=` to fix it.

    Example:

    ```python
    layer = kerasgan.layers.NoiseInjection(seed=0)
    y = layer(np.zeros((2, 8, 8, 4), "float32"))          # (2, 8, 8, 4)
    ```

    Args:
        seed: Seed of the layer's `keras.random.SeedGenerator`. Defaults to None.
        **kwargs: Base `Layer` arguments.

    Reference:
        Karras, Laine & Aila, "A Style-Based Generator Architecture for
        Generative Adversarial Networks", CVPR 2019, Sec. 3.2 and Fig. 1 ("B").
    """

    def __init__(self, *, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = check_number("seed", seed, integer=True, allow_none=True)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="zeros", name="scale")

    def call(self, inputs, noise=None):
        if noise is None:
            shape = ops.shape(inputs)[:-1] + (1,)
            noise = keras.random.normal(shape, dtype=inputs.dtype, seed=self.seed_generator)
        noise = ops.cast(noise, inputs.dtype)
        return inputs + noise * ops.cast(self.scale, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}
