"""Every `Example:` block in the docstrings of kerasgan.layers, .models and .constraints runs."""

import inspect
import re

import keras
import numpy as np
import pytest

import kerasgan
import kerasgan.constraints
import kerasgan.layers
import kerasgan.models

OBJECTS = [
    getattr(module, name)
    for module in (kerasgan.layers, kerasgan.models, kerasgan.constraints)
    for name in module.__all__
]


def _examples(obj):
    doc = inspect.getdoc(obj) or ""
    return re.findall(r"```python\n(.*?)```", doc, flags=re.S)


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: o.__name__)
def test_docstring_example_runs(obj):
    blocks = _examples(obj)
    assert blocks, f"{obj.__name__} has no Example block"
    for block in blocks:
        exec(block, {"np": np, "keras": keras, "kerasgan": kerasgan})


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: o.__name__)
def test_docstring_sections(obj):
    doc = inspect.getdoc(obj)
    for section in ("Example:", "Reference:"):
        assert section in doc, f"{obj.__name__} lacks {section}"
    target = obj.__init__ if inspect.isclass(obj) else obj
    optional = [
        p for p in inspect.signature(target).parameters.values()
        if p.default is not inspect.Parameter.empty
    ]
    if optional:
        assert "Args:" in doc and "Defaults to" in doc, obj.__name__
