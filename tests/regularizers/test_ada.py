"""ADA (Karras et al. 2020): the pipeline, the r_t controller, and non-leaking augmentation."""

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import regularizers as R
from kerasgan.regularizers import _augment_pipe as pipe
from kerasgan.schedules import CosineRamp


def _images(channels=3, n=16, seed=0):
    return ops.convert_to_tensor(np.random.default_rng(seed).normal(size=(n, 8, 8, channels))
                                 .astype("float32"))


def _context(iteration=0):
    return kerasgan.StepContext(seed_generator=keras.random.SeedGenerator(0),
                                iteration=ops.convert_to_tensor(iteration), input_gradient=None)


def test_p_zero_is_the_identity_for_every_transform():
    x = _images()
    for channels in (1, 3):
        x = _images(channels)
        out = R.ADA(None, probability=0.0).discriminator_input(x, _context())
        np.testing.assert_array_equal(ops.convert_to_numpy(out), ops.convert_to_numpy(x))


def test_blit_transforms_are_exact_at_p_one():
    x = _images()
    xn = ops.convert_to_numpy(x)
    seed = keras.random.SeedGenerator(1)
    rotated = ops.convert_to_numpy(pipe.augment(x, 1.0, ("rotate90",), seed))
    errors = [min(np.abs(rotated[i] - np.rot90(xn[i], k)).max() for k in range(4)) for i in range(16)]
    assert max(errors) < 1e-5
    flipped = ops.convert_to_numpy(pipe.augment(x, 1.0, ("xflip",), seed))
    assert all(min(np.abs(flipped[i] - xn[i]).max(), np.abs(flipped[i] - xn[i, :, ::-1]).max()) < 1e-6
               for i in range(16))
    assert not np.allclose(rotated, xn)


def test_full_pipeline_is_finite_random_and_differentiable():
    x = _images()
    out = pipe.augment(x, 1.0, pipe.TRANSFORMS, keras.random.SeedGenerator(2))
    out = ops.convert_to_numpy(out)
    assert np.all(np.isfinite(out)) and not np.allclose(out, ops.convert_to_numpy(x))
    # Gradients reach the input through the resampling and the colour matrix.
    from kerasgan import _backend

    grad = _backend.current().input_gradient(
        lambda t: pipe.augment(t, 0.5, pipe.TRANSFORMS, keras.random.SeedGenerator(3)), x)
    assert float(ops.sum(ops.abs(grad))) > 0


def test_scheduled_probability_follows_the_ramp_and_serializes():
    ramp = CosineRamp(0.0, 0.55, 1000, batch_size=10)          # R3GAN CIFAR-10's p, shortened
    ada = R.ADA(None, probability=ramp)
    assert float(ops.convert_to_numpy(ada.probability_at(ops.convert_to_tensor(50)))) == \
        pytest.approx(0.275, rel=1e-4)
    again = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(ada))
    assert isinstance(again.probability, CosineRamp) and again.get_config()["target"] is None


@pytest.mark.parametrize("kwargs, error, argument", [
    ({"target": 1.0}, ValueError, "target"),
    ({"probability": 1.5}, ValueError, "probability"),
    ({"transforms": "blit,warp"}, ValueError, "transforms"),
    ({"interval": 0}, ValueError, "interval"),
    ({"probability": CosineRamp(0.0, 0.5, 10)}, ValueError, "probability"),
])
def test_bad_arguments_name_the_argument(kwargs, error, argument):
    with pytest.raises(error, match=f"`{argument}`"):
        R.ADA(**kwargs)


def _noise_gan(ada):
    """G = the identity on z ~ N(0, I) (frozen): fakes and the large dataset are alike."""
    g = keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, use_bias=False,
                          kernel_initializer="identity"), keras.layers.Reshape((8, 8, 1))])
    d = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(),
                          keras.layers.Dense(128, activation="relu"), keras.layers.Dense(1)])
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.SGD(0.0), keras.optimizers.Adam(3e-3, 0.5),
                loss="non-saturating", regularizers=[ada], steps_per_execution=40)
    return gan


@pytest.mark.slow
def test_p_stays_low_on_a_large_dataset_rises_when_d_overfits_a_tiny_one_and_resumes(tmp_path):
    keras.utils.set_random_seed(0)
    ada = R.ADA(0.6, ada_images=1000, transforms="blit")     # 0 -> 1 in 1,000 images
    gan = _noise_gan(ada)
    large = np.random.default_rng(0).normal(size=(16 * 160, 8, 8, 1)).astype("float32")
    history = gan.fit(large, batch_size=16, epochs=1, verbose=0).history
    assert float(ops.convert_to_numpy(ada.p)) <= 0.1 and "d/ada_p" in history
    tiny = np.tile(large[:8], (2 * 160, 1, 1, 1))            # 8 images, D memorizes them
    gan.fit(tiny, batch_size=16, epochs=1, verbose=0)
    p = float(ops.convert_to_numpy(ada.p))
    assert p >= 0.2, p
    gan.save(tmp_path / "gan.keras")
    again = keras.models.load_model(tmp_path / "gan.keras").objective.regularizers[0]
    assert float(ops.convert_to_numpy(again.p)) == pytest.approx(p)


class Blob(keras.layers.Layer):
    """A Gaussian blob (σ = 1 px) at a learned centre μ + 0.3·z, in [-1, 1] on 8×8."""

    def __init__(self, start=(5.0, 2.0), **kwargs):
        super().__init__(**kwargs)
        self.start = tuple(start)

    def build(self, input_shape):
        self.mu = self.add_weight(shape=(2,), name="mu",
                                  initializer=keras.initializers.Constant(np.array(self.start)))

    def call(self, z):
        centre = self.mu[None, :] + 0.3 * z[:, :2]
        i = ops.cast(ops.arange(8), "float32")
        dy = ops.square(i[None, :, None] - centre[:, 0, None, None])
        dx = ops.square(i[None, None, :] - centre[:, 1, None, None])
        return (2.0 * ops.exp(-(dy + dx) / 2.0) - 1.0)[..., None]


@pytest.mark.slow
def test_augmentation_does_not_leak_rotations_into_the_generator():
    # Real blobs sit at (2, 2); G starts on their 90°-rotated copy (5, 2). Blit
    # augmentation (flips, 90° rotations, shifts) with p = 0.5 is non-leaking: G
    # must still find the un-rotated data (at p = 1 it stays on the copy, 4.9, 1.9).
    keras.utils.set_random_seed(0)
    g = keras.Sequential([keras.Input((2,)), Blob()])
    d = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(),
                          keras.layers.Dense(128, activation="relu"), keras.layers.Dense(1)])
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.Adam(0.02, 0.5), keras.optimizers.Adam(1e-3, 0.5),
                loss="non-saturating", steps_per_execution=50,
                regularizers=[R.ADA(None, probability=0.5, transforms="blit")])
    z = np.random.default_rng(0).normal(size=(16 * 400, 2)).astype("float32")
    real = ops.convert_to_numpy(keras.Sequential([keras.Input((2,)), Blob((2.0, 2.0))])(z))
    gan.fit(real, batch_size=16, epochs=1, verbose=0)
    mu = ops.convert_to_numpy(g.layers[0].mu)
    assert np.hypot(*(mu - 2.0)) < 0.75, mu
