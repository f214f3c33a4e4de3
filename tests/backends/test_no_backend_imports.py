"""The training maths imports no backend: only `_backend/` and TensorFlow-native I/O may."""

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "kerasgan"
BACKENDS = {"tensorflow", "jax", "jaxlib", "torch"}
# Where importing a backend is the point: the backend trainers, tf.data/TFDS
# pipelines, SavedModel export and TensorBoard writing; and one file of weight
# conversion I/O, which reads the FID Inception's PyTorch files with torch
# (lazily, once, into a Keras weights file): no metric maths runs in torch.
ALLOWED = ("_backend/", "data/", "export.py", "callbacks/tensorboard.py",
           "metrics/reference/torch_weights.py")


def _backend_imports(path):
    """(line, module) of every import of a backend in a file, at any depth."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, n) for n in names if n.split(".")[0] in BACKENDS]
    return found


def _maths_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if not relative.startswith(ALLOWED):
            yield relative, path


def test_training_maths_imports_no_backend():
    offenders = [
        f"kerasgan/{relative}:{line} imports {module}"
        for relative, path in _maths_files()
        for line, module in _backend_imports(path)
    ]
    assert not offenders, "Backend imports outside kerasgan/_backend/:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("import tensorflow as tf\n", ["tensorflow"]),
        ("def f():\n    from jax import numpy\n", ["jax"]),
        ("import torch.nn\n", ["torch.nn"]),
        ("from keras import ops\nimport numpy\n", []),
        ("from . import jax\n", []),  # a relative import of a kerasgan module
    ],
)
def test_the_scan_finds_imports_at_any_depth(tmp_path, source, expected):
    path = tmp_path / "module.py"
    path.write_text(source)
    assert [module for _, module in _backend_imports(path)] == expected


def test_the_scan_covers_the_maths_packages():
    scanned = {relative.split("/")[0] for relative, _ in _maths_files()}
    assert {"gan.py", "procedure.py", "losses", "regularizers", "models", "metrics"} <= scanned
