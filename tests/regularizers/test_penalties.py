import inspect

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import regularizers as R
from kerasgan.step import DiscriminatorOutput

from tests.conftest import tiny_mlp_pair
from tests.regularizers.helpers import quadratic_critic, round_trip, step, value

A = [0.5, -2.0, 1.5]


def _points(n=32, seed=0):
    return np.random.default_rng(seed).normal(size=(n, 3)).astype("float32")


def test_r1_on_a_quadratic_critic_is_half_mean_squared_gradient():
    real, fake = _points(seed=1), _points(seed=2)
    s = step(quadratic_critic(A), real, fake)
    expected = 0.5 * np.mean(np.sum((2 * np.asarray(A) * real) ** 2, axis=1))
    np.testing.assert_allclose(value(R.R1Penalty(3.0).discriminator_penalty(s)), expected, rtol=1e-5)


def test_r2_uses_the_fakes():
    real, fake = _points(seed=1), _points(seed=2)
    s = step(quadratic_critic(A), real, fake)
    expected = 0.5 * np.mean(np.sum((2 * np.asarray(A) * fake) ** 2, axis=1))
    np.testing.assert_allclose(value(R.R2Penalty(3.0).discriminator_penalty(s)), expected, rtol=1e-5)


@pytest.mark.parametrize("iteration, due", [(0, True), (3, False), (4, True), (9, False)])
def test_lazy_r1_applies_every_k_steps_scaled_by_k(iteration, due):
    real = _points(seed=1)
    s = step(quadratic_critic(A), real, real, iteration=ops.convert_to_tensor(iteration, "int64"))
    full = 0.5 * np.mean(np.sum((2 * np.asarray(A) * real) ** 2, axis=1))
    got = value(R.R1Penalty(1.0, every=4).discriminator_penalty(s))
    np.testing.assert_allclose(got, 4 * full if due else 0.0, rtol=1e-5)


def test_dragan_perturbs_real_data_only_and_matches_linear_critic():
    w = np.array([3.0, 4.0, 0.0], "float32")

    def linear(x):
        return DiscriminatorOutput(ops.sum(x * w, axis=1))

    real = _points(seed=3)
    s = step(linear, real, np.full_like(real, 1e6))  # fakes far away: must not matter
    reg = R.DRAGANPenalty(10.0)
    np.testing.assert_allclose(value(reg.discriminator_penalty(s)), (5.0 - 1.0) ** 2, rtol=1e-5)
    perturbed = ops.convert_to_numpy(reg.perturb(s))
    delta = perturbed - real
    bound = 0.5 * real.std()
    assert delta.min() >= 0.0 and delta.max() <= bound + 1e-6
    assert delta.max() > 0.3 * bound  # it does perturb


def test_dragan_on_quadratic_critic_is_zero_when_target_matches_nowhere():
    # target 0 on a quadratic critic = mean ‖2a⊙x̂‖² at the perturbed points.
    real = _points(seed=4)
    s = step(quadratic_critic(A), real, real)
    reg = R.DRAGANPenalty(1.0, target=0.0)
    x_hat = ops.convert_to_numpy(reg.perturb(step(quadratic_critic(A), real, real)))
    expected = np.mean(np.sum((2 * np.asarray(A) * x_hat) ** 2, axis=1))
    np.testing.assert_allclose(value(reg.discriminator_penalty(s)), expected, rtol=1e-4)


def test_feature_matching_on_known_features():
    rng = np.random.default_rng(5)
    f_real = rng.normal(size=(16, 4, 2)).astype("float32")
    f_fake = rng.normal(size=(16, 4, 2)).astype("float32") + 1.0
    s = kerasgan.Step(
        real_output=DiscriminatorOutput(ops.zeros((16,)), ops.convert_to_tensor(f_real)),
        fake_output=DiscriminatorOutput(ops.zeros((16,)), ops.convert_to_tensor(f_fake)),
    )
    expected = np.sum((f_real.reshape(16, -1).mean(0) - f_fake.reshape(16, -1).mean(0)) ** 2)
    reg = R.FeatureMatching()
    assert R.FeatureMatching.generator_needs_real
    np.testing.assert_allclose(value(reg.generator_penalty(s)), expected, rtol=1e-5)
    assert reg.discriminator_penalty(s) is None


