"""Each architecture example runs end to end with a tiny setting and writes its grid."""

import importlib
import pathlib
import sys

import numpy as np
import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["resnet", "sagan", "biggan", "stylegan", "progressive"]
)
def test_example_runs_and_writes_a_grid(name, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLES))
    module = importlib.import_module(f"{name}_digits")
    argv = ["--epochs", "1", "--steps", "2", "--filters", "4", "--size", "8",
            "--batch-size", "8", "--jit", "false", "--out", str(tmp_path)]
    gan = module.main(argv)
    png = tmp_path / f"{name}.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert int(gan.optimizer.iterations.numpy()) == 2
    samples = gan.generate(8, seed=0, labels=np.arange(8) if gan.conditional else None)
    assert samples.shape == (8, 8, 8, 1) and np.isfinite(samples).all()
    assert (tmp_path / "gan.keras").stat().st_size > 0
    sys.modules.pop(f"{name}_digits", None)
