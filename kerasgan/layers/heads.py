"""Discriminator heads for conditioning: projection, auxiliary classifier, latent codes.

Each head reads the discriminator's features (its last hidden layer). The
projection head returns the conditional logit; the other two return the tensor
a discriminator puts in `DiscriminatorOutput.aux`, which
`kerasgan.regularizers.AuxiliaryClassification` and
`kerasgan.regularizers.MutualInformation` read.
"""

import math

import keras
from keras import ops

from kerasgan import priors as priors_lib
from kerasgan._utils import check_positive_int


def _flat(x):
    """`(batch, ...)` features -> `(batch, prod(...))`."""
    if len(x.shape) == 2:
        return x
    return ops.reshape(x, (-1, int(math.prod(x.shape[1:]))))


def _flat_dim(shape):
    return int(math.prod(shape[1:]))


def _check_classes(num_classes):
    check_positive_int("num_classes", num_classes)
    if num_classes < 2:
        raise ValueError(f"`num_classes` must be at least 2. Received: num_classes={num_classes!r}")
    return num_classes


class _Head(keras.layers.Layer):
    def __init__(self, *, hidden_units=None, kernel_initializer="glorot_uniform", **kwargs):
        kwargs.setdefault("dtype", "float32")  # logits in float32 under mixed precision
        super().__init__(**kwargs)
        self.hidden_units = check_positive_int("hidden_units", hidden_units, allow_none=True)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)

    def _build_mlp(self, in_dim, out_dim):
        if self.hidden_units:
            self.hidden = keras.layers.Dense(
                self.hidden_units, kernel_initializer=self.kernel_initializer, name="hidden",
                dtype=self.dtype_policy,
            )
            self.hidden.build((None, in_dim))
            in_dim = self.hidden_units
        self.out = keras.layers.Dense(
            out_dim, kernel_initializer=self.kernel_initializer, name="out", dtype=self.dtype_policy
        )
        self.out.build((None, in_dim))

    def _mlp(self, features):
        h = _flat(ops.cast(features, self.compute_dtype))
        if self.hidden_units:
            h = ops.leaky_relu(self.hidden(h), negative_slope=0.1)
        return self.out(h)

    def get_config(self):
        return {
            **super().get_config(),
            "hidden_units": self.hidden_units,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class AuxiliaryClassifierHead(_Head):
    """AC-GAN's auxiliary classifier: class logits from the discriminator's features.

    P(C = c | x) = softmax(W h(x) + b)_c

    where h(x) are D's features (flattened). The output, `(batch, num_classes)`
    float32 logits, goes in the discriminator's `aux` output;
    `kerasgan.regularizers.AuxiliaryClassification` turns it into the
    classification log-likelihood L_C that both players maximize.

    Example:

    ```python
    x = keras.Input((2,))
    h = keras.layers.Dense(64, activation="relu")(x)
    discriminator = keras.Model(x, {
        "logits": keras.layers.Dense(1)(h),
        "aux": kerasgan.layers.AuxiliaryClassifierHead(8)(h),
    })
    ```

    Args:
        num_classes: Number of classes (>= 2).
        hidden_units: Width of an optional hidden layer (LeakyReLU 0.1) before the
            class logits. Defaults to None (a linear head).
        kernel_initializer: Defaults to "glorot_uniform".
        **kwargs: Base `Layer` arguments (`name`, ...).

    Reference:
        Odena, Olah & Shlens, "Conditional Image Synthesis with Auxiliary
        Classifier GANs", ICML 2017, Sec. 3 (Eq. 2 and 3).
    """

    def __init__(self, num_classes, *, hidden_units=None, kernel_initializer="glorot_uniform", **kwargs):
        super().__init__(hidden_units=hidden_units, kernel_initializer=kernel_initializer, **kwargs)
        self.num_classes = _check_classes(num_classes)

    def build(self, input_shape):
        self._build_mlp(_flat_dim(input_shape), self.num_classes)

    def call(self, features):
        return self._mlp(features)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.num_classes)

    def get_config(self):
        return {**super().get_config(), "num_classes": self.num_classes}


def _code_priors(code):
    if isinstance(code, dict):
        code = keras.saving.deserialize_keras_object(code)
    if isinstance(code, priors_lib.Joint):
        return list(code.codes)
    codes = list(code) if isinstance(code, (list, tuple)) else [code]
    out = []
    for c in codes:
        if isinstance(c, dict):
            c = keras.saving.deserialize_keras_object(c)
        if not isinstance(c, priors_lib.Prior) or isinstance(c, priors_lib.Joint):
            raise TypeError(
                "`code` must be a kerasgan.priors.Joint, a code prior (Categorical, Uniform, "
                f"Normal) or a list of them. Received: code={code!r}"
            )
        out.append(c)
    if not out:
        raise ValueError("`code` must hold at least one code prior. Received: code=[]")
    return out


def code_output_dim(codes, learn_std):
    """Width of Q's output: K logits per categorical code, d means (+ d log-stds) per continuous one."""
    width = 0
    for c in codes:
        if isinstance(c, priors_lib.Categorical):
            width += c.num_classes
        else:
            width += c.dim * (2 if learn_std else 1)
    return width


