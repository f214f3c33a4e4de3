"""A tiny autoencoder discriminator for EBGAN/BEGAN tests: returns
{"logits": per-sample reconstruction energy >= 0, "features": code, "aux": reconstruction}."""

import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="kerasgan_tests")
class Energy(layers.Layer):
    """Per-sample mean |x - r|^power over the feature axes, shape (batch, 1)."""

    def __init__(self, power=2, **kwargs):
        super().__init__(**kwargs)
        self.power = power

    def call(self, inputs):
        x, r = inputs
        err = ops.abs(ops.cast(x, "float32") - ops.cast(r, "float32"))
        return ops.mean(err**self.power, axis=-1, keepdims=True)

    def get_config(self):
        return {**super().get_config(), "power": self.power}


def autoencoder(data_dim=2, code_dim=8, units=32, power=2, name="autoencoder"):
    x = keras.Input((data_dim,))
    h = layers.Dense(units, activation="relu")(x)
    code = layers.Dense(code_dim, name="code")(h)
    h = layers.Dense(units, activation="relu")(code)
    recon = layers.Dense(data_dim, name="recon")(h)
    energy = Energy(power, name="energy")([x, recon])
    return keras.Model(x, {"logits": energy, "features": code, "aux": recon}, name=name)
