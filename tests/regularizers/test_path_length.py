"""Path-length regularization (Karras et al. 2020, Sec. 3.2): its minimum is a generator
whose Jacobian J_w is orthogonal up to one global scale."""

import numpy as np
import pytest

import keras
import kerasgan
from kerasgan.regularizers import PathLengthPenalty


def _linear_generator(w_dim=4, size=4, seed=0):
    """z → w (a mapping network with one copy of w) → a linear synthesis w ↦ A w."""
    keras.utils.set_random_seed(seed)
    ws = keras.Input((1, w_dim))
    h = keras.layers.Flatten()(ws)
    h = keras.layers.Dense(size * size, use_bias=False, name="a")(h)
    synthesis = keras.Model(ws, keras.layers.Reshape((size, size, 1))(h), name="synthesis")
    z = keras.Input((w_dim,))
    mapping = kerasgan.layers.MappingNetwork(w_dim, num_ws=1, num_layers=1, style_mixing=0.0,
                                             name="mapping")
    return keras.Model(z, synthesis(mapping(z)))


def _condition_number(generator):
    a = keras.ops.convert_to_numpy(generator.get_layer("synthesis").get_layer("a").kernel)
    s = np.linalg.svd(a, compute_uv=False)
    return s[0] / s[-1]


@pytest.mark.slow
def test_minimizing_the_penalty_makes_the_jacobian_an_isometry_up_to_scale():
    generator = _linear_generator()
    discriminator = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(),
                                      keras.layers.Dense(1)])
    before = _condition_number(generator)
    gan = kerasgan.GAN(generator, discriminator, seed=0)
    # The generator's only term is the penalty: its phase names it, the loss is left out.
    schedule = kerasgan.Schedule([kerasgan.Phase("discriminator"),
                                  kerasgan.Phase("generator", terms=["path_length"])])
    gan.compile(keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(3e-2, 600)),
                keras.optimizers.Adam(1e-3),
                loss=kerasgan.Objective("non-saturating", [PathLengthPenalty(1.0, decay=0.05)],
                                        schedule=schedule), steps_per_execution=50)
    x = np.zeros((50 * 128, 4, 4, 1), "float32")
    history = gan.fit(x, batch_size=128, epochs=12, verbose=0).history
    after = _condition_number(generator)
    # Random Gaussian 16×4 matrix: singular values spread out (σ_max/σ_min 1.79); at the
    # penalty's minimum every direction of W has the same image-space length (ratio 1).
    # 600 noisy steps bring it to 1.12 here: within a quarter of the starting gap.
    assert before > 1.5 and after - 1.0 < 0.25 * (before - 1.0), (before, after)
    # The running target a tracks E‖J_wᵀ y‖ = ‖A‖_F/√(hw)·(1 + O(1/d)).
    a = keras.ops.convert_to_numpy(generator.get_layer("synthesis").get_layer("a").kernel)
    expected = np.sqrt((a ** 2).sum() / 16)
    assert history["g/path_length_mean"][-1] == pytest.approx(expected, rel=0.15)


def test_needs_a_mapping_and_a_synthesis_network_and_checks_arguments():
    g, d = kerasgan.models.mlp(2, 2)
    gan = kerasgan.GAN(g, d)
    with pytest.raises(ValueError, match="`mapping` and a `synthesis`"):
        gan.compile(keras.optimizers.Adam(), keras.optimizers.Adam(),
                    regularizers=[PathLengthPenalty()])
    with pytest.raises(ValueError, match="`decay`"):
        PathLengthPenalty(decay=0.0)
    with pytest.raises(ValueError, match="`weight`"):
        PathLengthPenalty(-1.0)
    config = PathLengthPenalty(3.0, decay=0.02, batch_shrink=2).get_config()
    assert PathLengthPenalty(**config).get_config() == config
