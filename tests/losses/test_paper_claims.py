"""Each loss family's paper claim, checked on 1-D toys (not a restatement of its formula)."""

import keras
import numpy as np
import pytest
from keras import ops

import kerasgan
from kerasgan import _backend


def _normal_pdf(x, mean, std):
    return np.exp(-0.5 * ((x - mean) / std) ** 2) / (std * np.sqrt(2 * np.pi))


def _normal_quantiles(n):
    """Φ⁻¹((i + ½)/n): a deterministic, evenly weighted draw of N(0, 1)."""
    from statistics import NormalDist

    unit = NormalDist()
    return np.array([unit.inv_cdf((i + 0.5) / n) for i in range(n)], dtype="float64")


def test_maximum_likelihood_cost_gradient_is_the_kl_gradient_at_the_optimal_discriminator():
    # Goodfellow, NIPS 2016 tutorial Sec. 3.2.3: with the optimal D, the cost
    # J(G) = -1/2 E exp(σ⁻¹(D(G(z)))) has the expected gradient of KL(p_data ‖ p_g)
    # (times the tutorial's 1/2). p_data = N(0, 1); p_g = N(μ, s²), G(z) = μ + s z.
    mu, s = 0.5, 1.3
    z = _normal_quantiles(20000)
    loss = kerasgan.losses.MaximumLikelihoodLoss()

    zs = ops.convert_to_tensor(z.astype("float32"))

    def optimal_logit(x):  # σ⁻¹(D*(x)) = log p_data(x) − log p_g(x), D* fixed at (μ, s)
        return -0.5 * ops.square(x) + 0.5 * ops.square((x - mu) / s) + np.log(s)

    def generator_cost(generator_loss):
        def cost(theta):
            logits = optimal_logit(theta[0] + theta[1] * zs)
            return generator_loss(kerasgan.Step.from_logits(fake_logits=logits))
        return cost

    theta = ops.convert_to_tensor(np.array([mu, s], dtype="float32"))
    grad = ops.convert_to_numpy(_backend.current().input_gradient(
        generator_cost(loss.generator_loss), theta))
    # KL(N(0,1) ‖ N(μ,s²)) = log s + (1 + μ²)/(2 s²) − 1/2.
    kl_grad = np.array([mu / s**2, 1 / s - (1 + mu**2) / s**3])
    np.testing.assert_allclose(2.0 * grad, kl_grad, rtol=2e-3, atol=1e-4)
    # The non-saturating cost does not follow the KL gradient: the claim is specific.
    ns = kerasgan.losses.NonSaturatingLoss()
    ns_grad = ops.convert_to_numpy(_backend.current().input_gradient(
        generator_cost(ns.generator_loss), theta))
    assert np.max(np.abs(ns_grad - kl_grad)) > 0.05


def test_least_squares_with_pearson_coding_is_pearson_chi2_on_histograms():
    # Mao et al. 2017, Eq. 8-10 and Theorem 1: with a = -1, b = 1, c = 0 and the
    # optimal D* = (b p_d + a p_g) / (p_d + p_g), 2 C(G) — the generator's objective
    # plus the G-independent term 1/2 E_{p_d}[(D(x) - c)^2] — equals
    # χ²_Pearson(p_d + p_g ‖ 2 p_g).
    loss = kerasgan.losses.LeastSquaresLoss(a=-1.0, b=1.0, c=0.0)
    rng = np.random.default_rng(0)
    edges = np.linspace(-6, 6, 49)
    n_d = np.histogram(rng.normal(0.0, 1.0, 20000), edges)[0]
    n_g = np.histogram(rng.normal(1.0, 1.5, 20000), edges)[0]
    occupied = (n_d + n_g) > 0
    n_d, n_g = n_d[occupied], n_g[occupied]
    d_star = (n_d - n_g) / (n_d + n_g)  # (b p_d + a p_g) / (p_d + p_g), per bin
    real = np.repeat(d_star, n_d).astype("float32")  # D on every data sample
    fake = np.repeat(d_star, n_g).astype("float32")  # D on every generated sample

    def g_term(logits):
        return float(ops.convert_to_numpy(loss.generator_loss(
            kerasgan.Step.from_logits(fake_logits=logits))))

    two_c = 2.0 * (g_term(fake) + g_term(real))  # Eq. 9 with the c-term on data (Eq. 10)
    p_d, p_g = n_d / n_d.sum(), n_g / n_g.sum()
    chi2 = np.sum((2 * p_g - (p_d + p_g)) ** 2 / (p_d + p_g))
    np.testing.assert_allclose(two_c, chi2, rtol=1e-3)  # float32 sums
    # D* is the discriminator's optimum: any nudge raises its loss.
    def d_loss(shift):
        step = kerasgan.Step.from_logits(real + shift * np.sign(real + 0.1),
                                         fake + shift * np.sign(fake + 0.1))
        return float(ops.convert_to_numpy(loss.discriminator_loss(step)))

    assert d_loss(0.0) < min(d_loss(0.05), d_loss(-0.05))


