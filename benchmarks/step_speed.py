"""Step-speed benchmark: kerasgan's train step vs the same step written by hand.

For each setup (networks × loss × XLA on/off) it builds one kerasgan `GAN` and
one hand-written `tf.GradientTape` model (`benchmarks/_handwritten.py`) on the
*same* networks (cloned, same initial weights), compiles both, then times them
in interleaved repetitions (A, B, B, A, A, B, ...) so that noise from other
processes on the machine hits both sides alike, and prints medians:

    setup                xla  side           ms/step   img/s  compile s  speed vs hand
    dcgan32 wgan-gp b64  off  kerasgan         248.0   258.1        5.3         1.02x
    dcgan32 wgan-gp b64  off  hand-written     252.9   253.1        8.2         1.00x

`speed vs hand` is the hand-written step's time over this side's, at the same
XLA setting (> 1: faster than hand-written), as the median over repetitions of
the ratio of adjacent timings: slow drifts in the machine's load cancel. A step is what `fit` runs per batch: for WGAN-GP, 5
critic updates and one generator update. Both sides are timed through Keras's
own `train_function` (what `fit` calls), on the same in-memory `tf.data` input.

Usage:

    python benchmarks/step_speed.py                      # the default table
    python benchmarks/step_speed.py --setups dcgan --losses wgan-gp --xla on off
    python benchmarks/step_speed.py --scaling            # batch 32→256, size 16→64
    python benchmarks/step_speed.py --torch              # add PyTorch eager rows
    python benchmarks/step_speed.py --jax                # add kerasgan-on-JAX rows
    python benchmarks/step_speed.py --architectures      # a row per models.* builder

`--memory` adds, per side, the peak resident memory of a fresh process that
builds, compiles and runs only that side (`benchmarks/_memory.py`).
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import kerasgan  # noqa: E402
from benchmarks import _memory  # noqa: E402
from benchmarks._handwritten import HandWrittenGAN  # noqa: E402


def build_setup(setup, batch, size, base_filters):
    """Returns `(generator, discriminator, latent_dim, data, optimizer_factory)`."""
    rng = np.random.default_rng(0)
    if setup == "dcgan":
        latent_dim = 128
        g, d = kerasgan.models.dcgan(
            (size, size, 3), latent_dim, base_filters=base_filters, normalization="layer"
        )
        data = rng.uniform(-1, 1, size=(4 * batch, size, size, 3)).astype("float32")

        def optimizers():  # WGAN-GP paper's DCGAN settings
            return keras.optimizers.Adam(1e-4, 0.0, 0.9), keras.optimizers.Adam(1e-4, 0.0, 0.9)

    elif setup == "mlp":
        latent_dim = 2
        g, d = kerasgan.models.mlp(2, latent_dim)
        data, _ = kerasgan.data.sample_mixture("ring", 4 * batch, seed=0)
        data = data.astype("float32")

        def optimizers():  # PacGAN's mixture settings
            return keras.optimizers.Adam(1e-4, beta_1=0.8), keras.optimizers.Adam(1e-4, beta_1=0.8)

    else:
        raise ValueError(f"Unknown setup {setup!r}; choose 'dcgan' or 'mlp'.")
    return g, d, latent_dim, data, optimizers


def clone(model):
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    return copy


def dataset(data, batch):
    ds = tf.data.Dataset.from_tensor_slices(data).repeat().batch(batch, drop_remainder=True)
    return ds.prefetch(tf.data.AUTOTUNE)


class Side:
    """One contestant: a compiled model and its train function over an iterator."""

    def __init__(self, name, make_model, data, batch, warmup):
        self.name = name
        self.times = []
        self.model = make_model()
        self.model.make_train_function()
        self.iterator = iter(dataset(data, batch))
        start = time.perf_counter()
        self.run(warmup)
        self.compile_s = time.perf_counter() - start

    def run(self, steps):
        logs = None
        for _ in range(steps):
            logs = self.model.train_function(self.iterator)
        float(keras.ops.convert_to_numpy(logs["g_loss"]))  # wait for the last step

    def time(self, steps):
        start = time.perf_counter()
        self.run(steps)
        self.times.append((time.perf_counter() - start) / steps)

    @property
    def median_s(self):
        return statistics.median(self.times)


def kerasgan_side(g, d, latent_dim, loss, xla, optimizers):
    def make():
        gan = kerasgan.GAN(g, d, latent_dim, seed=0)
        g_opt, d_opt = optimizers()
        gan.compile(g_opt, d_opt, loss=loss, jit_compile=xla)
        return gan

    return make


def handwritten_side(g, d, latent_dim, loss, xla, optimizers):
    def make():
        model = HandWrittenGAN(clone(g), clone(d), latent_dim, loss=loss)
        g_opt, d_opt = optimizers()
        model.compile(d_opt, g_opt, jit_compile=xla)
        return model

    return make


def interleave(sides, reps, steps):
    """Times every side `reps` times, alternating the order each repetition."""
    for rep in range(reps):
        order = sides if rep % 2 == 0 else sides[::-1]
        for side in order:
            side.time(steps)


def bench(setup, loss, xla, batch, size, args, extra_sides=(), together=False):
    """Builds one setup's sides and times them (unless `together`: timed by the caller)."""
    g, d, latent_dim, data, optimizers = build_setup(setup, batch, size, args.base_filters)
    makers = [] if getattr(args, "jax_only", False) else [
        ("kerasgan", kerasgan_side(g, d, latent_dim, loss, xla, optimizers)),
        ("hand-written", handwritten_side(g, d, latent_dim, loss, xla, optimizers)),
    ]
    sides = [Side(name, make, data, batch, args.warmup) for name, make in makers]
    for make in extra_sides:
        made = make(g, d, latent_dim, loss, data, batch, args, xla)
        sides.extend(made if isinstance(made, list) else [made] if made is not None else [])
    if not together:
        interleave(sides, args.reps, args.steps)
    label = f"{setup}{size if setup == 'dcgan' else ''} {loss} b{batch}"
    return label, sides