def test_feature_matching_without_features_names_the_fix():
    s = kerasgan.Step.from_logits([1.0], [0.0])
    with pytest.raises(ValueError, match="features"):
        R.FeatureMatching().generator_penalty(s)


def _compiled(regularizers, **kwargs):
    g, d = tiny_mlp_pair(units=8)
    gan = kerasgan.GAN(g, d, latent_dim=2, seed=0)
    gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1), regularizers=regularizers, **kwargs)
    return gan


def test_orthogonal_regularization_matches_numpy():
    reg = R.OrthogonalRegularization(1e-4, network="discriminator")
    gan = _compiled([reg])
    expected = 0.0
    for layer in gan.discriminator.layers:
        w = layer.kernel.numpy().reshape(-1, layer.kernel.shape[-1])
        gram = w.T @ w
        expected += np.sum((gram * (1 - np.eye(len(gram)))) ** 2)
    np.testing.assert_allclose(value(reg.discriminator_penalty(None)), expected, rtol=1e-5)
    assert reg.generator_penalty(None) is None


def test_orthogonal_regularization_is_zero_for_orthogonal_filters_and_reshapes_convs():
    from kerasgan.regularizers.orthogonal import off_diagonal_penalty

    q, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(12, 5)))
    scaled = (q * np.array([1, 2, 3, 4, 5])).astype("float32")  # orthogonal, any norms
    assert value(off_diagonal_penalty(ops.convert_to_tensor(scaled))) < 1e-8
    conv = np.random.default_rng(1).normal(size=(3, 3, 2, 4)).astype("float32")
    w = conv.reshape(-1, 4)
    expected = np.sum((w.T @ w * (1 - np.eye(4))) ** 2)
    np.testing.assert_allclose(value(off_diagonal_penalty(ops.convert_to_tensor(conv))), expected, rtol=1e-5)


def test_historical_averaging_tracks_the_running_mean_and_penalizes_distance():
    reg = R.HistoricalAveraging(1.0, player="generator")
    gan = _compiled([reg])
    history = [[v.numpy().copy() for v in gan.generator.trainable_variables]]
    assert value(reg.generator_penalty(None)) == 0.0  # mean = initial weights
    rng = np.random.default_rng(0)
    for _ in range(3):
        for v in gan.generator.trainable_variables:
            v.assign(v.numpy() + rng.normal(size=v.shape).astype("float32"))
        history.append([v.numpy().copy() for v in gan.generator.trainable_variables])
        reg.after_generator_update(None)
        reg.after_discriminator_update(None)  # the other player's update: no effect
    means = [np.mean([h[i] for h in history], axis=0) for i in range(len(history[0]))]
    for mean, state in zip(means, reg._means):
        np.testing.assert_allclose(state.numpy(), mean, rtol=1e-5, atol=1e-6)
    for v in gan.generator.trainable_variables:
        v.assign(v.numpy() + 1.0)
    current = [v.numpy() for v in gan.generator.trainable_variables]
    expected = sum(np.sum((c - m) ** 2) for c, m in zip(current, means))
    np.testing.assert_allclose(value(reg.generator_penalty(None)), expected, rtol=1e-5)
    assert reg.discriminator_penalty(None) is None


PUBLIC = [
    R.DRAGANPenalty(5.0, scale=0.3, target=0.5, name="dr"),
    R.R1Penalty(2.0, every=4),
    R.R2Penalty(0.5),
    R.FeatureMatching(0.1),
    R.HistoricalAveraging(0.01, player="generator"),
    R.OrthogonalRegularization(1e-3, network="discriminator"),
    R.InstanceNoise(0.2, 100),
    R.DiffAugment("color,cutout"),
    R.ExperienceReplay(64, 0.25),
    R.EMAGenerator(0.9),
    R.ConsensusOptimization(3.0),
    R.UnrolledDiscriminator(3, second_order=False),
]


