"""The MNIST quality benchmarks: their published tables, arguments and networks (no training)."""

import re

import numpy as np
import pytest

from benchmarks import _mnist_recipes as recipes
from benchmarks import mnist_fid, stacked_mnist

NUMBER = r"\d+(\.\d+)?( ± \d+(\.\d+)?)?"


def test_published_stacked_rows_parse_and_appear_in_the_table():
    for _source, _name, modes, kl in stacked_mnist.PUBLISHED:
        assert re.fullmatch(NUMBER, modes) and re.fullmatch(NUMBER, kl)
        assert 0 < float(modes.split()[0]) <= 1000 and 0 <= float(kl.split()[0]) <= np.log(1000)
    table = stacked_mnist.format_table({"dcgan": [{"modes": 10, "kl": 4.0}]}, "3 it.")
    lines = table.splitlines()
    assert len(lines) == 2 + 1 + len(stacked_mnist.PUBLISHED)
    assert "| `dcgan` (measured, 1 seed(s)) | 10.0 ± 0.0 | 4.00 ± 0.00 |" in table
    assert "| PacDCGAN2 (published) | 1000 ± 0 | 0.06 ± 0.003 |" in table


def test_published_fid_rows_are_lucic_numbers():
    assert dict(mnist_fid.PUBLISHED)["NS GAN"] == "6.8"
    assert dict(mnist_fid.PUBLISHED)["WGAN-GP"] == "20.3"


def test_header_states_budget_and_differences():
    text = stacked_mnist.header(1000, 2, 26_000, 16, 128_000)
    assert "1 % of the paper's 100,000" in text and "(the paper: 64)" in text
    text = mnist_fid.header(10, 1, 1000, 60_000, 64)
    assert "1,000 fakes (protocol 10,000)" in text and "singular covariance" in text


def test_help_and_bad_arguments(capsys):
    for module in (stacked_mnist, mnist_fid):
        with pytest.raises(SystemExit) as info:
            module.main(["--help"])
        assert info.value.code == 0
        with pytest.raises(SystemExit) as info:
            module.main(["--recipes", "nope"])
        assert info.value.code == 2
    assert "`recipes` must be names from" in capsys.readouterr().err


def test_networks_have_the_protocol_shapes():
    g, d = recipes.veegan_dcgan(3, filters=4)
    assert g.output_shape == (None, 28, 28, 3)
    _, packed = recipes.veegan_dcgan(1, filters=4, pack=2)
    assert packed(np.zeros((6, 28, 28, 1), "float32")).shape == (3, 1)
    with pytest.raises(ValueError, match="`normalization` must be one of"):
        recipes.veegan_dcgan(3, normalization="group")
