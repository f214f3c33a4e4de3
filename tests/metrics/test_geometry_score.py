"""Geometry Score (Khrulkov & Oseledets 2018): the topology claims of the paper's 2-D figures."""

import keras
import numpy as np
import pytest

from kerasgan.metrics import GeometryScore, relative_living_times

GAMMA = 1 / 128  # the authors' γ at their 5,000 samples
REPS = 20


def _ring(rng, n, center=(0.0, 0.0), arc=2 * np.pi, noise=0.03):
    angle = rng.uniform(0, arc, n)
    points = np.stack([np.cos(angle) + center[0], np.sin(angle) + center[1]], axis=1)
    return points + noise * rng.normal(size=(n, 2))


@pytest.fixture(scope="module")
def clouds():
    rng = np.random.default_rng(0)
    return {
        "ring": _ring(rng, 1000),
        "ring_again": _ring(rng, 1000),
        "two_rings": np.concatenate([_ring(rng, 500, (-1.5, 0)), _ring(rng, 500, (1.5, 0))]),
        # A generator collapsed onto a quarter of the ring (Fig. 6's mode collapse).
        "collapsed": _ring(rng, 1000, arc=np.pi / 2),
    }


@pytest.fixture(scope="module")
def mrlts(clouds):
    return {k: relative_living_times(v, gamma=GAMMA, repetitions=REPS, seed=1, i_max=10)
            for k, v in clouds.items()}


def test_one_ring_has_one_hole_and_two_rings_two(mrlts):
    # Fig. 4-5: the MRLT of a ring peaks at one hole, of two rings at two.
    assert int(np.argmax(mrlts["ring"])) == 1, mrlts["ring"]
    assert int(np.argmax(mrlts["two_rings"])) == 2, mrlts["two_rings"]
    assert mrlts["ring"][1] > 0.5 and mrlts["two_rings"][2] > 0.5


def test_score_tells_one_ring_from_two_and_data_from_a_collapsed_generator(mrlts):
    def gs(a, b):
        return float(np.sum((mrlts[a] - mrlts[b]) ** 2))

    same = gs("ring", "ring_again")
    assert gs("ring", "two_rings") > 20 * same, (gs("ring", "two_rings"), same)
    assert gs("ring", "collapsed") > 20 * same, (gs("ring", "collapsed"), same)


def test_metric_matches_the_function_and_round_trips(clouds):
    metric = GeometryScore(gamma=GAMMA, repetitions=3, i_max=10, seed=1)
    metric.update_state(clouds["ring"][:300], clouds["two_rings"][:300])
    value = metric.result()
    expected = np.sum((relative_living_times(clouds["ring"][:300], gamma=GAMMA, repetitions=3,
                                             i_max=10, seed=1)
                       - relative_living_times(clouds["two_rings"][:300], gamma=GAMMA,
                                               repetitions=3, i_max=10, seed=1)) ** 2)
    assert value == pytest.approx(expected)
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(metric))
    assert restored.get_config() == metric.get_config()


@pytest.mark.parametrize("kwargs, name", [({"num_landmarks": 0}, "num_landmarks"),
                                          ({"gamma": -1.0}, "gamma"),
                                          ({"repetitions": 0}, "repetitions")])
def test_bad_arguments_name_themselves(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        GeometryScore(**kwargs)


def test_more_landmarks_than_samples_is_an_error():
    with pytest.raises(ValueError, match="num_landmarks"):
        relative_living_times(np.zeros((10, 2)), num_landmarks=64)
