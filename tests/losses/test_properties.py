"""Property tests of the losses' maths against closed-form densities (numpy/scipy)."""

import numpy as np
import pytest
from keras import ops
from scipy import integrate, stats

import kerasgan
from tests.losses.cases import FGAN_TABLE

# Expectations under a density as the mean over its N quantile points (the losses
# average uniformly over the batch, so quantiles make them quadrature rules).
N = 20000
LEVELS = (np.arange(N) + 0.5) / N
P = stats.norm(0.0, 1.0)
Q = stats.norm(1.0, 1.0)


def _value(p, q, logit_fn):
    """V(D) = E_p[log D] + E_q[log(1 - D)] from MinimaxLoss's own D loss (= -V)."""
    real, fake = p.ppf(LEVELS), q.ppf(LEVELS)
    step = kerasgan.Step.from_logits(logit_fn(real), logit_fn(fake))
    return -float(ops.convert_to_numpy(kerasgan.losses.MinimaxLoss().discriminator_loss(step)))


def _optimal_logit(p, q):
    # D* = p / (p + q)  <=>  logit(D*) = log p - log q
    return lambda x: p.logpdf(x) - q.logpdf(x)


def _jsd(p, q):
    def integrand(x):
        m = 0.5 * (p.pdf(x) + q.pdf(x))
        return 0.5 * (p.pdf(x) * np.log(p.pdf(x) / m) + q.pdf(x) * np.log(q.pdf(x) / m))

    return integrate.quad(integrand, -15, 16, limit=200)[0]


def test_minimax_optimal_discriminator_attains_2jsd_minus_log4():
    best = _value(P, Q, _optimal_logit(P, Q))
    np.testing.assert_allclose(best, 2 * _jsd(P, Q) - np.log(4.0), atol=2e-3)


@pytest.mark.parametrize(
    "perturb",
    [lambda x: 0.3, lambda x: -0.5, lambda x: 0.4 * np.sin(x), lambda x: 0.3 * x],
)
def test_minimax_optimal_discriminator_maximizes_the_value(perturb):
    optimal = _optimal_logit(P, Q)
    best = _value(P, Q, optimal)
    other = _value(P, Q, lambda x: optimal(x) + perturb(x))
    assert other < best - 1e-4


def test_minimax_value_at_equal_densities_is_minus_log4():
    best = _value(P, P, _optimal_logit(P, P))
    np.testing.assert_allclose(best, -np.log(4.0), rtol=1e-5)  # float32 loss
    assert _value(P, P, lambda x: 0.5 * x) < best


# f and f' from Nowozin et al. 2016, Table 1 (u = p/q).
F = {
    "kl": (lambda u: u * np.log(u), lambda u: 1 + np.log(u)),
    "reverse_kl": (lambda u: -np.log(u), lambda u: -1 / u),
    "pearson_chi2": (lambda u: (u - 1) ** 2, lambda u: 2 * (u - 1)),
    "neyman_chi2": (lambda u: (1 - u) ** 2 / u, lambda u: 1 - 1 / u**2),
    "squared_hellinger": (lambda u: (np.sqrt(u) - 1) ** 2, lambda u: 1 - 1 / np.sqrt(u)),
    "jensen_shannon": (
        lambda u: -(u + 1) * np.log((1 + u) / 2) + u * np.log(u),
        lambda u: np.log(2 * u / (1 + u)),
    ),
    "gan": (
        lambda u: u * np.log(u) - (u + 1) * np.log(u + 1),
        lambda u: np.log(u / (u + 1)),
    ),
    "total_variation": (lambda u: 0.5 * np.abs(u - 1), lambda u: 0.5 * np.sign(u - 1)),
}

X = np.linspace(-14.0, 14.5, 80001)
FP, FQ = stats.norm(0.0, 1.0), stats.norm(0.5, 1.0)  # equal variances: every f-divergence finite
PX, QX = FP.pdf(X), FQ.pdf(X)


def _np(x):
    return np.asarray(ops.convert_to_numpy(x), dtype="float64")


def _bound(loss, t):
    """E_P[T] - E_Q[f*(T)] with the loss's own conjugate (Nowozin Eq. 6)."""
    return integrate.trapezoid(PX * t - QX * _np(loss.conjugate(t)), X)


def _divergence(name):
    f, _ = F[name]
    return integrate.trapezoid(QX * f(PX / QX), X)


@pytest.mark.parametrize("name", sorted(F))
def test_fgan_bound_at_optimal_t_equals_the_divergence(name):
    loss = kerasgan.losses.FGANLoss(name)
    t_star = F[name][1](PX / QX)
    divergence = _divergence(name)
    assert abs(divergence) > 1e-3  # "gan" is 2·JSD − log 4 < 0
    np.testing.assert_allclose(_bound(loss, t_star), divergence, rtol=1e-4, atol=1e-7)


@pytest.mark.parametrize("name", sorted(F))
def test_fgan_bound_is_below_the_divergence_for_other_t(name):
    loss = kerasgan.losses.FGANLoss(name)
    t_star = F[name][1](PX / QX)
    divergence = _divergence(name)
    shifted = 0.9 * t_star if name == "total_variation" else t_star - 0.05
    others = [
        shifted,
        _np(loss.activation(0.3 + 0.2 * X)),
        _np(loss.activation(-0.5 * X)),
        _np(loss.activation(np.zeros_like(X))),
    ]
    for t in others:
        assert _bound(loss, t) < divergence - 1e-5


@pytest.mark.parametrize("name", sorted(F))
def test_fgan_activation_and_conjugate_follow_table_2(name):
    loss = kerasgan.losses.FGANLoss(name)
    g, fstar = FGAN_TABLE[name]
    v = np.linspace(-3.0, 3.0, 13)
    np.testing.assert_allclose(_np(loss.activation(v)), g(v), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(_np(loss.conjugate(g(v))), fstar(g(v)), rtol=1e-5, atol=1e-6)
    # Fenchel-Young: f*(t) >= t u - f(u) for every u > 0, equality at t = f'(u).
    u = np.linspace(0.2, 3.0, 15)
    f, f_prime = F[name]
    t = f_prime(u)
    np.testing.assert_allclose(_np(loss.conjugate(t)), t * u - f(u), rtol=1e-5, atol=1e-6)
