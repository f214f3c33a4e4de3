"""The docs' pictures: every image a page references exists, is a valid small PNG, and the
figures of `scripts/docs_figures.py` (made from real runs) are on the pages they illustrate."""

import json
import pathlib
import re

import pytest

PIL_Image = pytest.importorskip("PIL.Image")

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
IMG = DOCS / "img"
SIZE_CAP = 150_000          # bytes per image
GENERATED_TOTAL_CAP = 1_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# figure -> the page that shows it (scripts/docs_figures.py writes every one of them).
GENERATED = {
    "demo_grid.png": "index.md",
    "demo_losses.png": "index.md",
    "losses_ring.png": "losses.md",
    "losses_grid.png": "losses.md",
    "evaluation_coverage.png": "evaluation.md",
    "conditioning_classes.png": "conditioning.md",
    "conditioning_interpolation.png": "conditioning.md",
}
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


def _references(page):
    return IMAGE_LINK.findall(page.read_text(encoding="utf-8"))


def _pages():
    return sorted(DOCS.rglob("*.md"))


def test_every_image_a_docs_page_references_is_a_valid_png_under_the_cap():
    seen = 0
    for page in _pages():
        for ref in _references(page):
            assert not ref.startswith(("http://", "https://")), f"{page.name}: remote image {ref}"
            path = (page.parent / ref).resolve()
            assert path.parent == IMG.resolve(), f"{page.name}: {ref} is not in docs/img"
            assert path.is_file(), f"{page.name}: {ref} does not exist"
            data = path.read_bytes()
            assert data[:8] == PNG_SIGNATURE, f"{ref} is not a PNG"
            assert len(data) < SIZE_CAP, f"{ref} is {len(data)} bytes (cap {SIZE_CAP})"
            with PIL_Image.open(path) as picture:
                picture.verify()  # a truncated or corrupt file raises
            seen += 1
    assert seen >= len(GENERATED)


def test_the_generated_figures_are_on_their_pages_and_small_in_total():
    for name, page in GENERATED.items():
        refs = [pathlib.PurePosixPath(r).name for r in _references(DOCS / page)]
        assert name in refs, f"docs/{page} does not show img/{name}"
    total = sum((IMG / name).stat().st_size for name in GENERATED)
    assert total < GENERATED_TOTAL_CAP, total
    # Every image in docs/img is shown somewhere (no stale figures left behind).
    shown = {pathlib.PurePosixPath(r).name for page in _pages() for r in _references(page)}
    assert {p.name for p in IMG.glob("*.png")} <= shown


def test_the_readme_shows_the_demo_grid_by_a_path_that_renders_on_github():
    refs = IMAGE_LINK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "docs/img/demo_grid.png" in refs
    for ref in refs:
        assert (ROOT / ref).is_file(), ref


def test_each_generated_figure_has_the_record_of_the_run_that_made_it():
    # scripts/docs_figures.py writes figures.json beside the PNGs: the run's settings and
    # the measured numbers that the captions quote.
    facts = json.loads((IMG / "figures.json").read_text(encoding="utf-8"))
    recorded = {name: run for run, fact in facts.items() for name in fact["sizes"]}
    assert set(GENERATED) <= set(recorded), sorted(set(GENERATED) - set(recorded))
    for run in set(recorded.values()):
        assert facts[run]["wall_seconds"] > 0, run
