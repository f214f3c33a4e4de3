import importlib.util
import os

import keras
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _load_example():
    path = os.path.join(ROOT, "examples", "conditional_digits.py")
    spec = importlib.util.spec_from_file_location("conditional_digits", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_conditional_digits_example_writes_one_row_per_class(tmp_path):
    example = _load_example()
    path = example.main(["--epochs", "1", "--steps-per-epoch", "2", "--image-size", "8", "--out", str(tmp_path)])
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    tile = 8 * 4 + 1  # 8-pixel digits enlarged 4x, 1-pixel padding
    assert (width, height) == (10 * tile + 1, 10 * tile + 1)
    gan = keras.models.load_model(str(tmp_path / "gan.keras"))
    assert gan.num_classes == 10
    samples = example.class_grid(gan, per_class=2)
    assert samples.shape == (20, 8, 8, 1) and np.all(np.abs(samples) <= 1.0)
