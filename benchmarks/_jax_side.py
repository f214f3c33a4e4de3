"""kerasgan on Keras-JAX as a side of `step_speed.py` (`--jax`).

Keras picks its backend once per process, so the JAX side runs in a child
process (`KERAS_BACKEND=jax`). The parent drives it over a pipe — one line
"<steps>" per timed repetition, answered with the seconds per step — so the
JAX repetitions interleave in time with the TensorFlow sides' exactly as the
in-process sides do, and the paired ratios stay meaningful.

The child builds the same setup (`step_speed.build_setup`: same builders, same
data), compiles with `jax.jit` (kerasgan's default on JAX) and times Keras's
own JAX `train_function(state, iterator)`, the call `fit` makes per batch, on
batches already on the device (the TensorFlow sides read an in-memory
`tf.data` pipeline).
"""

import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class JAXSide:
    """The parent's handle on the child: the same interface as `step_speed.Side`."""

    name = "kerasgan JAX"

    def __init__(self, setup, loss, batch, size, base_filters, warmup):
        self.times = []
        spec = json.dumps(dict(setup=setup, loss=loss, batch=batch, size=size,
                               base_filters=base_filters, warmup=warmup))
        env = dict(os.environ, KERAS_BACKEND="jax")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks._jax_side", spec], cwd=ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        self.compile_s = float(self._read("ready"))

    def _read(self, tag):
        for line in self.process.stdout:
            if line.startswith(tag + " "):
                return line.split()[1]
        raise RuntimeError(f"The JAX benchmark process exited (code {self.process.wait()}).")

    def time(self, steps):
        self.process.stdin.write(f"{steps}\n")
        self.process.stdin.flush()
        self.times.append(float(self._read("seconds")))

    @property
    def median_s(self):
        import statistics

        return statistics.median(self.times)

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=60)


def side(g, d, latent_dim, loss, data, batch, args, xla):
    """`step_speed.bench`'s hook (XLA rows only: JAX always compiles)."""
    if not xla:
        return None
    setup = "dcgan" if data.ndim == 4 else "mlp"
    size = data.shape[1] if setup == "dcgan" else 0
    return JAXSide(setup, loss, batch, size, args.base_filters, args.warmup)


def _child(spec):
    os.environ["KERAS_BACKEND"] = "jax"
    sys.path.insert(0, ROOT)
    import jax
    import keras

    import kerasgan
    from benchmarks.step_speed import build_setup

    g, d, latent_dim, data, optimizers = build_setup(
        spec["setup"], spec["batch"], spec["size"] or 32, spec["base_filters"])
    gan = kerasgan.GAN(g, d, latent_dim, seed=0)
    g_opt, d_opt = optimizers()
    gan.compile(g_opt, d_opt, loss=spec["loss"], jit_compile=True)
    batch = spec["batch"]
    batches = [jax.device_put(data[i:i + batch]) for i in range(0, len(data) - batch + 1, batch)]

    def forever():
        while True:
            yield from batches

    start = time.perf_counter()
    gan.fit(data, batch_size=batch, epochs=1, steps_per_epoch=1, verbose=0)  # builds and compiles
    state = gan._get_jax_state(trainable_variables=True, non_trainable_variables=True,
                               optimizer_variables=True, metrics_variables=True)
    iterator = forever()

    def run(steps):
        nonlocal state
        logs = None
        for _ in range(steps):
            logs, state = gan.train_function(state, iterator)
        jax.block_until_ready(logs["g_loss"])

    run(spec["warmup"])
    print(f"ready {time.perf_counter() - start}", flush=True)
    for line in sys.stdin:
        steps = int(line)
        begin = time.perf_counter()
        run(steps)
        print(f"seconds {(time.perf_counter() - begin) / steps}", flush=True)


if __name__ == "__main__":
    _child(json.loads(sys.argv[1]))