@pytest.mark.parametrize("reg", PUBLIC, ids=lambda r: type(r).__name__)
def test_serialization_round_trip_and_config_keys_equal_init_arguments(reg):
    restored = round_trip(reg)
    assert type(restored) is type(reg)
    assert restored.get_config() == reg.get_config()
    params = set(inspect.signature(type(reg).__init__).parameters) - {"self"}
    assert set(reg.get_config()) == params


@pytest.mark.parametrize(
    "make, argument",
    [
        (lambda: R.R1Penalty(-1.0), "gamma"),
        (lambda: R.R2Penalty(1.0, every=0), "every"),
        (lambda: R.R1Penalty(1.0, every=2.5), "every"),
        (lambda: R.DRAGANPenalty(scale=-1), "scale"),
        (lambda: R.HistoricalAveraging(player="critic"), "player"),
        (lambda: R.OrthogonalRegularization(network="both"), "network"),
        (lambda: R.InstanceNoise(-0.1), "std"),
        (lambda: R.InstanceNoise(0.1, anneal_steps=0), "anneal_steps"),
        (lambda: R.DiffAugment("color,flip"), "policy"),
        (lambda: R.DiffAugment(["color"]), "policy"),
        (lambda: R.ExperienceReplay(0), "buffer_size"),
        (lambda: R.ExperienceReplay(10, 1.5), "replay_fraction"),
        (lambda: R.ExperienceReplay(10, "half"), "replay_fraction"),
        (lambda: R.EMAGenerator(1.0), "decay"),
        (lambda: R.EMAGenerator("0.9"), "decay"),
        (lambda: R.ConsensusOptimization(-2.0), "gamma"),
        (lambda: R.UnrolledDiscriminator(0), "steps"),
        (lambda: R.UnrolledDiscriminator(2, second_order="yes"), "second_order"),
    ],
)
def test_bad_arguments_raise_naming_the_argument(make, argument):
    with pytest.raises((ValueError, TypeError), match=f"`{argument}`") as info:
        make()
    assert "Received" in str(info.value)


def test_hooks_used_outside_their_context_name_the_problem():
    with pytest.raises(ValueError, match="step.game"):
        R.UnrolledDiscriminator(2).discriminator_lookahead([], kerasgan.Step())
    with pytest.raises(ValueError, match="HistoricalAveraging"):
        R.HistoricalAveraging(1.0).discriminator_penalty(None)
    g = keras.Sequential([keras.Input((2,)), keras.layers.Identity()])
    _, d = tiny_mlp_pair(units=4)
    gan = kerasgan.GAN(g, d, latent_dim=2)
    with pytest.raises(ValueError, match="network"):
        gan.compile(keras.optimizers.SGD(), keras.optimizers.SGD(),
                    regularizers=[R.OrthogonalRegularization(network="generator")])


@pytest.mark.parametrize("player", ["discriminator", "generator"])
def test_one_player_penalties_log_only_for_their_player(player):
    regs = [R.HistoricalAveraging(0.1, player=player), R.OrthogonalRegularization(1e-3, network=player)]
    objective = kerasgan.Objective("non-saturating", regs)
    mine, other = ("d", "g") if player == "discriminator" else ("g", "d")
    names = objective.log_names()
    for reg in regs:
        assert f"{mine}/{reg.name}" in names and f"{other}/{reg.name}" not in names
    g, d = tiny_mlp_pair(units=8)
    gan = kerasgan.GAN(g, d, latent_dim=2, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss=objective)
    x = np.random.default_rng(0).normal(size=(32, 2)).astype("float32")
    history = gan.fit(x, batch_size=16, epochs=2, verbose=0).history
    assert f"{mine}/historical_averaging" in history and f"{other}/historical_averaging" not in history
    assert history[f"{mine}/orthogonal_regularization"][-1] > 0
