"""`Metric`: the base class of kerasgan's evaluation metrics (numpy maths)."""

import numpy as np

from kerasgan._utils import Configurable, check_number, snake_case


class Metric(Configurable):
    """Base class of a streaming evaluation metric.

    Evaluation metrics follow the shape of `keras.metrics.Metric`:
    `update_state(...)` accumulates a batch, `result()` returns the value
    (a float or a dict of floats), `reset_state()` starts over. Their maths is
    numpy in float64 on the host: it runs between training steps (in the
    `Evaluate` callback or the CLI), never inside the compiled step, and
    keeps only bounded statistics (sums, histograms, or a capped sample
    buffer), never every batch it was given.

    Subclasses override `update_state`, `result` and `reset_state`, and
    extend `get_config` with their own `__init__` arguments.

    Args:
        name: Name used as the log key prefix. Defaults to the snake-cased
            class name.
    """

    def __init__(self, *, name=None):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"`name` must be a string or None. Received: name={name!r}")
        self.name = name or snake_case(type(self).__name__)

    def update_state(self, *args, **kwargs):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self):
        raise NotImplementedError

    def __call__(self, *args, **kwargs):
        """Resets, updates with the arguments, and returns `result()`."""
        self.reset_state()
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        return {"name": self.name}


def as_matrix(name, x, *, width=None, min_rows=1):
    """Returns `x` as a float64 `(n, d)` array, flattening trailing axes.

    Raises a Keras-style error naming `name` when `x` is not numeric, has
    fewer than two axes, has fewer than `min_rows` rows, or (with `width`) has
    another feature width.
    """
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"`{name}` must be a numeric array of shape (num_samples, ...). "
            f"Received: {name} of type {type(x).__name__}"
        ) from None
    if arr.ndim < 2:
        raise ValueError(
            f"`{name}` must have shape (num_samples, num_features) (at least 2 axes). "
            f"Received: {name}.shape={arr.shape}"
        )
    arr = arr.reshape(arr.shape[0], -1)
    if arr.shape[0] < min_rows:
        raise ValueError(
            f"`{name}` must hold at least {min_rows} sample(s). "
            f"Received: {name}.shape={arr.shape}"
        )
    if width is not None and arr.shape[1] != width:
        raise ValueError(
            f"`{name}` must have {width} features per sample, like the data this "
            f"metric was built or updated with. Received: {name}.shape={arr.shape}"
        )
    return arr


def check_positive_float(name, value):
    """Raises unless `value` is a finite number > 0; returns it as float."""
    if isinstance(value, (np.floating, np.integer)):
        value = value.item()
    check_number(name, value, low=0, low_open=True)
    if not np.isfinite(value):
        raise ValueError(f"`{name}` must be a finite positive number. Received: {name}={value!r}")
    return float(value)
