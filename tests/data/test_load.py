"""`kerasgan.data.load` on the built-in datasets: pipeline behaviour and argument errors."""

import numpy as np
import pytest
import tensorflow as tf

from kerasgan.data import digits_arrays, load, mixture_centers, sample_mixture


def _epoch(ds):
    batches = list(ds.as_numpy_iterator())
    if isinstance(batches[0], tuple):
        return tuple(np.concatenate(parts) for parts in zip(*batches))
    return np.concatenate(batches)


def test_ring_batches_and_labels():
    ds = load("ring", batch_size=100, labels=True, seed=0, num_samples=1000)
    x_spec, y_spec = ds.element_spec
    assert x_spec.shape == (100, 2) and x_spec.dtype == tf.float32
    assert y_spec.shape == (100,) and y_spec.dtype == tf.int32
    x, y = _epoch(ds)
    assert x.shape == (1000, 2)
    d = np.linalg.norm(x[:, None] - mixture_centers("ring")[None], axis=-1)
    np.testing.assert_array_equal(d.argmin(1), y)


def test_mixture_not_rescaled_and_without_labels():
    ds = load("grid", batch_size=50, seed=0, num_samples=500)
    assert ds.element_spec.shape == (50, 2)
    x = _epoch(ds)
    assert np.abs(x).max() > 3.5  # benchmark coordinates, not [-1, 1]


def test_unshuffled_epoch_is_the_sampled_data_in_order():
    x_ref, y_ref = sample_mixture("ring", 300, seed=5)
    x, y = _epoch(load("ring", batch_size=100, labels=True, seed=5, num_samples=300,
                       shuffle=False))
    np.testing.assert_array_equal(x, x_ref)
    np.testing.assert_array_equal(y, y_ref)


def test_shuffled_epoch_is_a_permutation_reshuffled_each_epoch():
    x_ref, _ = sample_mixture("ring", 300, seed=5)
    ds = load("ring", batch_size=100, seed=5, num_samples=300)
    e1, e2 = _epoch(ds), _epoch(ds)
    key = lambda a: a[np.lexsort(a.T)]  # noqa: E731
    np.testing.assert_array_equal(key(e1), key(x_ref))
    np.testing.assert_array_equal(key(e2), key(x_ref))
    assert not np.array_equal(e1, x_ref)
    assert not np.array_equal(e1, e2)


def test_deterministic_by_seed():
    a = _epoch(load("grid", batch_size=64, seed=11, num_samples=640))
    b = _epoch(load("grid", batch_size=64, seed=11, num_samples=640))
    c = _epoch(load("grid", batch_size=64, seed=12, num_samples=640))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_drop_remainder_and_repeat():
    full = list(load("ring", batch_size=64, seed=0, num_samples=200).as_numpy_iterator())
    assert [len(b) for b in full] == [64, 64, 64]
    kept = list(load("ring", batch_size=64, seed=0, num_samples=200,
                     drop_remainder=False).as_numpy_iterator())
    assert [len(b) for b in kept] == [64, 64, 64, 8]
    rep = load("ring", batch_size=64, seed=0, num_samples=200, repeat=True)
    assert len(list(rep.take(10).as_numpy_iterator())) == 10


def test_digits_pipeline():
    ds = load("digits", batch_size=32, labels=True, image_size=16, shuffle=False)
    assert ds.element_spec[0].shape == (32, 16, 16, 1)
    x, y = _epoch(ds)
    x_ref, y_ref = digits_arrays(image_size=16)
    assert x.shape == (1792, 16, 16, 1) and x.dtype == np.float32  # 56 full batches
    assert x.min() >= -1.0 and x.max() <= 1.0
    np.testing.assert_array_equal(x, x_ref[:1792])
    np.testing.assert_array_equal(y, y_ref[:1792])


def test_digits_three_channels_and_subset():
    ds = load("digits", batch_size=10, channels=3, num_samples=50, seed=0)
    assert ds.element_spec.shape == (10, 8, 8, 3)
    assert _epoch(ds).shape == (50, 8, 8, 3)


# ----------------------------------------------------------------------------- errors


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="`name_or_path`") as info:
        load("mnist3", batch_size=8)
    for valid in ("'digits'", "'mnist'", "'stacked_mnist'", "'grid'", "'ring'", "tfds:<name>",
                  "name_or_path='mnist3'"):
        assert valid in str(info.value)


def test_missing_path(tmp_path):
    missing = tmp_path / "nope" / "data.npz"
    with pytest.raises(ValueError, match="`name_or_path`.*no such file or directory"):
        load(missing, batch_size=8)


def test_name_of_wrong_type():
    with pytest.raises(TypeError, match="`name_or_path` must be a string or a path.*Received: name_or_path=3"):
        load(3, batch_size=8)


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-1, ValueError), (2.0, TypeError),
                                        ("8", TypeError), (None, TypeError), (True, TypeError)])
def test_bad_batch_size(bad, error):
    with pytest.raises(error, match="`batch_size` must be a positive integer.*Received: batch_size="):
        load("ring", batch_size=bad)


def test_batch_size_is_keyword_only_and_required():
    with pytest.raises(TypeError, match="batch_size"):
        load("ring")
    with pytest.raises(TypeError):
        load("ring", 32)


def test_batch_larger_than_data():
    with pytest.raises(ValueError, match="`batch_size` must be at most the number of examples \\(10\\).*drop_remainder=False"):
        load("ring", batch_size=32, num_samples=10)
    ds = load("ring", batch_size=32, num_samples=10, drop_remainder=False)
    assert _epoch(ds).shape == (10, 2)


@pytest.mark.parametrize("flag", ["labels", "shuffle", "drop_remainder", "repeat", "cache",
                                  "deterministic"])
def test_flags_must_be_bool(flag):
    with pytest.raises(TypeError, match=f"`{flag}` must be True or False. Received: {flag}=1"):
        load("ring", batch_size=8, **{flag: 1})


def test_arguments_that_do_not_apply_to_mixtures():
    with pytest.raises(ValueError, match="`image_size` does not apply.*Received: image_size=16"):
        load("ring", batch_size=8, image_size=16)
    with pytest.raises(ValueError, match="`channels` does not apply.*Received: channels=3"):
        load("grid", batch_size=8, channels=3)
    with pytest.raises(ValueError, match="`data_dir` does not apply"):
        load("ring", batch_size=8, data_dir="/tmp")
    with pytest.raises(ValueError, match="`split` does not apply"):
        load("digits", batch_size=8, split="test")


def test_bad_seed_num_samples_channels():
    with pytest.raises(TypeError, match="`seed` must be an integer or None"):
        load("ring", batch_size=8, seed=1.5)
    with pytest.raises(ValueError, match="`num_samples` must be a positive integer"):
        load("ring", batch_size=8, num_samples=0)
    with pytest.raises(ValueError, match="`channels` must be 1"):
        load("digits", batch_size=8, channels=4)
    with pytest.raises(ValueError, match="`num_samples` must be at most the 1797 digits"):
        load("digits", batch_size=8, num_samples=5000)


def test_deterministic_option_reaches_the_pipeline():
    assert load("ring", batch_size=8, num_samples=16).options().deterministic is True
    fast = load("ring", batch_size=8, num_samples=16, deterministic=False)
    assert fast.options().deterministic is False
