"""Mode coverage of GAN objectives on the 2-D ring and grid (PacGAN protocol).

Trains each preset on "ring" (8 modes, σ = 0.01) and "grid" (25 modes, σ = 0.05)
with the PacGAN/VEEGAN settings — 2-D N(0, I) latent, G with 4×400 ReLU
(batch-normalized) layers, D with 3×200 maxout layers, batch 100, Adam(1e-4,
β1 = 0.8), 2,500 evaluation samples — over several seeds, and prints modes /
high-quality % / reverse KL per preset next to the published PacGAN and VEEGAN
rows. It prints; it does not assert.

    python benchmarks/mixture_quality.py --quick             # short run
    python benchmarks/mixture_quality.py --presets hinge wgan-gp --steps 20000 --seeds 10
    python benchmarks/mixture_quality.py --stabilizers                # the stabilizer rows
    python benchmarks/mixture_quality.py --stabilizers "ns + Pack(2)" --presets non-saturating

Other benchmarks add rows with `run` and `CONFIGS`:

    from benchmarks.mixture_quality import CONFIGS, run, format_table
    result = run("ring", lambda: kerasgan.Objective("non-saturating", [MyStabilizer()]))
"""

import argparse
import math
import os
import platform
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import keras  # noqa: E402

import kerasgan  # noqa: E402

#: Benchmark name -> dataset and metric (PacGAN Sec. 5.1 / VEEGAN Sec. 5.1).
CONFIGS = {
    "ring": {"dataset": "ring", "metric": kerasgan.metrics.MixtureCoverage.ring},
    "grid": {"dataset": "grid", "metric": kerasgan.metrics.MixtureCoverage.grid},
}

#: Protocol settings shared by every run (REFERENCE-NUMBERS.md).
PROTOCOL = {
    "latent_dim": 2,
    "batch_size": 100,
    "learning_rate": 1e-4,
    "beta_1": 0.8,
    "eval_samples": 2500,
}

#: Objectives whose discriminator must be an autoencoder returning energies.
AUTOENCODER_PRESETS = {"ebgan": "mse", "began": "l1"}

#: Published rows: (source, name, modes, HQ %, reverse KL) per benchmark; None = not reported.
PUBLISHED = {
    "ring": [
        ("PacGAN T1", "GAN", "6.3 ± 0.5", "98.2 ± 0.2", "0.45 ± 0.09"),
        ("PacGAN T1", "ALI", "6.6 ± 0.3", "97.6 ± 0.4", "0.36 ± 0.04"),
        ("PacGAN T1", "PacGAN2", "7.9 ± 0.1", "95.6 ± 2.0", "0.07 ± 0.03"),
        ("PacGAN T1", "PacGAN3", "7.8 ± 0.1", "97.7 ± 0.3", "0.10 ± 0.02"),
        ("PacGAN T1", "PacGAN4", "7.8 ± 0.1", "95.9 ± 1.4", "0.07 ± 0.02"),
        ("VEEGAN T1", "GAN", "1", "99.3", None),
        ("VEEGAN T1", "ALI", "2.8", "0.13", None),
        ("VEEGAN T1", "Unrolled GAN", "7.6", "35.6", None),
        ("VEEGAN T1", "VEEGAN", "8", "52.9", None),
    ],
    "grid": [
        ("PacGAN T1", "GAN", "17.3 ± 0.8", "94.8 ± 0.7", "0.70 ± 0.07"),
        ("PacGAN T1", "ALI", "24.1 ± 0.4", "95.7 ± 0.6", "0.14 ± 0.03"),
        ("PacGAN T1", "PacGAN2", "23.8 ± 0.7", "91.3 ± 0.8", "0.13 ± 0.04"),
        ("PacGAN T1", "PacGAN3", "24.6 ± 0.4", "94.2 ± 0.4", "0.06 ± 0.02"),
        ("PacGAN T1", "PacGAN4", "24.8 ± 0.2", "93.6 ± 0.6", "0.04 ± 0.01"),
        ("VEEGAN T1", "GAN", "3.3", "0.5", None),
        ("VEEGAN T1", "ALI", "15.8", "1.6", None),
        ("VEEGAN T1", "Unrolled GAN", "23.6", "16", None),
        ("VEEGAN T1", "VEEGAN", "24.6", "40", None),
    ],
}


class _Energy(keras.layers.Layer):
    def __init__(self, kind, **kwargs):
        super().__init__(**kwargs)
        self.kind = kind

    def call(self, inputs):
        x, r = inputs
        err = keras.ops.abs(x - r)
        err = keras.ops.square(err) if self.kind == "mse" else err
        return keras.ops.mean(err, axis=-1, keepdims=True)


