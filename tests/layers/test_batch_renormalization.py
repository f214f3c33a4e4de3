"""Batch renormalization (Ioffe 2017): the paper's properties, not a restated formula."""

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import _backend
from kerasgan.layers import BatchRenormalization


def _trained_layer(layer, shift=3.0, spread=2.0, steps=20, seed=0):
    """A layer whose moving statistics have drifted away from (0, 1)."""
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        layer(rng.normal(shift, spread, size=(16, 4)).astype("float32"), training=True)
    return layer


def _gamma_beta(layer, seed=1):
    rng = np.random.default_rng(seed)
    layer.gamma.assign(rng.uniform(0.5, 2.0, size=layer.gamma.shape).astype("float32"))
    layer.beta.assign(rng.normal(size=layer.beta.shape).astype("float32"))


def test_unclipped_training_output_equals_inference_output():
    # Sec. 3: with r = σ_B/σ and d = (μ_B − μ)/σ unclipped, the training-mode
    # output is the inference output under the moving statistics, whatever the batch.
    layer = _trained_layer(BatchRenormalization(np.inf, np.inf, momentum=0.5))
    _gamma_beta(layer)
    x = np.random.default_rng(2).normal(-1.0, 5.0, size=(8, 4)).astype("float32")
    inference = np.asarray(ops.convert_to_numpy(layer(x, training=False)))
    training = np.asarray(ops.convert_to_numpy(layer(x, training=True)))
    np.testing.assert_allclose(training, inference, rtol=1e-4, atol=1e-4)
    # ... and batch norm's training output is not (the batch differs from the moving stats).
    bn = keras.layers.BatchNormalization(epsilon=1e-3)
    bn.build(x.shape)
    assert np.abs(np.asarray(ops.convert_to_numpy(bn(x, training=True))) - training).max() > 0.5


def test_gradient_still_flows_through_the_batch_statistics():
    # Algorithm 1: r and d are constants of the step, so d Σy / dx is zero as in
    # batch norm (the batch mean is subtracted), while the inference function
    # it equals in value has d Σy / dx = γ/σ ≠ 0.
    layer = _trained_layer(BatchRenormalization(np.inf, np.inf, momentum=0.5))
    _gamma_beta(layer)
    x = ops.convert_to_tensor(np.random.default_rng(3).normal(size=(8, 4)).astype("float32"))
    grad = _backend.current().input_gradient
    train_grad = ops.convert_to_numpy(grad(lambda v: layer(v, training=True), x))
    infer_grad = ops.convert_to_numpy(grad(lambda v: layer(v, training=False), x))
    np.testing.assert_allclose(train_grad, 0.0, atol=1e-4)
    expected = ops.convert_to_numpy(layer.gamma) / ops.convert_to_numpy(layer.moving_stddev)
    np.testing.assert_allclose(infer_grad, np.broadcast_to(expected, infer_grad.shape), rtol=1e-4)


def test_r_max_one_d_max_zero_is_batch_norm():
    # Sec. 3: r_max = 1, d_max = 0 reduces batch renormalization to batch norm.
    x = np.random.default_rng(4).normal(2.0, 3.0, size=(4, 3, 3, 5)).astype("float32")
    layer = _trained_layer(BatchRenormalization(1.0, 0.0), steps=0)
    layer.build(x.shape)
    bn = keras.layers.BatchNormalization(epsilon=1e-3)
    bn.build(x.shape)
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer(x, training=True)), ops.convert_to_numpy(bn(x, training=True)),
        rtol=1e-4, atol=1e-4,
    )


def test_clipping_bounds_the_correction():
    # With r_max = 2, d_max = 0.5 the training output is BN·r + d with r, d clipped:
    # a batch 10σ away moves the output by exactly d_max, and 5× wider batches by r_max.
    layer = BatchRenormalization(2.0, 0.5, center=False, scale=False)
    x = np.random.default_rng(5).normal(10.0, 5.0, size=(64, 2)).astype("float32")
    layer.build(x.shape)
    bn = keras.layers.BatchNormalization(epsilon=1e-3, center=False, scale=False)
    bn.build(x.shape)
    y = ops.convert_to_numpy(layer(x, training=True))
    np.testing.assert_allclose(y, ops.convert_to_numpy(bn(x, training=True)) * 2.0 + 0.5,
                               rtol=1e-4, atol=1e-4)


def test_moving_statistics_track_the_stddev():
    layer = _trained_layer(BatchRenormalization(momentum=0.5), shift=3.0, spread=2.0, steps=30)
    np.testing.assert_allclose(ops.convert_to_numpy(layer.moving_mean), 3.0, atol=0.5)
    np.testing.assert_allclose(ops.convert_to_numpy(layer.moving_stddev), 2.0, atol=0.5)


@pytest.mark.parametrize("kwargs, name", [({"r_max": 0.5}, "r_max"), ({"d_max": -1.0}, "d_max"),
                                          ({"momentum": 1.5}, "momentum")])
def test_bad_arguments_name_themselves(kwargs, name):
    with pytest.raises(ValueError, match=name):
        BatchRenormalization(**kwargs)


def test_builders_offer_batch_renorm_and_it_saves():
    g, d = kerasgan.models.dcgan((16, 16, 1), 4, base_filters=4, normalization="batch_renorm",
                                 generator_normalization="batch_renorm")
    assert any(isinstance(l, BatchRenormalization) for l in d.layers)
    assert any(isinstance(l, BatchRenormalization) for l in g.layers)
    assert not any(isinstance(l, keras.layers.BatchNormalization) for l in g.layers + d.layers)
    g2, _ = kerasgan.models.mlp(2, 2, hidden_units=(8,), discriminator_units=(8,),
                                batch_norm="batch_renorm")
    assert any(isinstance(l, BatchRenormalization) for l in g2.layers)
    restored = keras.models.model_from_json(g2.to_json())
    restored.set_weights(g2.get_weights())
    z = np.random.default_rng(6).normal(size=(2, 2)).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(restored(z)), ops.convert_to_numpy(g2(z)),
                               atol=1e-5)
    with pytest.raises(ValueError, match="batch_norm"):
        kerasgan.models.mlp(2, 2, batch_norm="renorm")
    with pytest.raises(ValueError, match="generator_normalization"):
        kerasgan.models.dcgan((16, 16, 1), 4, generator_normalization="layer")


def test_resnet_generator_offers_batch_renorm():
    g, _ = kerasgan.models.resnet((8, 8, 3), 8, base_filters=8,
                                  generator_normalization="batch_renorm")
    assert sum(isinstance(l, BatchRenormalization) for l in g.layers) == 3  # 2 in the block + output