@keras.saving.register_keras_serializable(package="kerasgan")
class LatentCodeHead(_Head):
    """InfoGAN's Q network: estimates the latent codes from the discriminator's features.

    Q(c | x) is a softmax over each categorical code and a factored Gaussian
    N(μ(x), σ(x)²) over each continuous code (σ = 1 unless `learn_std`). The
    output is one float32 tensor: for each code in order, its K logits, or its d
    means (followed by its d log-standard-deviations when `learn_std`).
    `kerasgan.regularizers.MutualInformation` reads it from `aux`.

    Example:

    ```python
    prior = kerasgan.priors.Joint(noise=kerasgan.priors.Normal(62),
                                  code=kerasgan.priors.Categorical(10))
    head = kerasgan.layers.LatentCodeHead(prior)
    q = head(np.zeros((4, 128), "float32"))     # (4, 10) logits
    ```

    Args:
        code: The GAN's `priors.Joint` (its codes are used), one code prior or a
            list of them.
        hidden_units: Width of Q's hidden layer (LeakyReLU 0.1), on top of the
            trunk it shares with D. Defaults to 128 (the paper's MNIST Q).
        learn_std: Predict a log-standard-deviation for continuous codes.
            Defaults to False (σ = 1, a common stable choice).
        kernel_initializer: Defaults to "glorot_uniform".
        **kwargs: Base `Layer` arguments.

    Reference:
        Chen et al., "InfoGAN", NeurIPS 2016, Sec. 5 (Q shares all
        convolutional layers with D and adds one fully connected layer) and
        Appendix C (Table 1: FC.128-BN-lRELU for Q on MNIST).
    """

    def __init__(self, code, *, hidden_units=128, learn_std=False,
                 kernel_initializer="glorot_uniform", **kwargs):
        super().__init__(hidden_units=hidden_units, kernel_initializer=kernel_initializer, **kwargs)
        self.codes = _code_priors(code)
        self.learn_std = bool(learn_std)
        self.output_dim = code_output_dim(self.codes, self.learn_std)

    def build(self, input_shape):
        self._build_mlp(_flat_dim(input_shape), self.output_dim)

    def call(self, features):
        return self._mlp(features)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)

    def get_config(self):
        return {
            **super().get_config(),
            "code": [keras.saving.serialize_keras_object(c) for c in self.codes],
            "learn_std": self.learn_std,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class ProjectionHead(keras.layers.Layer):
    """The projection discriminator's output: a linear logit plus a class projection.

    f(x, y) = ψ(φ(x)) + embed(y) · φ(x),   ψ(h) = w · h + b

    where φ(x) are D's features (flattened) and embed(y) a learned class
    embedding of the same width. Called on `[features, labels]`, it returns the
    conditional logit `(batch, 1)` in float32.

    Example:

    ```python
    x, y = keras.Input((2,)), keras.Input((1,), dtype="int32")
    h = keras.layers.Dense(64, activation="relu")(x)
    logits = kerasgan.layers.ProjectionHead(8)([h, y])
    discriminator = keras.Model([x, y], logits)
    ```

    Args:
        num_classes: Number of classes (>= 2).
        kernel_initializer: Initializer of ψ. Defaults to "glorot_uniform".
        embeddings_initializer: Initializer of the class embedding. Defaults to
            "glorot_uniform".
        **kwargs: Base `Layer` arguments.

    Reference:
        Miyato & Koyama, "cGANs with Projection Discriminator", ICLR 2018,
        Eq. 3 (f(x, y) = yᵀVφ(x) + ψ(φ(x))).
    """

    def __init__(self, num_classes, *, kernel_initializer="glorot_uniform",
                 embeddings_initializer="glorot_uniform", **kwargs):
        kwargs.setdefault("dtype", "float32")
        super().__init__(**kwargs)
        self.num_classes = _check_classes(num_classes)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.embeddings_initializer = keras.initializers.get(embeddings_initializer)

    def build(self, input_shape):
        if not (isinstance(input_shape, (list, tuple)) and len(input_shape) == 2
                and isinstance(input_shape[0], (list, tuple))):
            raise ValueError(
                "ProjectionHead is called on [features, labels]. "
                f"Received an input of shape {input_shape}."
            )
        dim = _flat_dim(input_shape[0])
        self.kernel = self.add_weight(shape=(dim, 1), initializer=self.kernel_initializer, name="kernel")
        self.bias = self.add_weight(shape=(1,), initializer="zeros", name="bias")
        self.embeddings = self.add_weight(
            shape=(self.num_classes, dim), initializer=self.embeddings_initializer, name="embeddings"
        )

    def call(self, inputs):
        features, labels = inputs
        h = _flat(ops.cast(features, self.compute_dtype))
        labels = ops.reshape(ops.cast(labels, "int32"), (-1,))
        embedded = ops.take(self.embeddings, labels, axis=0)
        projection = ops.sum(embedded * h, axis=-1, keepdims=True)
        return ops.matmul(h, self.kernel) + self.bias + projection

    def compute_output_shape(self, input_shape):
        return (input_shape[0][0], 1)

    def get_config(self):
        return {
            **super().get_config(),
            "num_classes": self.num_classes,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
            "embeddings_initializer": keras.initializers.serialize(self.embeddings_initializer),
        }