def autoencoder_discriminator(energy="mse", units=200, code_dim=32):
    """An MLP autoencoder discriminator: kerasgan.models' when present, else a local one."""
    builder = getattr(kerasgan.models, "autoencoder_discriminator", None)
    if builder is not None:
        return builder(2, code_dim=code_dim, hidden_units=(units, units), energy=energy)
    x = keras.Input((2,))
    h = keras.layers.Dense(units, activation="relu")(x)
    code = keras.layers.Dense(code_dim)(keras.layers.Dense(units, activation="relu")(h))
    h = keras.layers.Dense(units, activation="relu")(code)
    recon = keras.layers.Dense(2)(keras.layers.Dense(units, activation="relu")(h))
    logits = _Energy(energy)([x, recon])
    return keras.Model(x, {"logits": logits, "features": code, "aux": recon})


def default_networks(objective):
    """The protocol's MLP pair; an autoencoder D for energy-based objectives."""
    generator, discriminator = kerasgan.models.mlp(2, PROTOCOL["latent_dim"])
    loss = objective.loss
    if isinstance(loss, (kerasgan.losses.EBGANLoss, kerasgan.losses.BEGANLoss)):
        energy = "l1" if isinstance(loss, kerasgan.losses.BEGANLoss) else "mse"
        discriminator = autoencoder_discriminator(energy)
    return generator, discriminator


def _mbd_networks(objective):
    """The protocol's MLPs with minibatch discrimination (Salimans 2016, Sec. 3.2)
    before the critic's last layer: 50 kernels of dimension 5."""
    generator, discriminator = kerasgan.models.mlp(2, PROTOCOL["latent_dim"])
    hidden = discriminator.layers[-2].output
    mixed = kerasgan.layers.MinibatchDiscrimination(50, 5)(hidden)
    logits = keras.layers.Dense(1, name="mbd_logits")(mixed)
    return generator, keras.Model(discriminator.inputs, logits, name="mlp_mbd_discriminator")


def _feature_networks(objective):
    return kerasgan.models.mlp(2, PROTOCOL["latent_dim"], return_features=True)


def _packed_networks(pack):
    def networks(objective):
        return kerasgan.models.mlp(2, PROTOCOL["latent_dim"], pack=pack)

    return networks


def _stabilizers():
    """Stabilizer rows (issue 4): name -> (objective factory, networks factory, batch size).

    Each adds one technique to the non-saturating GAN under the same protocol.
    """
    R = kerasgan.regularizers

    def ns(*regularizers):
        # Called once per run: fresh regularizer objects each time.
        return lambda: kerasgan.Objective("non-saturating", [type(r).from_config(r.get_config()) for r in regularizers])

    rows = {
        "ns + R1(0.1)": (ns(R.R1Penalty(0.1)), None, None),
        "ns + minibatch discrimination": (ns(), _mbd_networks, None),
        "ns + feature matching": (ns(R.FeatureMatching(1.0)), _feature_networks, None),
        "ns + unrolled D (5)": (ns(R.UnrolledDiscriminator(5)), None, None),
        "ns + consensus (γ=1)": (ns(R.ConsensusOptimization(1.0)), None, None),
    }
    for pack in (2, 3, 4):
        rows[f"ns + Pack({pack})"] = (ns(), _packed_networks(pack), 99 if pack == 3 else None)
    return rows


#: Stabilizer rows; "wgan-gp" and plain "non-saturating" are preset rows.
STABILIZERS = _stabilizers()


def run(config_name, objective_factory, *, seed=0, steps=5000, networks_factory=None,
        jit_compile=True, steps_per_execution=50, batch_size=None):
    """Trains one GAN under the protocol and returns its coverage figures.

    Args:
        config_name: A key of `CONFIGS` ("ring" or "grid").
        objective_factory: A callable returning a preset name, a `GANLoss` or an
            `Objective` (called once per run, so state is never shared).
        seed: Seed of the data, the weights and the training randomness.
        steps: Generator updates.
        networks_factory: `objective -> (generator, discriminator)`. Defaults to
            `default_networks` (the protocol's MLPs).
        jit_compile: Passed to `GAN.compile`. Defaults to True.
        steps_per_execution: Passed to `GAN.compile` (a divisor of `steps`
            keeps the step count exact). Defaults to 50.
        batch_size: Defaults to the protocol's 100 (Pack(3) rows use 99: the
            batch must divide into packs).

    Returns:
        A dict with `modes`, `high_quality` (fraction), `reverse_kl`, `seconds`.
    """
    if config_name not in CONFIGS:
        raise ValueError(f"`config_name` must be one of {sorted(CONFIGS)}. "
                         f"Received: config_name={config_name!r}")
    config = CONFIGS[config_name]
    keras.utils.set_random_seed(seed)
    objective = kerasgan.objective.get(objective_factory())
    generator, discriminator = (networks_factory or default_networks)(objective)
    gan = kerasgan.GAN(generator, discriminator, seed=seed)
    lr, beta_1 = PROTOCOL["learning_rate"], PROTOCOL["beta_1"]
    gan.compile(keras.optimizers.Adam(lr, beta_1), keras.optimizers.Adam(lr, beta_1),
                loss=objective, jit_compile=jit_compile,
                steps_per_execution=math.gcd(steps, steps_per_execution))
    data = kerasgan.data.load(config["dataset"], batch_size=batch_size or PROTOCOL["batch_size"],
                              seed=seed, repeat=True)
    start = time.perf_counter()
    gan.fit(data, epochs=1, steps_per_epoch=steps, verbose=0)
    seconds = time.perf_counter() - start
    metric = config["metric"]()
    metric.update_state(gan.generate(PROTOCOL["eval_samples"], seed=seed))
    result = metric.result()
    return {
        "modes": result["modes"],
        "high_quality": result["high_quality"],
        "reverse_kl": result["reverse_kl"],
        "seconds": seconds,
    }


