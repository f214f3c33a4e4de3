"""Training behaviour on the ring (issue 5's bars). Slow: each trains a small pair for seconds."""

import numpy as np
import pytest

import kerasgan
from kerasgan import priors
from kerasgan.regularizers import AuxiliaryClassification, MutualInformation
from tests.conditional import _setups as S

pytestmark = pytest.mark.slow

RING_X, RING_Y = kerasgan.data.sample_mixture("ring", 10_000, seed=0)
# AC-GAN and projection: wider nets and batches of 200 (2,000 and 3,000 steps) leave a margin over the bar.
BIG_X, BIG_Y = kerasgan.data.sample_mixture("ring", 20_000, seed=0)


def _per_label_bar(gan):
    return [S.share_within_3_sigma(gan.generate(500, labels=k, seed=k), k) for k in range(8)]


def test_conditional_mlp_puts_each_label_on_its_mode_and_keeps_it_through_save_export_and_cli(tmp_path):
    """One training run for both halves (as two tests sharing a module fixture, each of the
    two xdist workers trained it: 2 x ~40 s)."""
    import keras

    keras.utils.set_random_seed(0)
    gan = kerasgan.GAN(*S.cgan_pair(), seed=0)
    S.compile_and_fit(gan, RING_X, RING_Y, epochs=15)
    shares = _per_label_bar(gan)
    print("per-label share within 3 sigma:", np.round(shares, 3))
    assert min(shares) >= 0.9, shares
    _check_survives_save_load_export_and_cli_sample(gan, tmp_path)


def _check_survives_save_load_export_and_cli_sample(gan, tmp_path):
    import keras
    import tensorflow as tf

    from kerasgan import cli

    path = str(tmp_path / "gan.keras")
    gan.save(path)
    loaded = keras.models.load_model(path, safe_mode=True)
    assert loaded.conditional and loaded.num_classes == 8
    np.testing.assert_array_equal(loaded.generate(32, labels=5, seed=1), gan.generate(32, labels=5, seed=1))
    # SavedModel: serve(z, labels).
    served = tf.saved_model.load(gan.export(str(tmp_path / "generator")))
    z = np.random.default_rng(0).normal(size=(16, 2)).astype("float32")
    labels = np.arange(16, dtype="int32") % 8
    out = served.serve(tf.constant(z), tf.constant(labels)).numpy()
    np.testing.assert_allclose(out, gan._generate_from(z, labels, 256), rtol=1e-5, atol=1e-6)
    assert (S.nearest_mode(out) == labels).mean() >= 0.9
    # CLI: sample --label 3 --n 16 writes 16 samples of class 3.
    npy = tmp_path / "three.npy"
    assert cli.main(["sample", "--model", path, "--label", "3", "--n", "16", "--out", str(npy)]) == 0
    samples = np.load(npy)
    assert samples.shape == (16, 2)
    assert np.all(S.nearest_mode(samples) == 3)
    assert S.share_within_3_sigma(samples, 3) >= 0.9


def test_acgan_reaches_the_bar_and_its_head_loss_decreases():
    gan = kerasgan.GAN(*S.acgan_pair(units=128), seed=0)
    history = S.compile_and_fit(gan, BIG_X, BIG_Y, epochs=20, batch_size=200,
                                regularizers=[AuxiliaryClassification(1.0)])
    shares = _per_label_bar(gan)
    print("per-label share within 3 sigma:", np.round(shares, 3))
    assert min(shares) >= 0.9, shares
    d_ce = history.history["d/auxiliary_classification"]
    g_ce = history.history["g/auxiliary_classification"]
    assert d_ce[-1] < 0.1 * d_ce[0] and g_ce[-1] < 0.1 * g_ce[0], (d_ce, g_ce)


def test_projection_discriminator_reaches_the_bar():
    gan = kerasgan.GAN(*S.projection_pair(units=128), seed=0)
    # 30 epochs (3,000 steps): at 20 the lowest label's share was 0.90+ on an Intel Xeon but
    # 0.848 on an AMD EPYC (the same seed; the CPUs round differently); at 30 it is 0.934 there.
    S.compile_and_fit(gan, BIG_X, BIG_Y, epochs=30, batch_size=200)
    shares = _per_label_bar(gan)
    print("per-label share within 3 sigma:", np.round(shares, 3))
    assert min(shares) >= 0.9, shares


def test_infogan_categorical_code_maps_bijectively_to_the_modes():
    prior = priors.Joint(noise=priors.Normal(2), code=priors.Categorical(8))
    gan = kerasgan.GAN(*S.infogan_pair(prior), prior=prior, seed=0)
    history = S.compile_and_fit(gan, RING_X, None, epochs=5, regularizers=[MutualInformation(1.0)])
    confusion = np.zeros((8, 8))
    for code in range(8):
        modes = S.nearest_mode(gan.generate(500, codes=code, seed=code))
        confusion[code] = np.bincount(modes, minlength=8) / 500
    assignment = confusion.argmax(axis=1)
    print("InfoGAN code->mode", assignment, "purity", np.round(confusion.max(axis=1), 3))
    assert sorted(assignment) == list(range(8)), confusion  # a bijection
    assert confusion.max(axis=1).min() >= 0.9, confusion  # purity
    bound = history.history["g/mutual_information_bound"]
    assert bound[-1] > bound[0] and bound[-1] > 0.9 * np.log(8), bound


def test_infogan_mutual_information_bound_rises_on_digits():
    import keras

    prior = priors.Joint(noise=priors.Normal(16), code=priors.Categorical(10))
    g, trunk = kerasgan.models.dcgan((8, 8, 1), prior.dim, base_filters=16, return_features=True)
    x = keras.Input((8, 8, 1))
    out = trunk(x)
    aux = kerasgan.layers.LatentCodeHead(prior, hidden_units=32)(out["features"])
    d = keras.Model(x, {"logits": out["logits"], "aux": aux})
    gan = kerasgan.GAN(g, d, prior=prior, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3, beta_1=0.5), keras.optimizers.Adam(1e-3, beta_1=0.5),
                regularizers=[MutualInformation(1.0)], jit_compile=True)
    data = kerasgan.data.load("digits", batch_size=64, seed=0)
    history = gan.fit(data, epochs=4, verbose=0)
    bound = history.history["g/mutual_information_bound"]
    print("digits MI bound per epoch:", np.round(bound, 3))
    assert bound[-1] > bound[0] + 0.5, bound
    assert bound[-1] <= np.log(10) + 1e-3, bound  # a bound on I(c; x) <= H(c)
