"""Roth et al. 2017 and Nagarajan & Kolter 2017 on the Dirac-GAN (Mescheder et al. 2018, Fig. 3).

Same harness as tests/regularizers/test_dirac.py, where plain non-saturating
gradient descent from (θ, ψ) = (1, 1) does not converge
(`test_unregularized_and_wgan_gp_do_not_converge[non-saturating]`).
"""

import keras
import numpy as np
import pytest

import kerasgan
from kerasgan import regularizers as R
from tests.regularizers.dirac import train
from tests.regularizers.helpers import round_trip

STEPS = 1500


@pytest.mark.slow
@pytest.mark.every_backend
@pytest.mark.parametrize(
    "regularizer",
    [R.RothPenalty(2.0), R.RothPenalty(2.0, anneal_steps=3000), R.NagarajanKolterPenalty(0.5)],
    ids=["roth", "roth-annealed", "nagarajan-kolter"],
)
def test_dirac_gan_converges_where_plain_non_saturating_does_not(regularizer):
    theta, psi = train("non-saturating", [regularizer], steps=STEPS)
    assert np.hypot(theta, psi) < 1e-3, (theta, psi)


@pytest.mark.parametrize("reg", [R.RothPenalty(1.5, anneal_steps=100, decay=0.1),
                                 R.NagarajanKolterPenalty(0.25)], ids=["roth", "nk"])
def test_config_round_trip(reg):
    restored = round_trip(reg)
    assert type(restored) is type(reg) and restored.get_config() == reg.get_config()
    assert keras.saving.get_registered_name(type(reg)) == f"kerasgan>{type(reg).__name__}"


@pytest.mark.parametrize(
    "make, argument",
    [(lambda: R.RothPenalty(-1.0), "gamma"), (lambda: R.RothPenalty(decay=0.0), "decay"),
     (lambda: R.RothPenalty(anneal_steps=0), "anneal_steps"),
     (lambda: R.NagarajanKolterPenalty(-0.5), "eta")],
)
def test_bad_arguments_name_themselves(make, argument):
    with pytest.raises((ValueError, TypeError), match=argument):
        make()


def test_nagarajan_kolter_outside_training_names_the_missing_game():
    with pytest.raises(ValueError, match="step.game"):
        R.NagarajanKolterPenalty().generator_penalty(kerasgan.Step())


def test_each_penalizes_only_its_player():
    assert R.RothPenalty.players == ("discriminator",)
    assert R.NagarajanKolterPenalty.players == ("generator",)
