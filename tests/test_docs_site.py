"""The docs site builds (`mkdocs build --strict`) and its API pages show every public name."""

import inspect
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

import kerasgan

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGES = ["callbacks", "constraints", "data", "latent", "layers", "losses", "metrics", "models", "presets", "priors",
            "regularizers"]


def public_names():
    """`{public path: [ids the API page may give it]}` for the package and each public module."""
    names = {}
    for name in kerasgan.__all__:
        obj = getattr(kerasgan, name)
        if name == "__version__" or inspect.ismodule(obj):
            continue
        names[f"kerasgan.{name}"] = _ids(f"kerasgan.{name}", obj, fallback="kerasgan.objective")
    for package in PACKAGES:
        module = getattr(kerasgan, package)
        for name in module.__all__:
            names[f"kerasgan.{package}.{name}"] = _ids(f"kerasgan.{package}.{name}", getattr(module, name),
                                                        fallback=f"kerasgan.{package}")
    return names


def _ids(public, obj, fallback):
    ids = {public}
    if hasattr(obj, "__module__") and hasattr(obj, "__qualname__"):
        ids.add(f"{obj.__module__}.{obj.__qualname__}")
    ids.add(f"{fallback}.{public.rsplit('.', 1)[1]}")  # a constant documented where it is defined
    return sorted(ids)


def _defined_in(public, anchors):
    """A constant (no `__module__`) documented in the submodule that defines it."""
    package, name = public.rsplit(".", 1)
    return any(a.startswith(f"{package}.") and a.endswith(f".{name}") and a.count(".") == public.count(".") + 1
               for a in anchors)


@pytest.mark.slow  # a full mkdocs build
def test_site_builds_strict_and_lists_every_public_name(tmp_path):
    mkdocs = shutil.which("mkdocs", path=os.path.dirname(sys.executable)) or shutil.which("mkdocs")
    assert mkdocs, "mkdocs is in the docs extra"
    site = tmp_path / "site"
    result = subprocess.run([mkdocs, "build", "--strict", "--site-dir", str(site)], cwd=ROOT, capture_output=True,
                            text=True, timeout=900, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-4000:]
    html = "\n".join(p.read_text() for p in (site / "api").rglob("*.html"))
    anchors = set(re.findall(r'id="([^"]+)"', html))
    missing = [name for name, ids in public_names().items() if not anchors & set(ids) and not _defined_in(name, anchors)]
    assert not missing, f"public names absent from the API pages: {missing}"
    for builder in ("mlp", "dcgan", "resnet", "sagan", "biggan", "stylegan", "progressive"):
        assert f"kerasgan.models.{builder}.{builder}" in anchors
    assert "kerasgan.data.load.load" in anchors and "kerasgan.constraints.Clip" in anchors
    # Maths goes through arithmatex (rendered by MathJax in the browser; nothing is fetched here).
    losses = (site / "losses" / "index.html").read_text()
    assert '<span class="arithmatex">' in losses and r"f^*(g_f(v))" in losses
