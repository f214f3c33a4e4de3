"""Collects each file under the backends it is about.

`make test` runs the suite once per backend, each in its own process (Keras
picks its backend at import). The cross-backend test drives the other backends
in subprocesses, so it is collected in the TensorFlow run only; everything else
here runs under every backend.
"""

import keras

collect_ignore = []
if keras.backend.backend() != "tensorflow":
    collect_ignore.append("test_cross_backend.py")
collect_ignore.append("_cross_backend_worker.py")
