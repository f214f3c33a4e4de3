"""Steps over hand-written critics, for checking penalties against numpy."""

import keras
import numpy as np
from keras import ops

import kerasgan
from kerasgan import _backend


def quadratic_critic(a):
    """D(x) = Σᵢ aᵢ xᵢ²  (∇D(x) = 2 a ⊙ x)."""
    a = ops.convert_to_tensor(np.asarray(a, "float32"))

    def d_call(x):
        return kerasgan.DiscriminatorOutput(ops.sum(a * ops.square(x), axis=1))

    return d_call


def step(d_call, real=None, fake=None, **kwargs):
    return kerasgan.Step(
        real=None if real is None else ops.convert_to_tensor(np.asarray(real, "float32")),
        fake=None if fake is None else ops.convert_to_tensor(np.asarray(fake, "float32")),
        discriminator=d_call,
        input_gradient=_backend.current().input_gradient,
        seed_generator=keras.random.SeedGenerator(0),
        **kwargs,
    )


def value(x):
    return float(ops.convert_to_numpy(x))


def round_trip(obj):
    return keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(obj))
