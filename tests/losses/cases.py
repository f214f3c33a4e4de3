"""Loss contract cases: each loss with numpy reference formulas written from the papers.

Every loss in kerasgan.losses gets an entry here; tests/losses/test_contract.py runs the
same checks on all of them. A reference takes numpy real/fake logits and returns the
(d_loss, g_loss) the paper's formula gives.
"""

import numpy as np

import kerasgan


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _ns(real, fake, real_label=1.0, fake_label=0.0):
    dr, df = _sigmoid(real), _sigmoid(fake)
    d = -np.mean(real_label * np.log(dr) + (1 - real_label) * np.log(1 - dr)) - np.mean(
        fake_label * np.log(df) + (1 - fake_label) * np.log(1 - df)
    )
    g = -np.mean(np.log(df))
    return d, g


def _minimax(real, fake):
    d, _ = _ns(real, fake)
    return d, np.mean(np.log(1 - _sigmoid(fake)))


def _maximum_likelihood(real, fake):  # Goodfellow 2016 tutorial Sec. 3.2.3
    d, _ = _ns(real, fake)
    return d, -0.5 * np.mean(np.exp(fake))


def _wasserstein(real, fake):
    return np.mean(fake) - np.mean(real), -np.mean(fake)


def _lsgan(a, b, c):
    def ref(real, fake):  # Mao 2017 Eq. 2
        d = 0.5 * np.mean((real - b) ** 2) + 0.5 * np.mean((fake - a) ** 2)
        return d, 0.5 * np.mean((fake - c) ** 2)

    return ref


def _hinge(real, fake):  # Lim & Ye 2017; Miyato 2018 Eq. 16-17
    d = np.mean(np.maximum(0, 1 - real)) + np.mean(np.maximum(0, 1 + fake))
    return d, -np.mean(fake)


def _log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


# Relativistic: f(d) for a score that should be high, h(d) for one that should be low.
_REL = {
    "standard": (lambda d: -_log_sigmoid(d), lambda d: -np.log1p(-_sigmoid(d))),
    "least_squares": (lambda d: (d - 1) ** 2, lambda d: (d + 1) ** 2),
    "hinge": (lambda d: np.maximum(0, 1 - d), lambda d: np.maximum(0, 1 + d)),
}


def _rel_paired(variant):
    up, _ = _REL[variant]

    def ref(real, fake):  # Jolicoeur-Martineau 2018, Sec. 4.2-4.3
        return np.mean(up(real - fake)), np.mean(up(fake - real))

    return ref


def _rel_average(variant):
    up, down = _REL[variant]

    def ref(real, fake):  # Jolicoeur-Martineau 2018, Sec. 4.4
        r, f = real - fake.mean(), fake - real.mean()
        return np.mean(up(r)) + np.mean(down(f)), np.mean(up(f)) + np.mean(down(r))

    return ref


# Nowozin 2016, Table 2: output activation g_f and conjugate f*, written directly.
FGAN_TABLE = {
    "kl": (lambda v: v, lambda t: np.exp(t - 1)),
    "reverse_kl": (lambda v: -np.exp(-v), lambda t: -1 - np.log(-t)),
    "pearson_chi2": (lambda v: v, lambda t: t**2 / 4 + t),
    "neyman_chi2": (lambda v: 1 - np.exp(-v), lambda t: 2 - 2 * np.sqrt(1 - t)),
    "squared_hellinger": (lambda v: 1 - np.exp(-v), lambda t: t / (1 - t)),
    "jensen_shannon": (
        lambda v: np.log(2) - np.log1p(np.exp(-v)),
        lambda t: -np.log(2 - np.exp(t)),
    ),
    "gan": (lambda v: -np.log1p(np.exp(-v)), lambda t: -np.log(1 - np.exp(t))),
    "total_variation": (lambda v: 0.5 * np.tanh(v), lambda t: t),
}


def _fgan(divergence, non_saturating=True):
    g, fstar = FGAN_TABLE[divergence]

    def ref(real, fake):  # Eq. 6: F = E_P[g(v)] - E_Q[f*(g(v))]
        d = -np.mean(g(real)) + np.mean(fstar(g(fake)))
        gen = -np.mean(g(fake)) if non_saturating else -np.mean(fstar(g(fake)))
        return d, gen

    return ref


def _ebgan(margin):
    def ref(real, fake):  # Zhao 2017 Eq. 1-2, energies >= 0
        return np.mean(real) + np.mean(np.maximum(0, margin - fake)), np.mean(fake)

    return ref


def _began(k):
    def ref(real, fake):  # Berthelot 2017 Eq. 4 at k_t = k
        return np.mean(real) - k * np.mean(fake), np.mean(fake)

    return ref


# Inputs a loss takes: "logits" (any real) or "energy" (>= 0, autoencoder discriminators).
DOMAINS = {}

# (id, factory, reference)
CASES = [
    ("non_saturating", lambda: kerasgan.losses.NonSaturatingLoss(), _ns),
    (
        "non_saturating_smoothed",
        lambda: kerasgan.losses.NonSaturatingLoss(real_label=0.9, fake_label=0.1),
        lambda r, f: _ns(r, f, 0.9, 0.1),
    ),
    ("minimax", lambda: kerasgan.losses.MinimaxLoss(), _minimax),
    ("maximum_likelihood", lambda: kerasgan.losses.MaximumLikelihoodLoss(), _maximum_likelihood),
    ("wasserstein", lambda: kerasgan.losses.WassersteinLoss(), _wasserstein),
    ("lsgan", lambda: kerasgan.losses.LeastSquaresLoss(), _lsgan(0.0, 1.0, 1.0)),
    (
        "lsgan_pearson",
        lambda: kerasgan.losses.LeastSquaresLoss(a=-1.0, b=1.0, c=0.0),
        _lsgan(-1.0, 1.0, 0.0),
    ),
    ("hinge", lambda: kerasgan.losses.HingeLoss(), _hinge),
    *[
        (f"rel_{v}", (lambda v=v: kerasgan.losses.RelativisticLoss(v)), _rel_paired(v))
        for v in _REL
    ],
    *[
        (f"ra_{v}", (lambda v=v: kerasgan.losses.RelativisticAverageLoss(v)), _rel_average(v))
        for v in _REL
    ],
    *[
        (f"fgan_{d}", (lambda d=d: kerasgan.losses.FGANLoss(d)), _fgan(d))
        for d in FGAN_TABLE
    ],
    *[
        (
            f"fgan_{d}_saddle",
            (lambda d=d: kerasgan.losses.FGANLoss(d, non_saturating=False)),
            _fgan(d, False),
        )
        for d in ("kl", "gan", "neyman_chi2")
    ],
    ("ebgan", lambda: kerasgan.losses.EBGANLoss(margin=1.5), _ebgan(1.5)),
    ("began", lambda: kerasgan.losses.BEGANLoss(0.5, 0.001, initial_k=0.25), _began(0.25)),
]

DOMAINS.update({"ebgan": "energy", "began": "energy"})
