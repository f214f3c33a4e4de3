"""docs/techniques.md lists every technique with the test that checks its paper's claim;
every test it names must exist, so the page cannot point at a deleted or renamed test."""

import os
import re

import kerasgan

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = os.path.join(ROOT, "docs", "techniques.md")
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)(?:\[[^\]`]*\])?`")


def _references():
    with open(PAGE, encoding="utf-8") as f:
        return REFERENCE.findall(f.read())


def test_every_test_the_page_names_exists():
    references = _references()
    assert len(references) >= 60, len(references)
    missing = []
    for path, name in references:
        full = os.path.join(ROOT, path)
        source = open(full, encoding="utf-8").read() if os.path.isfile(full) else ""
        if not re.search(rf"^def {name}\(", source, re.M):
            missing.append(f"{path}::{name}")
    assert not missing, missing


def test_every_public_loss_regularizer_and_preset_is_on_the_page():
    with open(PAGE, encoding="utf-8") as f:
        page = f.read()
    names = [n for n in kerasgan.regularizers.__all__ if n not in ("Hook", "Regularizer")]
    names += [n for n in kerasgan.losses.__all__ if n.endswith("Loss") and n != "GANLoss"]
    names += [f'"{n}"' for n in kerasgan.PRESETS if not n.startswith("fgan-")]
    absent = [n for n in names if n not in page]
    assert not absent, absent