HEADER = (
    f"{'setup':<28} {'xla':<4} {'side':<14} {'ms/step':>9} {'img/s':>8} "
    f"{'compile s':>9} {'speed vs hand':>13}"
)


def paired_ratio(side, reference):
    """Median over repetitions of reference_time / side_time (adjacent in time)."""
    return statistics.median(r / t for r, t in zip(reference.times, side.times))


def print_rows(label, xla, sides, batch):
    # The TensorFlow hand-written step is the reference; with --jax-only, the JAX one.
    hand = next(s for s in sides if s.name in ("hand-written", "hand JAX"))
    for side in sides:
        ms = 1000 * side.median_s
        ratio = paired_ratio(side, hand)
        print(
            f"{label:<28} {('on' if xla else 'off'):<4} {side.name:<14} {ms:9.1f} "
            f"{batch / side.median_s:8.1f} {side.compile_s:9.1f} "
            f"{ratio:12.3f}x",
            flush=True,
        )
    jax_sides = {s.name: s for s in sides if s.name in ("kerasgan JAX", "hand JAX")}
    if len(jax_sides) == 2:  # kerasgan's overhead on JAX, against the JAX step written by hand
        ratio = paired_ratio(jax_sides["kerasgan JAX"], jax_sides["hand JAX"])
        print(f"{label:<28} {('on' if xla else 'off'):<4} kerasgan JAX / hand JAX speed {ratio:.3f}x",
              flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setups", nargs="+", default=["dcgan", "mlp"])
    parser.add_argument("--losses", nargs="+", default=["wgan-gp", "non-saturating"])
    parser.add_argument("--xla", nargs="+", default=["on", "off"], choices=["on", "off"])
    parser.add_argument("--batch", type=int, default=None, help="64 for dcgan, 100 for mlp")
    parser.add_argument("--size", type=int, default=32, help="DCGAN image size")
    parser.add_argument("--base-filters", type=int, default=32)
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--steps", type=int, default=2, help="steps per timed repetition")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--scaling", action="store_true", help="batch and resolution rows")
    parser.add_argument("--torch", action="store_true", help="add PyTorch eager rows")
    parser.add_argument("--jax", action="store_true",
                        help="add kerasgan-on-JAX rows (XLA rows; a child process per setup)")
    parser.add_argument("--jax-only", action="store_true",
                        help="only the two JAX sides (kerasgan, hand-written jax.grad step)")
    parser.add_argument("--memory", action="store_true", help="peak memory per side")
    parser.add_argument("--architectures", action="store_true",
                        help="one kerasgan row per models.* builder (uses --size, --batch, --xla)")
    parser.add_argument("--policy", default="float32", help="Keras dtype policy, e.g. mixed_bfloat16")
    args = parser.parse_args(argv)

    extra = []
    if args.jax or args.jax_only:
        from benchmarks import _jax_side

        extra.append(_jax_side.side)
    if args.torch:
        from benchmarks import _torch_eager

        extra.append(_torch_eager.side)

    keras.config.set_dtype_policy(args.policy)
    print(describe_machine() + f"; policy {args.policy}")
    if args.architectures:
        from benchmarks import _architectures

        return _architectures.run(args, Side)
    print(HEADER)
    runs = []
    for setup in args.setups:
        batch = args.batch or (64 if setup == "dcgan" else 100)
        for loss in args.losses:
            for xla in args.xla:
                runs.append((setup, loss, xla == "on", batch, args.size))
    if args.scaling:
        return scaling(args, extra)
    for setup, loss, xla, batch, size in runs:
        label, sides = bench(setup, loss, xla, batch, size, args, extra)
        print_rows(label, xla, sides, batch)
        for side in sides:
            getattr(side, "close", lambda: None)()
        keras.backend.clear_session()
        if args.memory:
            print_memory(sides, setup, loss, xla, batch, size, args)


