"""LeCam regularization (Tseng et al. 2021): it keeps an overfitting D's prediction gap small."""

import keras
import numpy as np
import pytest

import kerasgan
from kerasgan import regularizers as R


def _overfit(regularizers, steps=200, seed=0):
    """D (2×64 ReLU) against a frozen G on 16 real points: D can only overfit them."""
    keras.utils.set_random_seed(seed)
    g, d = kerasgan.models.mlp(2, 2, hidden_units=(16,), discriminator_units=(64, 64),
                               batch_norm=False, discriminator_activation="relu")
    gan = kerasgan.GAN(g, d, seed=seed)
    gan.compile(keras.optimizers.SGD(0.0), keras.optimizers.Adam(3e-3, 0.5),
                loss="non-saturating", regularizers=regularizers, steps_per_execution=50)
    x = np.random.default_rng(seed).normal(size=(16, 2)).astype("float32")
    history = gan.fit(np.tile(x, (steps, 1)), batch_size=16, epochs=1, verbose=0).history
    return gan, history["real_score"][-1] - history["fake_score"][-1], history


@pytest.mark.slow
def test_lecam_bounds_the_prediction_gap_of_an_overfitting_discriminator(tmp_path):
    _, gap_without, _ = _overfit([])
    gan, gap_with, history = _overfit([R.LeCamRegularization(0.3)])
    # Paper Fig. 1(b)/Sec. 3.2: without it D(x) - D(G(z)) keeps growing; with it stays small.
    assert gap_without > 3.0 and gap_with < gap_without / 5, (gap_without, gap_with)
    # The anchors follow D's outputs (real above fake) and are saved with the GAN.
    reg = gan.objective.regularizers[0]
    real, fake = (float(keras.ops.convert_to_numpy(a)) for a in (reg.anchor_real, reg.anchor_fake))
    assert real > 0.0 > fake and "d/lecam_anchor_real" in history
    gan.save(tmp_path / "gan.keras")
    again = keras.models.load_model(tmp_path / "gan.keras").objective.regularizers[0]
    assert float(keras.ops.convert_to_numpy(again.anchor_real)) == pytest.approx(real)
    assert float(keras.ops.convert_to_numpy(again.anchor_fake)) == pytest.approx(fake)
    assert again.get_config() == reg.get_config()


def test_bad_arguments_and_uncompiled_use_raise_clear_errors():
    with pytest.raises(ValueError, match="`decay`.*Received"):
        R.LeCamRegularization(decay=1.0)
    with pytest.raises(ValueError, match="`weight`.*Received"):
        R.LeCamRegularization(-1.0)
    with pytest.raises(TypeError, match="`one_sided`"):
        R.LeCamRegularization(one_sided=1)
    with pytest.raises(ValueError, match="compile the GAN"):
        R.LeCamRegularization().discriminator_penalty(kerasgan.Step.from_logits([1.0], [0.0]))
