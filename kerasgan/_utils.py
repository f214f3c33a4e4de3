"""Small helpers shared across kerasgan (validation, naming). Backend-free."""

import re


def snake_case(name):
    """`GradientPenalty` -> `gradient_penalty`."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def _describe(low, high, low_open, high_open, integer):
    """`non-negative`, `positive`, `in [0, 1)`, `a positive integer (>= 1)`, ...; "" unbounded."""
    if integer and high is None and low is not None:
        if (low, low_open) in ((1, False), (0, True)):
            return "a positive integer (>= 1)"
        return f"an integer >= {low}" if not low_open else f"an integer > {low}"
    if low is None and high is None:
        return ""
    if high is None and low == 0:
        return "positive" if low_open else "non-negative"
    if high is None:
        return f"> {low}" if low_open else f">= {low}"
    if low is None:
        return f"< {high}" if high_open else f"<= {high}"
    left, right = "(" if low_open else "[", ")" if high_open else "]"
    return f"in {left}{low}, {high}{right}"


def _kind(range_text, integer):
    """The noun phrase of a type error: `a number`, `a positive number`, `an integer >= 2`, ..."""
    if range_text.startswith(("a ", "an ")):
        return range_text
    noun = "an integer" if integer else "a number"
    if range_text in ("positive", "non-negative"):
        return f"a {range_text} {'integer' if integer else 'number'}"
    return f"{noun} {range_text}" if range_text else noun


def check_number(name, value, *, low=None, high=None, low_open=False, high_open=False,
                 integer=False, allow_none=False, hint="", type_error=TypeError):
    """Checks a numeric argument; raises Keras-style errors naming it.

    A non-number (a bool included) raises `TypeError`; a number outside the
    range (NaN included, when there is a bound) raises `ValueError`:
    "`decay` must be in [0, 1). Received: decay=2. A typical value is 0.999."

    Args:
        name: The argument's name.
        value: What was received.
        low: The lowest allowed value (None: unbounded). Defaults to None.
        high: The highest allowed value (None: unbounded). Defaults to None.
        low_open: Exclude `low` itself. Defaults to False.
        high_open: Exclude `high` itself. Defaults to False.
        integer: Require an `int`. Defaults to False.
        allow_none: Accept None (returned as is). Defaults to False.
        hint: A sentence appended to the range error (the fix). Defaults to "".
        type_error: The class raised for a non-number. Arguments that have
            always raised `ValueError` for every bad value pass `ValueError`.
            Defaults to `TypeError`.

    Returns:
        `value`, unchanged.
    """
    if value is None and allow_none:
        return None
    kinds = int if integer else (int, float)
    range_text = _describe(low, high, low_open, high_open, integer)
    or_none = " or None" if allow_none else ""
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise type_error(
            f"`{name}` must be {_kind(range_text, integer)}{or_none}. Received: {name}={value!r}"
        )
    # Written as "not inside" so that NaN fails any bound.
    below = low is not None and not (value > low if low_open else value >= low)
    above = high is not None and not (value < high if high_open else value <= high)
    if below or above:
        hint = f". {hint}" if hint else ""
        raise ValueError(
            f"`{name}` must be {range_text}{or_none}. Received: {name}={value!r}{hint}"
        )
    return value


def check_non_negative(name, value):
    """Raises a Keras-style `ValueError` unless `value` is a number >= 0."""
    return check_number(name, value, low=0)


def check_positive_int(name, value, *, allow_none=False):
    """Raises unless `value` is an int >= 1 (or None when `allow_none`)."""
    if value is not None and not isinstance(value, bool) and isinstance(value, int) and value < 1:
        raise ValueError(
            f"`{name}` must be a positive integer (>= 1). Received: {name}={value!r}"
        )
    if isinstance(value, bool) or not (isinstance(value, int) or (value is None and allow_none)):
        raise TypeError(f"`{name}` must be a positive integer. Received: {name}={value!r}")
    return value


def write_atomically(path, write, *, suffix="", prefix=".tmp-", fsync=False, before_replace=None):
    """Calls `write(tmp)` on a temporary sibling of `path`, then renames it into place.

    An interrupted or failing write never leaves a half-written `path` (nor the
    temporary file); the result gets the usual umask-based mode.

    Args:
        path: The destination.
        write: `write(tmp)` writes the file.
        suffix: The temporary name's suffix. Defaults to "".
        prefix: The temporary name's prefix. Defaults to ".tmp-".
        fsync: Flush the file (and then the folder) to disk, so that a power
            loss after the rename finds the new content. Defaults to False.
        before_replace: `before_replace(tmp)`, called once the temporary
            file is complete, just before the rename (checks, rotation).

    Returns:
        `path`.
    """
    import os
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=suffix, dir=directory, prefix=prefix)
    os.close(fd)
    try:
        try:
            write(tmp)
        except OSError as err:  # name the destination, not the temporary file
            if err.filename == tmp:
                err.filename = path
            raise
        default_permissions(tmp)
        if fsync:
            _fsync(tmp)
        if before_replace is not None:
            before_replace(tmp)
        os.replace(tmp, path)
        if fsync:
            _fsync(directory)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def _fsync(path):
    import os

    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    return float(check_number(name, value, low=0, low_open=not allow_zero, type_error=ValueError))
