import keras
import numpy as np
import pytest

import kerasgan
from kerasgan.regularizers import WeightClipping
from tests.conftest import SHORT_RUN_JIT, ring_arrays, tiny_mlp_pair


def test_wgan_preset_is_wasserstein_with_clipping_and_five_critic_steps():
    objective = kerasgan.objective.get("wgan")
    assert isinstance(objective.loss, kerasgan.losses.WassersteinLoss)
    (clip,) = objective.regularizers
    assert isinstance(clip, WeightClipping) and clip.clip_value == 0.01
    assert objective.effective_discriminator_steps == 5
    assert objective.log_names() == ["d_loss", "g_loss"]  # a hook, not a penalty


def test_clipping_bounds_every_critic_weight_after_training_and_leaves_generator():
    generator, discriminator = tiny_mlp_pair()
    gan = kerasgan.GAN(generator, discriminator, seed=0)
    gan.compile(keras.optimizers.RMSprop(5e-3), keras.optimizers.RMSprop(5e-3), loss="wgan",
                jit_compile=SHORT_RUN_JIT)
    gan.fit(ring_arrays(128)[0], batch_size=64, epochs=1, verbose=0)
    weights = [np.array(v) for v in discriminator.trainable_variables]
    assert all(np.max(np.abs(w)) <= 0.01 + 1e-7 for w in weights)
    # Clipping is active: the initial kernels (Glorot, |w| up to ~0.4) hit the bound.
    assert any(np.isclose(np.max(np.abs(w)), 0.01) for w in weights)
    assert max(np.max(np.abs(np.array(v))) for v in generator.trainable_variables) > 0.01


def test_hook_clips_to_numpy_reference():
    _, discriminator = tiny_mlp_pair()
    gan = kerasgan.GAN(*tiny_mlp_pair(name="_b"))
    gan.discriminator = discriminator
    clip = WeightClipping(0.05)
    clip.build(gan)
    expected = [np.clip(np.array(v), -0.05, 0.05) for v in discriminator.trainable_variables]
    clip.after_discriminator_update(None)
    for var, ref in zip(discriminator.trainable_variables, expected):
        np.testing.assert_array_equal(np.array(var), ref)


def test_serialization_and_bad_arguments():
    clip = WeightClipping(0.02, name="clip")
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(clip))
    assert type(restored) is WeightClipping and restored.get_config() == clip.get_config()
    assert set(clip.get_config()) == {"clip_value", "name"}
    with pytest.raises(ValueError, match="clip_value"):
        WeightClipping(0.0)
    with pytest.raises(TypeError, match="clip_value"):
        WeightClipping("0.01")
    with pytest.raises(ValueError, match="compile"):
        WeightClipping().after_discriminator_update(None)
