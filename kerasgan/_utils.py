"""Small helpers shared across kerasgan (validation, naming). Backend-free."""

import re


def snake_case(name):
    """`GradientPenalty` -> `gradient_penalty`."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def check_non_negative(name, value):
    """Raises a Keras-style `ValueError` unless `value` is a number >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"`{name}` must be a number. Received: {name}={value!r}")
    if value < 0:
        raise ValueError(
            f"`{name}` must be non-negative. Received: {name}={value!r}"
        )
    return value


def check_positive_int(name, value, *, allow_none=False):
    """Raises unless `value` is an int >= 1 (or None when `allow_none`)."""
    if value is None and allow_none:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"`{name}` must be a positive integer. Received: {name}={value!r}"
        )
    if value < 1:
        raise ValueError(
            f"`{name}` must be a positive integer (>= 1). Received: {name}={value!r}"
        )
    return value


def default_permissions(path):
    """Gives a file made by `tempfile.mkstemp` (mode 0600) the usual umask-based mode."""
    import os

    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


class Configurable:
    """Mixin of kerasgan's plain (non-layer) serializable objects.

    A subclass defines `get_config()` returning its `__init__` arguments; this
    mixin derives `from_config` and a readable `__repr__` from it.
    """

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def check_epsilon(value, *, allow_zero=True, name="epsilon"):
    """A numerical-stability constant: a number >= 0 (> 0 unless `allow_zero`), as float.

    Raises a `ValueError` for any bad value, non-numbers included.
    """
    bad = isinstance(value, bool) or not isinstance(value, (int, float))
    if bad or value < 0 or (value == 0 and not allow_zero):
        kind = "non-negative" if allow_zero else "positive"
        raise ValueError(f"`{name}` must be a {kind} number. Received: {name}={value!r}")
    return float(value)
