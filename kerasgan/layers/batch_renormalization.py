"""Batch renormalization (Ioffe 2017): batch norm corrected toward the moving statistics."""

import math

import keras
from keras import ops

from kerasgan._utils import check_epsilon, check_number


@keras.saving.register_keras_serializable(package="kerasgan")
class BatchRenormalization(keras.layers.Layer):
    """Batch renormalization over the last axis.

    σ_B = sqrt(Var_B[x] + ε),  r = sg(clip(σ_B / σ, 1/r_max, r_max)),
    d = sg(clip((μ_B − μ) / σ, −d_max, d_max)),
    y = γ ⊙ ((x − μ_B) / σ_B · r + d) + β          (training)
    y = γ ⊙ (x − μ) / σ + β                        (inference)

    where μ, σ are moving averages of the batch mean and standard deviation
    (μ ← μ + (1 − momentum)(μ_B − μ), likewise σ) and sg stops the gradient:
    r and d are constants of each step, so gradients still flow through the
    batch statistics as in batch norm. Without clipping (r_max = d_max = inf)
    the training output *equals* the inference output under the moving
    statistics, which is what removes batch norm's train/inference mismatch
    on small or non-i.i.d. batches (Ioffe 2017, Sec. 3); r_max = 1,
    d_max = 0 is batch norm.

    Example:

    ```python
    layer = kerasgan.layers.BatchRenormalization(r_max=3.0, d_max=5.0)
    x = np.random.normal(size=(16, 8, 8, 4)).astype("float32")
    y = layer(x, training=True)    # (16, 8, 8, 4)
    ```

    Args:
        r_max: Bound of r (r ∈ [1/r_max, r_max]); ≥ 1, may be inf.
            Defaults to 3.0 (the paper's final value).
        d_max: Bound of |d|; ≥ 0, may be inf. Defaults to 5.0 (the paper's
            final value).
        momentum: Momentum of the moving mean and standard deviation.
            Defaults to 0.99 (the paper's update rate α = 0.01).
        epsilon: ε added to the variance. Defaults to 1e-3.
        center: Learn the offset β. Defaults to True.
        scale: Learn the scale γ. Defaults to True.
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).

    Reference:
        Ioffe, "Batch Renormalization: Towards Reducing Minibatch Dependence
        in Batch-Normalized Models", NeurIPS 2017, Sec. 3 and Algorithm 1.
    """

    def __init__(self, r_max=3.0, d_max=5.0, *, momentum=0.99, epsilon=1e-3, center=True,
                 scale=True, **kwargs):
        super().__init__(**kwargs)
        self.r_max = float(check_number("r_max", r_max, low=1.0, type_error=ValueError))
        self.d_max = float(check_number("d_max", d_max, low=0.0, type_error=ValueError))
        self.momentum = float(check_number("momentum", momentum, low=0, high=1,
                                           type_error=ValueError))
        self.epsilon = check_epsilon(epsilon, allow_zero=False)
        self.center = bool(center)
        self.scale = bool(scale)
        self.supports_masking = True

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(
                "`BatchRenormalization` needs a known last (channel) axis. "
                f"Received: input_shape={input_shape}"
            )
        shape = (channels,)
        self.gamma = self.add_weight(shape=shape, initializer="ones", name="gamma") if self.scale else None
        self.beta = self.add_weight(shape=shape, initializer="zeros", name="beta") if self.center else None
        self.moving_mean = self.add_weight(shape=shape, initializer="zeros", trainable=False,
                                           name="moving_mean")
        self.moving_stddev = self.add_weight(shape=shape, initializer="ones", trainable=False,
                                             name="moving_stddev")

    def _affine(self, x_hat):
        if self.gamma is not None:
            x_hat = x_hat * ops.cast(self.gamma, "float32")
        if self.beta is not None:
            x_hat = x_hat + ops.cast(self.beta, "float32")
        return x_hat

    def call(self, inputs, training=None):
        x = ops.cast(inputs, "float32")
        mean = ops.cast(self.moving_mean, "float32")
        stddev = ops.cast(self.moving_stddev, "float32")
        if not training:
            return ops.cast(self._affine((x - mean) / stddev), self.compute_dtype)
        axes = list(range(len(x.shape) - 1))
        batch_mean = ops.mean(x, axis=axes)
        batch_stddev = ops.sqrt(ops.var(x, axis=axes) + self.epsilon)
        r = batch_stddev / stddev
        d = (batch_mean - mean) / stddev
        if not math.isinf(self.r_max):
            r = ops.clip(r, 1.0 / self.r_max, self.r_max)
        if not math.isinf(self.d_max):
            d = ops.clip(d, -self.d_max, self.d_max)
        r = ops.stop_gradient(r)
        d = ops.stop_gradient(d)
        y = self._affine((x - batch_mean) / batch_stddev * r + d)
        rate = 1.0 - self.momentum
        self.moving_mean.assign(ops.cast(mean + rate * (ops.stop_gradient(batch_mean) - mean),
                                         self.moving_mean.dtype))
        self.moving_stddev.assign(ops.cast(stddev + rate * (ops.stop_gradient(batch_stddev) - stddev),
                                           self.moving_stddev.dtype))
        return ops.cast(y, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "r_max": self.r_max,
            "d_max": self.d_max,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
        }
