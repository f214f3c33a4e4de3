"""The NumPy side of kerasgan.data imports no backend at module level.

`mixture_centers`, `sample_mixture` and `digits_arrays` feed the metrics and the
JAX/PyTorch test runs, so they must not need TensorFlow; only the `tf.data`
builders (pipeline, folder, tfds) may import it.
"""

import ast
import pathlib

import pytest

import kerasgan.data

PACKAGE = pathlib.Path(kerasgan.data.__file__).parent
BACKEND_FREE = ["__init__.py", "mixtures.py", "digits.py", "_arrays.py", "_image_headers.py",
                "files.py", "load.py", "mnist.py", "mnist_offline.py", "stacked_mnist.py"]


def _top_level_imports(path):
    names = []
    for node in ast.parse(path.read_text()).body:  # module level only
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


@pytest.mark.parametrize("filename", BACKEND_FREE)
def test_no_backend_import(filename):
    imports = _top_level_imports(PACKAGE / filename)
    assert imports, "the parser found no imports at all"
    for name in imports:
        assert name.split(".")[0] not in ("tensorflow", "jax", "torch"), (filename, name)
        assert name not in ("kerasgan.data.pipeline", "kerasgan.data.folder",
                            "kerasgan.data.tfds"), (filename, name)


def test_tf_modules_are_the_ones_that_import_it():
    for filename in ("pipeline.py", "folder.py", "tfds.py"):
        assert "tensorflow" in _top_level_imports(PACKAGE / filename)
