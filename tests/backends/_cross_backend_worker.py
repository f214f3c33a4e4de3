"""Subprocess body of the cross-backend test: `save`/`load` commands, one backend per process.

Usage: KERAS_BACKEND=<name> python _cross_backend_worker.py CMD PATH Z OUT [CMD PATH Z OUT ...]
`save` trains a small WGAN-GP GAN for 3 steps and saves it to PATH; `load` loads PATH. Both
write the generator's samples for the latents in Z (a .npy file) to OUT, and OUT.json with
the optimizers' iteration counts.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

import kerasgan  # noqa: E402


def _save(path):
    keras.utils.set_random_seed(0)
    g, d = kerasgan.models.mlp(2, 2, hidden_units=(16,), discriminator_units=(16,))
    gan = kerasgan.GAN(g, d, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), loss="wgan-gp")
    x = np.random.default_rng(0).normal(size=(96, 2)).astype("float32")
    gan.fit(x, batch_size=32, epochs=1, verbose=0)
    gan.save(path)
    return gan


def main(argv):
    for i in range(0, len(argv), 4):
        command, path, z_path, out = argv[i : i + 4]
        gan = _save(path) if command == "save" else keras.models.load_model(path)
        z = np.load(z_path)
        np.save(out, keras.ops.convert_to_numpy(gan.generator(z, training=False)))
        counts = {
            "backend": keras.backend.backend(),
            "g": int(keras.ops.convert_to_numpy(gan.g_optimizer.iterations)),
            "d": int(keras.ops.convert_to_numpy(gan.d_optimizer.iterations)),
            "objective": type(gan.objective.loss).__name__,
        }
        with open(out + ".json", "w") as f:
            json.dump(counts, f)


if __name__ == "__main__":
    main(sys.argv[1:])