def scaling(args, extra):
    """Batch 32→256 at 32×32 and size 16→64 at batch 64, all sides interleaved.

    Every configuration's sides are built first and then timed in one
    round-robin, so that the load of the machine is the same for every row and
    the growth of step time with batch and resolution is read off one run.
    """
    loss, xla = args.losses[0], args.xla[0] == "on"
    runs = [("dcgan", loss, xla, b, 32) for b in (32, 64, 128, 256)]
    runs += [("dcgan", loss, xla, 64, s) for s in (16, 64)]
    built = [(run, *bench(*run, args, extra, together=True)) for run in runs]
    interleave([side for _, _, sides in built for side in sides], args.reps, args.steps)
    base = built[1][2][0].median_s  # kerasgan at batch 64, 32×32
    for (setup, loss, xla, batch, size), label, sides in built:
        print_rows(label, xla, sides, batch)
        print(f"{'':<28} {'':<4} kerasgan time relative to b64 32x32: "
              f"{sides[0].median_s / base:.2f}", flush=True)
        if args.memory:
            print_memory(sides, setup, loss, xla, batch, size, args)


def print_memory(sides, setup, loss, xla, batch, size, args):
    for side in sides:
        base, peak = _memory.measure(side.name, setup, loss, xla, batch, size, args.base_filters)
        print(f"{'':<28} {'':<4} {side.name:<14} peak RSS {peak:7.0f} MiB "
              f"(+{peak - base:.0f} MiB over the imported runtime)", flush=True)


def describe_machine():
    cpus = os.cpu_count()
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if "model name" in line)
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"# {model}, {cpus} cores, load {load:.1f}; TensorFlow {tf.__version__}, "
        f"Keras {keras.__version__}, kerasgan {getattr(kerasgan, '__version__', '?')}; "
        f"GPUs: {len(tf.config.list_physical_devices('GPU'))}"
    )


if __name__ == "__main__":
    main()
