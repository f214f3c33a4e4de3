"""Minibatch standard deviation (Karras et al. 2018)."""

import keras
from keras import ops

from kerasgan._utils import check_epsilon, check_positive_int


@keras.saving.register_keras_serializable(package="kerasgan")
class MinibatchStdDev(keras.layers.Layer):
    """Appends the average standard deviation over a group of samples as a feature.

    The batch is split into groups of G samples (sample i goes to group
    i mod (N/G)). Within each group, for every feature position p:

    σ_p = sqrt(mean_g (x_{g,p} − mean_g x_{g,p})² + ε)

    s = mean_p σ_p is one scalar per group; it is broadcast to every position
    of every sample of the group and appended as one extra channel (the last
    axis). Inputs may be images `(batch, h, w, c)` or flat features
    `(batch, d)`. The batch size must be divisible by G when it is larger
    than G; a batch smaller than G forms a single group.

    Example:

    ```python
    layer = kerasgan.layers.MinibatchStdDev(group_size=4)
    y = layer(np.random.normal(size=(8, 4, 4, 16)).astype("float32"))  # (8, 4, 4, 17)
    ```

    Args:
        group_size: G, samples per group. Defaults to 4.
        epsilon: ε inside the square root. Defaults to 1e-8.
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).

    Reference:
        Karras et al., "Progressive Growing of GANs for Improved Quality,
        Stability, and Variation", ICLR 2018, Sec. 3 and Appendix A.1.
    """

    def __init__(self, group_size=4, *, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.group_size = check_positive_int("group_size", group_size)
        self.epsilon = check_epsilon(epsilon)

    def call(self, inputs):
        batch = ops.shape(inputs)[0]
        group = self.group_size
        if isinstance(batch, int):
            group = min(group, batch)
            if batch % group:
                raise ValueError(
                    f"`MinibatchStdDev` needs a batch size divisible by `group_size`. "
                    f"Received: batch size {batch} with group_size={self.group_size}; "
                    "use a batch size that is a multiple of group_size."
                )
        else:
            group = ops.minimum(group, batch)
        feature_shape = tuple(inputs.shape[1:])
        x = ops.cast(inputs, "float32")
        x = ops.reshape(x, (group, -1) + feature_shape)
        x = x - ops.mean(x, axis=0, keepdims=True)
        std = ops.sqrt(ops.mean(ops.square(x), axis=0) + self.epsilon)
        stat = ops.mean(ops.reshape(std, (ops.shape(std)[0], -1)), axis=-1)  # (N / G,)
        stat = ops.tile(stat, (group,))  # sample g * (N / G) + m -> stat[m]
        stat = ops.reshape(stat, (-1,) + (1,) * len(feature_shape))
        stat = ops.broadcast_to(stat, ops.shape(inputs)[:-1] + (1,))
        return ops.concatenate([inputs, ops.cast(stat, inputs.dtype)], axis=-1)

    def compute_output_shape(self, input_shape):
        last = None if input_shape[-1] is None else input_shape[-1] + 1
        return (*input_shape[:-1], last)

    def get_config(self):
        return {**super().get_config(), "group_size": self.group_size, "epsilon": self.epsilon}