def _shifted_generator(mean, std=1.0):
    z = keras.Input((1,))
    x = keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(std),
                           bias_initializer=keras.initializers.Constant(mean))(z)
    return keras.Model(z, x)


def _critic_values(shifts, seed=0, clip=0.5, steps=40):
    # WGAN (Arjovsky et al. 2017, Sec. 3, Theorem 3): a clipped critic trained to
    # convergence gives max E f(x) − E f(G(z)) = K · W1, K set by the clipping.
    # One critic, retrained for each shift of the (frozen) generator.
    keras.utils.set_random_seed(seed)
    critic = keras.Sequential([keras.Input((1,)), keras.layers.Dense(8, activation="relu"),
                               keras.layers.Dense(1)])
    generator = _shifted_generator(0.0)
    gan = kerasgan.GAN(generator, critic, latent_dim=1, seed=seed)
    objective = kerasgan.Objective(kerasgan.losses.WassersteinLoss(),
                                   [kerasgan.regularizers.WeightClipping(clip)],
                                   discriminator_steps=5)
    gan.compile(keras.optimizers.SGD(0.0), keras.optimizers.RMSprop(1e-2), loss=objective,
                jit_compile=False)
    x = np.random.default_rng(seed).normal(size=(256 * steps, 1)).astype("float32")
    values = []
    for shift in shifts:
        generator.layers[-1].bias.assign([shift])
        history = gan.fit(x, batch_size=256, epochs=2, steps_per_epoch=steps // 2,
                          verbose=0).history
        values.append(history["real_score"][-1] - history["fake_score"][-1])
    return np.array(values)


@pytest.mark.slow
def test_clipped_critic_tracks_w1_up_to_a_constant():
    # W1(N(0, 1), N(−δ, 1)) = δ.
    shifts = np.array([0.5, 1.0, 2.0])
    values = _critic_values(-shifts)
    assert np.all(np.diff(values) > 0), values  # monotone in W1
    ratios = values / shifts
    assert ratios.max() / ratios.min() < 1.5, ratios  # proportional: one constant K


def _dstar_error(d_lr, g_lr, steps=100, seed=0):
    """Mean |D(x) − D*(x)| along a run, D* = p_d / (p_d + p_g) of the live G."""
    keras.utils.set_random_seed(seed)
    discriminator = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    generator = _shifted_generator(2.0)
    gan = kerasgan.GAN(generator, discriminator, latent_dim=1, seed=seed)
    gan.compile(keras.optimizers.SGD(g_lr), keras.optimizers.SGD(d_lr),
                loss="non-saturating", jit_compile=False)
    grid = np.linspace(-3, 5, 81).astype("float32")[:, None]
    data = np.random.default_rng(seed).normal(size=(64 * steps, 1)).astype("float32")
    errors = []
    for chunk in range(5):
        gan.fit(data, batch_size=64, epochs=1, steps_per_epoch=steps // 5, verbose=0)
        (k,), (b,) = [ops.convert_to_numpy(w).ravel() for w in generator.weights]
        p_d, p_g = _normal_pdf(grid, 0.0, 1.0), _normal_pdf(grid, b, abs(k))
        weight = (p_d + p_g) / np.sum(p_d + p_g)  # where either player has mass
        d = 1 / (1 + np.exp(-ops.convert_to_numpy(discriminator(grid))))
        errors.append(np.sum(weight * np.abs(d - p_d / (p_d + p_g))))
    return float(np.mean(errors)), float(b)


@pytest.mark.slow
def test_ttur_faster_discriminator_tracks_the_optimal_discriminator():
    # Heusel et al. 2017, Sec. 2: with the discriminator's rate much larger than the
    # generator's, D follows D* of the slowly moving G (the two time scales).
    fast, g_fast = _dstar_error(d_lr=0.5, g_lr=0.01)
    equal, g_equal = _dstar_error(d_lr=0.01, g_lr=0.01)
    assert g_fast < 2.0 and g_equal < 2.0  # the generator moved in both runs
    assert fast < 0.5 * equal, (fast, equal)
