"""Bad arguments raise errors naming the argument; presets carry the papers' settings."""

import pytest

import kerasgan
from kerasgan import losses as L


@pytest.mark.parametrize(
    "make,error,argument",
    [
        (lambda: L.LeastSquaresLoss(a="0"), TypeError, "a"),
        (lambda: L.LeastSquaresLoss(a=1.0, b=1.0), ValueError, "b"),
        (lambda: L.RelativisticLoss("average"), ValueError, "variant"),
        (lambda: L.RelativisticAverageLoss("ls"), ValueError, "variant"),
        (lambda: L.FGANLoss("js"), ValueError, "divergence"),
        (lambda: L.FGANLoss("kl", non_saturating=1), TypeError, "non_saturating"),
        (lambda: L.EBGANLoss(margin=0.0), ValueError, "margin"),
        (lambda: L.EBGANLoss(margin="1"), TypeError, "margin"),
    ],
)
def test_bad_arguments_name_the_argument(make, error, argument):
    with pytest.raises(error) as info:
        make()
    assert f"`{argument}`" in str(info.value) and "Received" in str(info.value)


def test_error_lists_every_valid_choice():
    with pytest.raises(ValueError) as info:
        L.FGANLoss("js")
    for name in ("kl", "reverse_kl", "pearson_chi2", "neyman_chi2", "squared_hellinger",
                 "jensen_shannon", "gan", "total_variation"):
        assert name in str(info.value)


EXPECTED = {
    "minimax": (L.MinimaxLoss, {}, 1),
    "non-saturating": (L.NonSaturatingLoss, {}, 1),
    "wgan": (L.WassersteinLoss, {}, 5),
    "wgan-gp": (L.WassersteinLoss, {}, 5),
    "lsgan": (L.LeastSquaresLoss, {"a": 0.0, "b": 1.0, "c": 1.0}, 1),
    "hinge": (L.HingeLoss, {}, 1),
    "rsgan": (L.RelativisticLoss, {"variant": "standard"}, 1),
    "ragan": (L.RelativisticAverageLoss, {"variant": "standard"}, 1),
    "ralsgan": (L.RelativisticAverageLoss, {"variant": "least_squares"}, 1),
    "rahinge": (L.RelativisticAverageLoss, {"variant": "hinge"}, 1),
    "ebgan": (L.EBGANLoss, {}, 1),
    "began": (L.BEGANLoss, {"gamma": 0.5, "lambda_k": 0.001}, 1),
    **{
        f"fgan-{d}": (L.FGANLoss, {"divergence": d}, 1)
        for d in ("kl", "reverse_kl", "pearson_chi2", "neyman_chi2", "squared_hellinger",
                  "jensen_shannon", "gan", "total_variation")
    },
}


def test_every_issue_preset_exists_with_its_loss_and_steps():
    assert set(EXPECTED) <= set(kerasgan.PRESETS)
    for name, (kind, config, steps) in EXPECTED.items():
        objective = kerasgan.objective.get(name)
        assert type(objective.loss) is kind, name
        for key, value in config.items():
            assert objective.loss.get_config()[key] == value, (name, key)
        assert objective.effective_discriminator_steps == steps, name
        assert type(L.get(name)) is kind
    assert set(EXPECTED) <= set(L.names())


def test_aliases_give_the_named_losses():
    assert L.get("lsgan-pearson").get_config() | {"name": None} == {
        "a": -1.0, "b": 1.0, "c": 0.0, "name": None
    }
    assert L.get("relativistic").variant == "standard"
    assert isinstance(L.get("energy_based"), L.EBGANLoss)
