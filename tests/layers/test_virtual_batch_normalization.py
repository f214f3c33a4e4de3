import keras
import numpy as np
import pytest

import kerasgan

from kerasgan.layers import VirtualBatchNormalization, set_reference_batch


def _numpy_vbn(x, ref, eps=1e-5):
    axes = tuple(range(ref.ndim - 1))
    n = ref.shape[0]
    ref_mean, ref_square = ref.mean(axis=axes), (ref ** 2).mean(axis=axes)
    own_axes = tuple(range(1, x.ndim - 1))
    own_mean = x.mean(axis=own_axes, keepdims=True) if own_axes else x
    own_square = (x ** 2).mean(axis=own_axes, keepdims=True) if own_axes else x ** 2
    mean = (n * ref_mean + own_mean) / (n + 1)
    var = (n * ref_square + own_square) / (n + 1) - mean ** 2
    return (x - mean) / np.sqrt(var + eps)


@pytest.mark.parametrize("shape", [(4, 3, 3, 2), (4, 5)])
def test_value_against_numpy(shape):
    rng = np.random.default_rng(0)
    ref = rng.normal(2.0, 3.0, size=(16,) + shape[1:]).astype("float32")
    x = rng.normal(size=shape).astype("float32")
    layer = VirtualBatchNormalization()
    layer.set_reference(ref)
    np.testing.assert_allclose(np.asarray(layer(x)), _numpy_vbn(x, ref), rtol=1e-4, atol=1e-5)


def test_sample_output_independent_of_batch():
    rng = np.random.default_rng(1)
    layer = VirtualBatchNormalization()
    layer.set_reference(rng.normal(size=(32, 4, 4, 3)).astype("float32"))
    sample = rng.normal(size=(1, 4, 4, 3)).astype("float32")
    batch_a = np.concatenate([sample, rng.normal(size=(3, 4, 4, 3)).astype("float32")])
    batch_b = np.concatenate([sample, 10 + rng.normal(size=(5, 4, 4, 3)).astype("float32")])
    np.testing.assert_allclose(
        np.asarray(layer(batch_a, training=True))[0], np.asarray(layer(batch_b))[0], rtol=1e-5
    )


def test_first_call_records_reference_then_keeps_it():
    rng = np.random.default_rng(2)
    first = rng.normal(1.0, 2.0, size=(8, 3)).astype("float32")
    layer = VirtualBatchNormalization()
    assert not layer.has_reference
    layer(first)
    assert layer.has_reference
    np.testing.assert_allclose(np.asarray(layer.reference_mean), first.mean(axis=0), rtol=1e-5)
    layer(rng.normal(-5.0, 1.0, size=(8, 3)).astype("float32"))  # does not move the reference
    np.testing.assert_allclose(np.asarray(layer.reference_mean), first.mean(axis=0), rtol=1e-5)
    assert float(layer.reference_size) == 8.0


