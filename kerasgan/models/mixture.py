"""MIX+GAN's generator: a mixture of generators with learned mixture weights."""

import math

import keras
from keras import ops

from kerasgan._utils import check_number
from kerasgan.models._networks import check_functional, deserialize_models


class _Noise(keras.layers.Layer):
    """z -> z without its last coordinate (the components' latents)."""

    def call(self, z):
        return z[:, :-1]

    def compute_output_shape(self, shape):
        return shape[:-1] + (shape[-1] - 1,)


class _Select(keras.layers.Layer):
    """Holds the mixture logits α; picks each sample's component from z's last coordinate."""

    def __init__(self, num_components, initial_logits, **kwargs):
        super().__init__(**kwargs)
        self.num_components = num_components
        self.initial_logits = list(initial_logits)

    def build(self, shapes):
        self.logits = self.add_weight(
            shape=(self.num_components,), name="mixture_logits", dtype="float32",
            initializer=keras.initializers.Constant(self.initial_logits))

    def weights_now(self):
        return ops.softmax(ops.cast(self.logits, "float32"))

    def choice(self, z):
        """One-hot `(batch, T)`: component k with probability w_k, a function of z."""
        u = 0.5 * (1.0 + ops.erf(ops.cast(z[:, -1:], "float32") / math.sqrt(2.0)))
        edges = ops.cumsum(ops.stop_gradient(self.weights_now()))[:-1]
        k = ops.sum(ops.cast(ops.greater(u, edges[None, :]), "int32"), axis=-1)
        return ops.one_hot(k, self.num_components)

    def call(self, inputs):
        z, outs = inputs[0], inputs[1:]
        onehot = self.choice(z)
        total = 0.0
        for i, out in enumerate(outs):
            mask = ops.reshape(onehot[:, i], (-1,) + (1,) * (len(out.shape) - 1))
            total = total + ops.cast(mask, out.dtype) * out
        return total

    def compute_output_shape(self, shapes):
        return shapes[1]


@keras.saving.register_keras_serializable(package="kerasgan")
class GeneratorMixture(keras.Model):
    """A mixture of T generators G_1..G_T with learned weights w = softmax(α).

    G_mix(z) = G_k(z_{:-1}),   k ~ Categorical(w)

    The model's latent has one more coordinate than the components': its last
    coordinate (standard normal under the default prior) picks each sample's
    component through Φ, the normal CDF, so that component k is drawn with
    probability w_k and a seed still fixes the samples. The discriminator
    sees the mixture's samples, so its loss is the expected payoff
    Σ_k w_k F(G_k, D) of Arora et al.; each component learns from its own
    samples. The choice itself has no gradient: the weights α are trained by
    `kerasgan.regularizers.MixGAN`, which adds the exact gradient of the
    expected generator payoff Σ_k w_k L_G(G_k) with respect to α and the
    entropy regularizer on w.

    Example:

    ```python
    parts = [kerasgan.models.mlp(2, latent_dim=2, hidden_units=(32,), name=f"mlp_{i}")[0]
             for i in range(3)]                        # distinct names: one model holds all three
    generator = kerasgan.models.GeneratorMixture(parts)
    generator(np.zeros((5, 3), "float32")).shape      # (5, 2); latents of size 2 + 1
    ```

    Args:
        components: A list of T ≥ 2 built functional generators, all with
            the same input and output shapes.
        initial_logits: α at the start, one number per component. Defaults to
            None (zeros: equal weights).
        **kwargs: `keras.Model` arguments such as `name`.

    Reference:
        Arora, Ge, Liang, Ma & Zhang, "Generalization and Equilibrium in
        Generative Adversarial Nets (GANs)", ICML 2017, Sec. 5 (MIX+GAN).
    """

    def __init__(self, components, *, initial_logits=None, **kwargs):
        components = list(components) if isinstance(components, (list, tuple)) else components
        if not isinstance(components, list) or len(components) < 2:
            raise ValueError(
                "`components` must be a list of at least 2 generators. "
                f"Received: components={components!r}"
            )
        for i, g in enumerate(components):
            check_functional(f"components[{i}]", g)
        shapes = {(tuple(g.inputs[0].shape[1:]), tuple(g.outputs[0].shape[1:])) for g in components}
        if len(shapes) != 1 or len(next(iter(shapes))[0]) != 1:
            raise ValueError(
                "Every component must take flat latents of one size and return samples of one "
                f"shape. Received (input, output) shapes: {sorted(shapes)}"
            )
        if initial_logits is None:
            initial_logits = [0.0] * len(components)
        initial_logits = [float(check_number("initial_logits", v)) for v in initial_logits]
        if len(initial_logits) != len(components):
            raise ValueError(
                f"`initial_logits` needs one value per component ({len(components)}). "
                f"Received: initial_logits={initial_logits!r}"
            )
        latent = next(iter(shapes))[0][0]
        z = keras.Input((latent + 1,), name="z")
        noise = _Noise(name="component_latents")(z)
        select = _Select(len(components), initial_logits, name="mixture", dtype="float32")
        out = select([z] + [g(noise) for g in components])
        kwargs.setdefault("name", "generator_mixture")
        super().__init__(z, out, **kwargs)
        self.components = components
        self.initial_logits = initial_logits
        self.selection = select

    @property
    def mixture_logits(self):
        """α, the trainable logits of the mixture weights."""
        return self.selection.logits

    def mixture_weights(self):
        """w = softmax(α), a float32 tensor of shape `(T,)`."""
        return self.selection.weights_now()

    def component_latents(self, z):
        """The latents the components see: z without its last coordinate."""
        return z[:, :-1]

    def get_config(self):
        return {
            "components": [keras.saving.serialize_keras_object(g) for g in self.components],
            "initial_logits": self.initial_logits,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**deserialize_models(config, ("components",), custom_objects))