def _mean_std(values, scale=1.0, digits=1):
    values = np.asarray(values, dtype=float) * scale
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return "nan"
    text = f"{finite.mean():.{digits}f} ± {finite.std():.{digits}f}"
    return text if finite.size == values.size else f"{text} ({values.size - finite.size} nan)"


def summarize(results):
    """`[run() dicts]` -> (modes, HQ %, reverse KL) as "mean ± std" strings."""
    return (
        _mean_std([r["modes"] for r in results]),
        _mean_std([r["high_quality"] for r in results], 100.0),
        _mean_std([r["reverse_kl"] for r in results], digits=2),
    )


def format_table(rows, config_names=("ring", "grid"), published=True):
    """Markdown table. `rows`: {name: {config_name: [run() dicts]}}."""
    header = ["objective"] + [f"{c} {k}" for c in config_names for k in ("modes", "HQ %", "rev-KL")]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, by_config in rows.items():
        cells = [f"`{name}` (measured)"]
        for c in config_names:
            cells.extend(summarize(by_config[c]) if by_config.get(c) else ("–",) * 3)
        lines.append("| " + " | ".join(cells) + " |")
    if published:
        for i, (source, name, *_rest) in enumerate(PUBLISHED[config_names[0]]):
            cells = [f"{name} ({source}, published)"]
            for c in config_names:
                cells.extend(v or "–" for v in PUBLISHED[c][i][2:])
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="short run: 1000 steps, 2 seeds")
    parser.add_argument("--presets", nargs="*", default=None, help="default: every preset")
    parser.add_argument("--stabilizers", nargs="*", default=None,
                        help="stabilizer rows to add (no names: all of them): "
                        + ", ".join(repr(k) for k in STABILIZERS))
    parser.add_argument("--configs", nargs="*", default=list(CONFIGS))
    parser.add_argument("--steps", type=int, default=None, help="default 5000 (quick: 1000)")
    parser.add_argument("--seeds", type=int, default=None, help="default 5 (quick: 2)")
    args = parser.parse_args(argv)
    steps = args.steps or (1000 if args.quick else 5000)
    seeds = args.seeds or (2 if args.quick else 5)
    if args.presets is None:
        presets = [] if args.stabilizers is not None else sorted(kerasgan.PRESETS)
    else:
        presets = args.presets or sorted(kerasgan.PRESETS)
    unknown = sorted(set(args.stabilizers or ()) - set(STABILIZERS))
    if unknown:
        parser.error(f"--stabilizers: unknown rows {unknown}; choose from {sorted(STABILIZERS)}")
    stabilizers = [] if args.stabilizers is None else (args.stabilizers or list(STABILIZERS))
    jobs = [(p, (lambda p=p: p), None, None) for p in presets]
    jobs += [(name, *STABILIZERS[name]) for name in stabilizers]
    rows = {}
    total = time.perf_counter()
    for name, objective_factory, networks_factory, batch_size in jobs:
        rows[name] = {}
        for config_name in args.configs:
            results = [
                run(config_name, objective_factory, seed=s, steps=steps,
                    networks_factory=networks_factory, batch_size=batch_size)
                for s in range(seeds)
            ]
            rows[name][config_name] = results
            modes, hq, kl = summarize(results)
            print(f"{name:30s} {config_name}: modes {modes}, HQ {hq} %, rev-KL {kl} "
                  f"({np.mean([r['seconds'] for r in results]):.0f} s/run)", flush=True)
    print()
    print(f"Settings: {steps} generator steps, {seeds} seeds, batch {PROTOCOL['batch_size']}, "
          f"Adam({PROTOCOL['learning_rate']}, beta_1={PROTOCOL['beta_1']}), "
          f"{PROTOCOL['eval_samples']} samples; keras {keras.__version__} "
          f"({keras.backend.backend()}), {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs; {math.ceil(time.perf_counter() - total)} s in all.")
    print(format_table(rows, tuple(args.configs)))
    return rows


if __name__ == "__main__":
    main()
