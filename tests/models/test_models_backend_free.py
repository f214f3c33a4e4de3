"""The builders and layers import no backend (only keras, numpy and the stdlib)."""

import ast
import pathlib

import kerasgan

ROOT = pathlib.Path(kerasgan.__file__).parent
ALLOWED = {"keras", "numpy", "math", "kerasgan", "typing", "re"}


def test_models_and_layers_import_no_backend():
    files = sorted((ROOT / "models").glob("*.py")) + sorted((ROOT / "layers").glob("*.py"))
    files.append(ROOT / "constraints.py")
    assert len(files) > 10
    for path in files:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in ALLOWED, f"{path.name} imports {name}"
