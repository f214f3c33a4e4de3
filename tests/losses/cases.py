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


def _wasserstein(real, fake):
    return np.mean(fake) - np.mean(real), -np.mean(fake)


# (id, factory, reference)
CASES = [
    ("non_saturating", lambda: kerasgan.losses.NonSaturatingLoss(), _ns),
    (
        "non_saturating_smoothed",
        lambda: kerasgan.losses.NonSaturatingLoss(real_label=0.9, fake_label=0.1),
        lambda r, f: _ns(r, f, 0.9, 0.1),
    ),
    ("minimax", lambda: kerasgan.losses.MinimaxLoss(), _minimax),
    ("wasserstein", lambda: kerasgan.losses.WassersteinLoss(), _wasserstein),
]
