"""A tiny R3GAN run (backbone + "r3gan" preset + ramps) trains without NaN and resumes."""

import keras
import numpy as np
import pytest

import kerasgan
from kerasgan.schedules import CosineRamp


@pytest.mark.slow
@pytest.mark.every_backend
def test_tiny_r3gan_run_is_finite_and_round_trips(tmp_path):
    g, d = kerasgan.models.r3gan((8, 8, 1), 8, width=8, cardinality=2, blocks=1, num_classes=3)
    gan = kerasgan.GAN(g, d, seed=0)
    lr = CosineRamp(2e-4, 5e-5, 64, batch_size=8)
    gamma = CosineRamp(1.0, 0.1, 64, batch_size=8)
    R = kerasgan.regularizers
    gan.compile(keras.optimizers.Adam(lr, beta_1=0.0, beta_2=0.99),
                keras.optimizers.Adam(lr, beta_1=0.0, beta_2=0.99),
                loss=kerasgan.Objective("rpgan", [R.R1Penalty(gamma), R.R2Penalty(gamma)]))
    rng = np.random.default_rng(0)
    x = np.tanh(rng.normal(size=(32, 8, 8, 1))).astype("float32")
    y = rng.integers(0, 3, size=(32, 1)).astype("int32")
    history = gan.fit(x, y, batch_size=8, epochs=1, verbose=0)
    for key, values in history.history.items():
        assert np.all(np.isfinite(values)), (key, values)
    assert {"d/r1_penalty", "d/r2_penalty"} <= set(history.history)
    path = tmp_path / "gan.keras"
    gan.save(path)
    again = keras.models.load_model(path)
    assert isinstance(again.objective.regularizers[0].gamma, CosineRamp)
    z = np.zeros((2, 8), "float32")
    labels = np.array([[0], [1]], "int32")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(again.generator([z, labels])),
                               keras.ops.convert_to_numpy(gan.generator([z, labels])), atol=1e-6)
    assert int(keras.ops.convert_to_numpy(again.optimizer.iterations)) == 4
