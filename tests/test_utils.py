"""`check_number` and its wrappers: one message per branch, word for word."""

import math
import re

import pytest

from kerasgan._utils import check_epsilon, check_non_negative, check_number


def _raises(error, message):
    return pytest.raises(error, match="^" + re.escape(message) + "$")


@pytest.mark.parametrize("value", [True, False])
def test_bool_is_not_a_number(value):
    with _raises(TypeError, f"`x` must be a number. Received: x={value!r}"):
        check_number("x", value)
    with _raises(TypeError, f"`n` must be a positive integer (>= 1). Received: n={value!r}"):
        check_number("n", value, low=1, integer=True)


@pytest.mark.parametrize("value", ["1", None, [1], 1j])
def test_non_number(value):
    with _raises(TypeError, f"`x` must be a number. Received: x={value!r}"):
        check_number("x", value)


def test_type_message_names_the_range():
    with _raises(TypeError, "`x` must be a positive number. Received: x='1'"):
        check_number("x", "1", low=0, low_open=True)
    with _raises(TypeError, "`x` must be a non-negative number. Received: x='1'"):
        check_number("x", "1", low=0)
    with _raises(TypeError, "`x` must be a number in [0, 1). Received: x='1'"):
        check_number("x", "1", low=0, high=1, high_open=True)
    with _raises(TypeError, "`x` must be a number <= 2. Received: x='1'"):
        check_number("x", "1", high=2)


def test_type_error_class_can_be_value_error():
    with _raises(ValueError, "`x` must be a positive number. Received: x=True"):
        check_number("x", True, low=0, low_open=True, type_error=ValueError)


def test_integer_requirement():
    with _raises(TypeError, "`n` must be an integer. Received: n=1.0"):
        check_number("n", 1.0, integer=True)
    with _raises(TypeError, "`n` must be an integer >= 2. Received: n=2.5"):
        check_number("n", 2.5, low=2, integer=True)
    with _raises(TypeError, "`n` must be an integer > 2. Received: n=3.0"):
        check_number("n", 3.0, low=2, low_open=True, integer=True)
    with _raises(TypeError, "`n` must be a positive integer (>= 1). Received: n='1'"):
        check_number("n", "1", low=0, low_open=True, integer=True)
    with _raises(ValueError, "`n` must be an integer >= 2. Received: n=1"):
        check_number("n", 1, low=2, integer=True)
    assert check_number("n", 3, low=2, integer=True) == 3


@pytest.mark.parametrize(
    "bounds, text, inside, outside",
    [
        ({"low": 0}, "non-negative", [0, 0.0, 5], [-1e-9]),
        ({"low": 0, "low_open": True}, "positive", [1e-9, 3], [0, -1]),
        ({"low": 1}, ">= 1", [1, 2.5], [0.5]),
        ({"low": 1, "low_open": True}, "> 1", [1.5], [1]),
        ({"high": 1}, "<= 1", [1, -3], [1.5]),
        ({"high": 1, "high_open": True}, "< 1", [0.5], [1]),
        ({"low": 0, "high": 1}, "in [0, 1]", [0, 1, 0.5], [-0.1, 1.1]),
        ({"low": 0, "high": 1, "low_open": True}, "in (0, 1]", [1, 0.5], [0]),
        ({"low": 0, "high": 1, "high_open": True}, "in [0, 1)", [0, 0.5], [1]),
        ({"low": 0, "high": 1, "low_open": True, "high_open": True}, "in (0, 1)", [0.5], [0, 1]),
    ],
)
def test_open_and_closed_bounds(bounds, text, inside, outside):
    for value in inside:
        assert check_number("x", value, **bounds) is value
    for value in [*outside, math.nan]:
        with _raises(ValueError, f"`x` must be {text}. Received: x={value!r}"):
            check_number("x", value, **bounds)


def test_unbounded_accepts_any_number():
    for value in (-1e300, 0, math.inf, math.nan):
        assert check_number("x", value) is value


def test_allow_none():
    assert check_number("x", None, allow_none=True) is None
    assert check_number("n", None, low=1, integer=True, allow_none=True) is None
    with _raises(TypeError, "`seed` must be an integer or None. Received: seed='a'"):
        check_number("seed", "a", integer=True, allow_none=True)
    with _raises(ValueError, "`n` must be a positive integer (>= 1) or None. Received: n=0"):
        check_number("n", 0, low=1, integer=True, allow_none=True)
    with _raises(TypeError, "`x` must be a number. Received: x=None"):
        check_number("x", None)


def test_hint_is_appended_to_the_range_error_only():
    message = "`decay` must be in [0, 1). Received: decay=2. A typical value is 0.999."
    with _raises(ValueError, message):
        check_number("decay", 2, low=0, high=1, high_open=True, hint="A typical value is 0.999.")
    with _raises(TypeError, "`decay` must be a number in [0, 1). Received: decay='2'"):
        check_number("decay", "2", low=0, high=1, high_open=True, hint="A typical value is 0.999.")


def test_returns_value_unchanged():
    assert type(check_number("x", 3, low=0)) is int
    assert type(check_number("x", 3.0, low=0)) is float


def test_wrappers():
    assert check_non_negative("gamma", 0) == 0
    with _raises(ValueError, "`gamma` must be non-negative. Received: gamma=-1"):
        check_non_negative("gamma", -1)
    with _raises(TypeError, "`gamma` must be a non-negative number. Received: gamma='1'"):
        check_non_negative("gamma", "1")
    assert check_epsilon(1) == 1.0 and type(check_epsilon(1)) is float
    assert check_epsilon(0) == 0.0
    with _raises(ValueError, "`epsilon` must be positive. Received: epsilon=0"):
        check_epsilon(0, allow_zero=False)
    with _raises(ValueError, "`epsilon` must be a non-negative number. Received: epsilon='x'"):
        check_epsilon("x")