def test_reference_saved_with_model_and_set_for_whole_model(tmp_path):
    rng = np.random.default_rng(3)
    inputs = keras.Input((6,))
    h = keras.layers.Dense(4)(inputs)
    h = VirtualBatchNormalization(name="vbn1")(h)
    h = keras.layers.Dense(3)(h)
    outputs = VirtualBatchNormalization(name="vbn2")(h)
    model = keras.Model(inputs, outputs)
    ref = rng.normal(size=(10, 6)).astype("float32")
    assert set_reference_batch(model, ref) == 2
    # The reference batch, normalized with its own statistics, has zero mean per channel.
    np.testing.assert_allclose(np.asarray(model(ref)).mean(axis=0), 0.0, atol=0.1)
    # vbn2 saw the reference batch after vbn1 normalized it with its own statistics.
    (w1, b1), (w2, b2) = model.layers[1].get_weights(), model.layers[3].get_weights()
    h1 = ref.astype("float64") @ w1 + b1
    h1 = (h1 - h1.mean(axis=0)) / np.sqrt(h1.var(axis=0) + 1e-5)
    np.testing.assert_allclose(
        np.asarray(model.get_layer("vbn2").reference_mean), (h1 @ w2 + b2).mean(axis=0),
        rtol=1e-4, atol=1e-5,
    )
    non_trainable = {w.name for w in model.get_layer("vbn1").non_trainable_weights}
    assert non_trainable == {"reference_mean", "reference_mean_square", "reference_size"}
    path = str(tmp_path / "vbn.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    for name in ("vbn1", "vbn2"):
        np.testing.assert_allclose(
            np.asarray(loaded.get_layer(name).reference_mean),
            np.asarray(model.get_layer(name).reference_mean),
        )
    x = rng.normal(size=(3, 6)).astype("float32")
    np.testing.assert_allclose(np.asarray(loaded(x)), np.asarray(model(x)), rtol=1e-5)
    config = model.get_layer("vbn1").get_config()
    assert {"epsilon", "center", "scale"} <= set(config)
    assert VirtualBatchNormalization.from_config(config).epsilon == 1e-5


@pytest.mark.parametrize("epsilon", [0.0, -1.0, "small"])
def test_bad_epsilon(epsilon):
    with pytest.raises(ValueError, match="`epsilon`"):
        VirtualBatchNormalization(epsilon=epsilon)


def test_first_call_inside_xla_step_records_reference():
    import tensorflow as tf

    inputs = keras.Input((4,))
    layer = VirtualBatchNormalization()
    model = keras.Model(inputs, layer(inputs))
    step = tf.function(lambda x: model(x, training=True), jit_compile=True)
    rng = np.random.default_rng(4)
    first = rng.normal(3.0, 1.0, size=(8, 4)).astype("float32")
    second = rng.normal(-3.0, 2.0, size=(8, 4)).astype("float32")
    step(first)
    out = np.asarray(step(second))
    np.testing.assert_allclose(np.asarray(layer.reference_mean), first.mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(out, _numpy_vbn(second, first), rtol=1e-4, atol=1e-4)


# -- the paper's form: the reference batch through the current network ------------------
from keras import ops  # noqa: E402

from kerasgan import _backend  # noqa: E402
from kerasgan.layers import ReferenceBatch  # noqa: E402


def _dense_vbn(seed=0):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((3,))
    dense = keras.layers.Dense(4)
    model = keras.Model(inputs, VirtualBatchNormalization()(dense(inputs)))
    return model, dense


def _bn_over_reference_and(x_row, ref, dense, eps=1e-5):
    """Plain batch norm of h(x) over the set h(reference ∪ {x}), with the current weights."""
    w, b = (np.asarray(v, "float64") for v in dense.get_weights())
    h = np.concatenate([ref, x_row[None]]).astype("float64") @ w + b
    return (h[-1] - h.mean(axis=0)) / np.sqrt(h.var(axis=0) + eps)


def test_output_is_batch_norm_over_the_reference_and_the_sample_with_current_weights():
    # Salimans et al. 2016, Sec. 3.4.
    rng = np.random.default_rng(0)
    ref = rng.normal(1.0, 2.0, size=(16, 3)).astype("float32")
    x = rng.normal(size=(5, 3)).astype("float32")
    model, dense = _dense_vbn()
    wrapped = ReferenceBatch(model, ref)
    out = np.asarray(wrapped(x, training=True))
    expected = np.stack([_bn_over_reference_and(row, ref, dense) for row in x])
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    # New upstream weights: the reference statistics follow them at once.
    w, b = dense.get_weights()
    dense.set_weights([w * 3.0 + 0.5, b - 1.0])
    moved = np.asarray(wrapped(x, training=True))
    expected = np.stack([_bn_over_reference_and(row, ref, dense) for row in x])
    np.testing.assert_allclose(moved, expected, rtol=1e-4, atol=1e-4)
    assert np.abs(moved - out).max() > 0.05
    # A sample's output does not depend on the rest of its batch.
    np.testing.assert_allclose(np.asarray(wrapped(x[:1])), moved[:1], rtol=1e-5)


def test_the_gradient_flows_through_the_reference_statistics():
    rng = np.random.default_rng(1)
    ref = rng.normal(size=(8, 3)).astype("float32")
    x = rng.normal(size=(2, 3)).astype("float32")
    model, dense = _dense_vbn(seed=1)
    wrapped = ReferenceBatch(model, ref)
    kernel = ops.convert_to_tensor(dense.get_weights()[0])
    others = [ops.convert_to_tensor(v) for v in wrapped.trainable_variables[1:]]
    fixed = [ops.convert_to_tensor(v) for v in wrapped.non_trainable_variables]

    def first_unit(k):
        out, _ = wrapped.stateless_call([k] + others, fixed, x)
        return ops.sum(out[:, 0] * ops.convert_to_tensor([1.0, -2.0]))

    grad = np.asarray(ops.convert_to_numpy(_backend.current().input_gradient(first_unit, kernel)))
    b = dense.get_weights()[1]

    def numeric(k):  # the same function in float64, the reference through kernel k
        return sum(c * _bn_over_reference_and(row, ref, _Fixed(k, b))[0]
                   for c, row in zip((1.0, -2.0), x))

    k0, step = dense.get_weights()[0].astype("float64"), 1e-4
    fd = np.zeros_like(k0)
    for idx in np.ndindex(k0.shape):
        up, down = k0.copy(), k0.copy()
        up[idx] += step
        down[idx] -= step
        fd[idx] = (numeric(up) - numeric(down)) / (2 * step)
    np.testing.assert_allclose(grad, fd, rtol=2e-2, atol=2e-3)


class _Fixed:
    def __init__(self, w, b):
        self.w, self.b = w, b

    def get_weights(self):
        return [self.w, self.b]


def test_reference_batch_trains_in_a_gan_and_round_trips(tmp_path):
    rng = np.random.default_rng(2)
    real = rng.normal(size=(64, 2)).astype("float32")
    inputs = keras.Input((2,))
    h = VirtualBatchNormalization()(keras.layers.Dense(8)(inputs))
    d = ReferenceBatch(keras.Model(inputs, keras.layers.Dense(1)(keras.layers.ReLU()(h))),
                       real[:16])
    g, _ = kerasgan.models.mlp(2, 2, hidden_units=(8,), discriminator_units=(8,),
                               batch_norm=False)
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3),
                loss="non-saturating", jit_compile=False)
    history = gan.fit(real, batch_size=32, epochs=1, verbose=0).history
    assert np.isfinite(history["d_loss"][0])
    path = str(tmp_path / "d.keras")
    d.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(np.asarray(loaded(real[:4])), np.asarray(d(real[:4])), rtol=1e-5)
    np.testing.assert_array_equal(np.asarray(loaded.references[0]), real[:16])


def test_reference_batch_errors_name_the_argument():
    model, _ = _dense_vbn()
    with pytest.raises(ValueError, match="`reference`"):
        ReferenceBatch(model, np.zeros((0, 3), "float32"))
    plain = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="no VirtualBatchNormalization"):
        ReferenceBatch(plain, np.zeros((4, 3), "float32"))
