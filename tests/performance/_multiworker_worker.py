"""Child process of test_distribute.py: one worker of a 2-worker loopback cluster.

argv: worker index, port of worker 0, port of worker 1, output .npz path.
The worker joins a `MultiWorkerMirroredStrategy` on 127.0.0.1 (TF_CONFIG),
trains a small WGAN-GP for a few steps and saves its final weights.
"""

import json
import os
import sys

index, port0, port1, path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
os.environ["TF_CONFIG"] = json.dumps(
    {
        "cluster": {"worker": [f"127.0.0.1:{port0}", f"127.0.0.1:{port1}"]},
        "task": {"type": "worker", "index": index},
    }
)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402

# The strategy must exist before any other TensorFlow op runs.
strategy = tf.distribute.MultiWorkerMirroredStrategy()

import keras  # noqa: E402
import numpy as np  # noqa: E402

import kerasgan  # noqa: E402
from tests.conftest import ring_arrays, tiny_mlp_pair  # noqa: E402

keras.utils.set_random_seed(0)
with strategy.scope():
    gan = kerasgan.GAN(*tiny_mlp_pair(), seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss="wgan-gp", jit_compile=False)
initial = [np.array(w) for w in gan.trainable_weights]
x, _ = ring_arrays(32 * 4, seed=5)
history = gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(32), epochs=1, verbose=0).history
final = [np.array(w) for w in gan.trainable_weights]
np.savez(
    path,
    initial=np.concatenate([w.ravel() for w in initial]),
    final=np.concatenate([w.ravel() for w in final]),
    d_loss=np.array(history["d_loss"]),
    replicas=np.array(strategy.num_replicas_in_sync),
)
