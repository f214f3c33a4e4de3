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
    """The parent's handle on the child: the same interface as `step_speed.Side`.

    `kind` is "kerasgan" (the GAN's compiled step) or "hand-written" (the same
    step written with `jax.grad` and Keras stateless calls, `benchmarks._jax_hand`).
    """

    def __init__(self, setup, loss, batch, size, base_filters, warmup, kind="kerasgan",
                 policy="float32"):
        self.name = "kerasgan JAX" if kind == "kerasgan" else "hand JAX"
        self.times = []
        spec = json.dumps(dict(setup=setup, loss=loss, batch=batch, size=size,
                               base_filters=base_filters, warmup=warmup, kind=kind,
                               policy=policy))
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
    return [JAXSide(setup, loss, batch, size, args.base_filters, args.warmup, kind, args.policy)
            for kind in ("kerasgan", "hand-written")]


def hand_written_step(g, d, latent_dim, loss, g_opt, d_opt):
    """The JAX baseline: `step(state, real) -> (logs, state)`, jitted with the state
    donated, written as a JAX user writes a GAN step without kerasgan — `jax.grad`
    over Keras `stateless_call`s, `stateless_apply` for the updates — with the
    maths of `_handwritten.HandWrittenGAN` (the TensorFlow baseline): for
    "wgan-gp" 5 critic updates (fresh latents each, GP weight 10, ε ~ U[0, 1]
    per sample, 1e-12 inside the norm's sqrt), then one generator update; for
    "non-saturating" one update each with the softplus losses."""
    import jax
    import jax.numpy as jnp

    wgan = loss == "wgan-gp"
    d_steps = 5 if wgan else 1
    g_opt.build(g.trainable_variables)
    d_opt.build(d.trainable_variables)

    def values(variables):
        return [v.value for v in variables]

    def critic(d_tr, d_nt, x):
        logits, d_nt = d.stateless_call(d_tr, d_nt, x, training=True)
        return logits.astype(jnp.float32), d_nt

    def d_loss(d_tr, d_nt, g_tr, g_nt, real, key):
        z_key, eps_key = jax.random.split(key)
        z = jax.random.normal(z_key, (real.shape[0], latent_dim))
        fake, g_nt = g.stateless_call(g_tr, g_nt, z, training=True)
        fake_logits, d_nt = critic(d_tr, d_nt, fake)
        real_logits, d_nt = critic(d_tr, d_nt, real)
        if not wgan:
            total = jnp.mean(jax.nn.softplus(-real_logits)) + jnp.mean(jax.nn.softplus(fake_logits))
            return total, (d_nt, g_nt)
        eps = jax.random.uniform(eps_key, (real.shape[0],) + (1,) * (real.ndim - 1))
        x_hat = eps * real + (1.0 - eps) * fake

        def summed(x):
            logits, nt = critic(d_tr, d_nt, x)
            return jnp.sum(logits), nt

        grads, d_nt = jax.grad(summed, has_aux=True)(x_hat)
        norm = jnp.sqrt(jnp.sum(jnp.square(grads), axis=tuple(range(1, grads.ndim))) + 1e-12)
        gp = jnp.mean(jnp.square(norm - 1.0))
        return jnp.mean(fake_logits) - jnp.mean(real_logits) + 10.0 * gp, (d_nt, g_nt)

    def g_loss(g_tr, g_nt, d_tr, d_nt, key, n):
        z = jax.random.normal(key, (n, latent_dim))
        fake, g_nt = g.stateless_call(g_tr, g_nt, z, training=True)
        logits, d_nt = critic(d_tr, d_nt, fake)
        total = -jnp.mean(logits) if wgan else jnp.mean(jax.nn.softplus(-logits))
        return total, (g_nt, d_nt)

    def step(state, real):
        g_tr, g_nt, d_tr, d_nt, g_ov, d_ov, key = state
        for _ in range(d_steps):
            key, sub = jax.random.split(key)
            (dl, (d_nt, g_nt)), grads = jax.value_and_grad(d_loss, has_aux=True)(
                d_tr, d_nt, g_tr, g_nt, real, sub)
            d_tr, d_ov = d_opt.stateless_apply(d_ov, grads, d_tr)
        key, sub = jax.random.split(key)
        (gl, (g_nt, d_nt)), grads = jax.value_and_grad(g_loss, has_aux=True)(
            g_tr, g_nt, d_tr, d_nt, sub, real.shape[0])
        g_tr, g_ov = g_opt.stateless_apply(g_ov, grads, g_tr)
        return {"d_loss": dl, "g_loss": gl}, (g_tr, g_nt, d_tr, d_nt, g_ov, d_ov, key)

    state = (values(g.trainable_variables), values(g.non_trainable_variables),
             values(d.trainable_variables), values(d.non_trainable_variables),
             values(g_opt.variables), values(d_opt.variables), jax.random.PRNGKey(0))
    state = jax.tree_util.tree_map(lambda x: jnp.array(x, copy=True), state)
    return jax.jit(step, donate_argnums=0), state


def _child(spec):
    os.environ["KERAS_BACKEND"] = "jax"
    sys.path.insert(0, ROOT)
    import jax
    import keras

    import kerasgan
    from benchmarks.step_speed import build_setup, clone

    keras.config.set_dtype_policy(spec.get("policy", "float32"))

    g, d, latent_dim, data, optimizers = build_setup(
        spec["setup"], spec["batch"], spec["size"] or 32, spec["base_filters"])
    batch = spec["batch"]
    g_opt, d_opt = optimizers()
    batches = [data[i:i + batch] for i in range(0, len(data) - batch + 1, batch)]
    devices = int(os.environ.get("KERASGAN_BENCH_DEVICES", "1"))  # gpu.sh's 1 -> N rows
    if devices > 1:  # both sides under one DataParallel layout, built after it is set
        parallel = keras.distribution.DataParallel(devices=jax.devices()[:devices])
        keras.distribution.set_distribution(parallel)
        g, d = clone(g), clone(d)
        batches = [keras.distribution.distribute_tensor(b, parallel.get_data_layout(b.shape))
                   for b in batches]
    else:
        batches = [jax.device_put(b) for b in batches]

    def forever():
        while True:
            yield from batches

    iterator = forever()
    if spec.get("kind", "kerasgan") == "hand-written":
        start = time.perf_counter()
        step, state = hand_written_step(g, d, latent_dim, spec["loss"], g_opt, d_opt)
        logs, state = step(state, next(iterator))  # compiles
        jax.block_until_ready(logs)

        def run(steps):
            nonlocal state
            logs = None
            for _ in range(steps):
                logs, state = step(state, next(iterator))
            jax.block_until_ready(logs)
    else:
        gan = kerasgan.GAN(g, d, latent_dim, seed=0)
        gan.compile(g_opt, d_opt, loss=spec["loss"], jit_compile=True)
        start = time.perf_counter()
        gan.fit(data, batch_size=batch, epochs=1, steps_per_epoch=1, verbose=0)  # builds and compiles
        state = gan._get_jax_state(trainable_variables=True, non_trainable_variables=True,
                                   optimizer_variables=True, metrics_variables=True)

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
