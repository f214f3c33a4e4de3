"""Child process of test_distribute.py: 1 device vs MirroredStrategy on 2 logical CPUs.

Logical devices must be configured before TensorFlow initializes, so this runs
in its own process. It trains the same GAN (same initial weights, same data,
same latents) on one device with global batch 32 and on two replicas of 16,
and writes both final weight sets to the .npz path given as argv[1].
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402

_cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(_cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

import kerasgan  # noqa: E402
from tests.conftest import ring_arrays, tiny_mlp_pair  # noqa: E402

GLOBAL_BATCH, STEPS = 32, 3
TABLE = np.random.default_rng(7).normal(size=(GLOBAL_BATCH, 2)).astype("float32")


class TablePrior(kerasgan.priors.Prior):
    """Fixed latents: replica r of R draws rows [r*n, (r+1)*n) of one table.

    The two replicas' latents, put together, are exactly the single device's,
    so that the comparison tests the distributed maths and not random draws.
    """

    def sample(self, n, seed=None):
        replica = tf.distribute.get_replica_context().replica_id_in_sync_group
        return tf.slice(tf.constant(TABLE), [replica * n, 0], [n, 2])


def _pair(loss):
    g, d = tiny_mlp_pair()
    if loss == "wgan-gp":  # a linear critic: the penalty does not depend on the interpolates
        d = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    return g, d


def train(strategy, loss, initial):
    with strategy.scope():
        g, d = _pair(loss)
        g.set_weights(initial[0])
        d.set_weights(initial[1])
        gan = kerasgan.GAN(g, d, prior=TablePrior(2), seed=0)
        gan.compile(keras.optimizers.SGD(0.05), keras.optimizers.SGD(0.05), loss=loss, jit_compile=False)
    x, _ = ring_arrays(GLOBAL_BATCH * STEPS, seed=3)
    ds = tf.data.Dataset.from_tensor_slices(x).batch(GLOBAL_BATCH)
    history = gan.fit(ds, epochs=1, verbose=0).history
    return [np.array(w) for w in gan.trainable_weights], history


def main(path):
    out = {}
    # One strategy object per process: TensorFlow's collective keys clash
    # between two MirroredStrategy instances.
    one_device = tf.distribute.OneDeviceStrategy("/cpu:0")
    mirrored = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    for loss in ("non-saturating", "wgan-gp"):
        keras.utils.set_random_seed(0)
        g, d = _pair(loss)
        initial = (g.get_weights(), d.get_weights())
        one, h1 = train(one_device, loss, initial)
        two, h2 = train(mirrored, loss, initial)
        for i, (a, b) in enumerate(zip(one, two)):
            out[f"{loss}/one/{i}"], out[f"{loss}/two/{i}"] = a, b
        out[f"{loss}/initial"] = np.concatenate([w.ravel() for w in initial[0] + initial[1]])
        for key in ("d_loss", "g_loss"):
            out[f"{loss}/one/log/{key}"] = np.array(h1[key])
            out[f"{loss}/two/log/{key}"] = np.array(h2[key])
    np.savez(path, **out)


if __name__ == "__main__":
    main(sys.argv[1])
