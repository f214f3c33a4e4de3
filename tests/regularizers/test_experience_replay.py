"""Experience replay keeps each past fake with its own label and latent code."""

import keras
import numpy as np
import pytest
from keras import layers, ops

import kerasgan
from kerasgan import regularizers as R

CLASSES = 4


def _label_column(y):
    # The label as a float column: a frozen embedding of class c is c.
    embed = layers.Embedding(CLASSES, 1, trainable=False,
                             embeddings_initializer=keras.initializers.Constant(
                                 np.arange(CLASSES, dtype="float32")[:, None]))
    return layers.Flatten()(embed(y))


def _conditional_gan(regularizers):
    # G(z, y) = [y, z_0, learned(z)]: each fake shows the label and the code it was made from.
    z, y = keras.Input((2,)), keras.Input((1,), dtype="int32")
    code = layers.Dense(1, use_bias=False, trainable=False,
                        kernel_initializer=keras.initializers.Constant([[1.0], [0.0]]))(z)
    generator = keras.Model([z, y], layers.Concatenate()([_label_column(y), code,
                                                          layers.Dense(1)(z)]))
    x, y = keras.Input((3,)), keras.Input((1,), dtype="int32")
    h = layers.Dense(8, activation="relu")(layers.Concatenate()([x, _label_column(y)]))
    discriminator = keras.Model([x, y], layers.Dense(1)(h))
    gan = kerasgan.GAN(generator, discriminator, latent_dim=2, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3),
                regularizers=regularizers)
    return gan


class PairCheck(kerasgan.Hook):
    """Logs, in D's update, how far each fake is from its step's label and latent code."""

    def log_names(self, player):
        return ("label_error", "code_error", "replayed") if player == "discriminator" else ()

    def logs(self, player, step, value):
        if player != "discriminator":
            return {}
        fake = ops.cast(step.fake, "float32")
        label = ops.reshape(ops.cast(step.condition, "float32"), (-1,))
        replayed = ops.any(ops.not_equal(step.latents, step.game.latents), axis=1)
        return {"label_error": ops.max(ops.abs(fake[:, 0] - label)),
                "code_error": ops.max(ops.abs(fake[:, 1] - step.latents[:, 0])),
                "replayed": ops.mean(ops.cast(replayed, "float32"))}


@pytest.mark.slow
def test_replayed_fakes_carry_their_own_labels_and_codes_in_a_conditional_gan():
    replay = R.ExperienceReplay(buffer_size=64, replay_fraction=0.5)
    gan = _conditional_gan([replay, PairCheck()])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32 * 8, 3)).astype("float32")
    y = rng.integers(0, CLASSES, size=(32 * 8, 1)).astype("int32")
    history = gan.fit(x, y, batch_size=32, epochs=1, verbose=0).history
    assert history["d/replayed"][0] > 0.3  # half of each batch (a label-matched draw)
    # Every fake D sees, replayed or fresh, is shown with its own label and code.
    assert history["d/label_error"][0] == 0.0
    assert history["d/code_error"][0] == 0.0
    stored = ops.convert_to_numpy(replay.buffer)
    np.testing.assert_array_equal(stored[:, 0], ops.convert_to_numpy(replay.labels))
    np.testing.assert_array_equal(stored[:, 1], ops.convert_to_numpy(replay.latents)[:, 0])


def test_a_label_the_buffer_lacks_keeps_its_fresh_fake():
    replay = R.ExperienceReplay(buffer_size=16, replay_fraction=1.0)
    gan = _conditional_gan([replay])
    context = kerasgan.StepContext(seed_generator=gan.seed_generator)
    fake = ops.convert_to_tensor(np.array([[0.0, 1, 0], [0, 2, 0]], "float32"))
    z = ops.convert_to_tensor(np.array([[1.0, 0], [2.0, 0]], "float32"))
    replay.discriminator_fake_batch(fake, ops.convert_to_tensor([[0], [0]]), z, context)
    new = ops.convert_to_tensor(np.array([[1.0, 7, 0], [0, 8, 0]], "float32"))
    out, latents = replay.discriminator_fake_batch(
        new, ops.convert_to_tensor([[1], [0]]), ops.convert_to_tensor([[7.0, 0], [8.0, 0]]),
        context)
    out, latents = ops.convert_to_numpy(out), ops.convert_to_numpy(latents)
    np.testing.assert_array_equal(out[0], [1.0, 7, 0])  # class 1: none stored yet, kept fresh
    assert out[1, 0] == 0.0 and out[1, 1] in (1.0, 2.0)  # class 0: a stored class-0 fake
    assert latents[1, 0] == out[1, 1]  # with its own latent code
