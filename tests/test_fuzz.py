"""Property fuzzing (hypothesis): public constructors, compile, fit, generate and the CLI flags
raise only documented errors (ValueError / TypeError naming the argument), never crash deep in
a backend, and never accept an out-of-range value silently. Bounded: a few seconds in all."""

import inspect
import math

import keras
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kerasgan
from kerasgan import _cli_resume, cli
from kerasgan import regularizers as R
from tests.conftest import tiny_mlp_pair

FAST = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
                    st.booleans(), st.none(), st.text(max_size=3))
WEIGHTED = sorted((c for c in vars(R).values() if inspect.isclass(c) and issubclass(c, R.Regularizer)
                   and c is not R.Regularizer and "weight" in inspect.signature(c).parameters),
                  key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", WEIGHTED, ids=lambda c: c.__name__)
@FAST
@given(weight=NUMBERS)
def test_regularizer_weights(cls, weight):
    valid = (isinstance(weight, (int, float)) and not isinstance(weight, bool)
             and math.isfinite(weight) and weight >= 0)
    if valid:
        assert cls(weight=weight).weight == float(weight)
    else:
        with pytest.raises((ValueError, TypeError), match="weight"):
            cls(weight=weight)


@pytest.fixture(scope="module")
def gan():
    g, d = tiny_mlp_pair(units=4)
    model = kerasgan.GAN(g, d, 2, seed=0)
    model.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), jit_compile=False)
    return model


@FAST
@given(n=NUMBERS, batch_size=NUMBERS)
def test_generate(gan, n, batch_size):
    def ok(v):
        return isinstance(v, int) and not isinstance(v, bool) and 1 <= v
    if ok(n) and ok(batch_size) and n <= 64:
        assert gan.generate(n, seed=0, batch_size=batch_size).shape == (n, 2)
    elif not (ok(n) and ok(batch_size)):
        with pytest.raises((ValueError, TypeError), match="`n`|`batch_size`"):
            gan.generate(n, seed=0, batch_size=batch_size)


@FAST
@given(batch_size=NUMBERS, poison=st.sampled_from([None, np.nan, np.inf]))
def test_fit_refuses_bad_batch_sizes_and_non_finite_arrays(gan, batch_size, poison):
    x = np.zeros((8, 2), "float32")
    if poison is not None:
        x[3, 1] = poison
    good_size = batch_size is None or (isinstance(batch_size, int) and not isinstance(batch_size, bool)
                                       and batch_size >= 1)
    if poison is None and good_size:
        return  # training itself is covered elsewhere
    with pytest.raises((ValueError, TypeError), match="`batch_size`|`x`"):
        gan.fit(x, batch_size=batch_size, epochs=1, verbose=0)


@FAST
@given(steps=NUMBERS, loss=st.sampled_from(["non-saturating", "hinge", "bogus", ""]))
def test_compile(steps, loss):
    g, d = tiny_mlp_pair(units=4)
    model = kerasgan.GAN(g, d, 2)
    try:
        model.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss=loss,
                      steps_per_execution=steps, jit_compile=False)
    except (ValueError, TypeError) as err:
        assert "steps_per_execution" in str(err) or "loss" in str(err)
        return
    assert loss in ("non-saturating", "hinge") and isinstance(steps, int) and steps >= 1


@FAST
@given(batch_size=NUMBERS, num_samples=NUMBERS, seed=NUMBERS, start=NUMBERS)
def test_data_load_arguments(batch_size, num_samples, seed, start):
    try:
        ds = kerasgan.data.load("ring", batch_size=batch_size, num_samples=num_samples, seed=seed,
                                repeat=True, start_batch=start)
    except (ValueError, TypeError):
        return
    for value in (batch_size, num_samples if num_samples is not None else 1):
        assert isinstance(value, int) and value >= 1
    assert isinstance(start, int) and start >= 0 and (seed is None or isinstance(seed, int))
    assert tuple(next(iter(ds)).shape) == (batch_size, 2)


FLAG_VALUES = {
    "--epochs": st.integers(-3, 5), "--batch-size": st.integers(-3, 5), "--steps-per-epoch": st.integers(-3, 5),
    "--latent-dim": st.integers(-3, 5), "--save-every": st.integers(-3, 5), "--keep": st.integers(-3, 5),
    "--seed": st.integers(-3, 2**31 + 3), "--lr": st.floats(allow_nan=True, allow_infinity=True),
    "--beta1": st.floats(-2, 2), "--beta2": st.floats(-2, 2),
}


@FAST
@given(flags=st.dictionaries(st.sampled_from(sorted(FLAG_VALUES)), st.none(), max_size=4).flatmap(
    lambda chosen: st.fixed_dictionaries({k: FLAG_VALUES[k] for k in chosen})))
def test_cli_train_flags(tmp_path_factory, flags):
    argv = ["train", "--data", "ring", "--out", str(tmp_path_factory.mktemp("run"))]
    for flag, value in flags.items():
        argv.append(f"{flag}={value!r}" if isinstance(value, float) else f"{flag}={value}")
    args = cli._build_parser().parse_args(argv)
    bad = [f for f, v in flags.items() if (
        (f in ("--lr",) and not (math.isfinite(v) and v > 0))
        or (f in ("--beta1", "--beta2") and not 0 <= v < 1)
        or (f == "--seed" and not 0 <= v < 2**31)
        or (f not in ("--lr", "--beta1", "--beta2", "--seed") and v < 1))]
    if bad:
        with pytest.raises(_cli_resume.UsageError) as info:
            _cli_resume.check_train_args(args)
        assert any(str(info.value).startswith(f) for f in bad)
    else:
        _cli_resume.check_train_args(args)
