"""Makes the documentation's figures from real, short training runs (`make docs-figures`).

    python scripts/docs_figures.py [--out docs/img] [--work build/docs_figures] [--only demo,mixtures,conditional]

Every picture comes from a run this script starts with a fixed seed, on the CPU:

- `demo`: the `make demo` command itself (`kerasgan train`, WGAN-GP with the DCGAN
  networks on the bundled digits at 16×16, 30 epochs; only `--no-export` and
  `--progress epoch` added). Its last sample grid becomes `demo_grid.png` (home page,
  README) and its `history.csv` the loss curves `demo_losses.png`.
- `mixtures`: four losses (non-saturating, hinge, LSGAN, WGAN-GP) on the 8-Gaussian
  ring and the 25-Gaussian grid with the same MLPs, optimizers (one learning rate per
  mixture) and generator steps.
  The final samples with the real modes give `losses_ring.png` / `losses_grid.png`
  (losses page); `kerasgan.metrics.MixtureCoverage`, measured along the runs, gives
  `evaluation_coverage.png` (evaluation page).
- `conditional`: `examples/conditional_digits.py` (the `make conditional-digits` run,
  30 epochs). Its class grid becomes `conditioning_classes.png`; the saved GAN, walked
  between two fixed latents with each class held, `conditioning_interpolation.png`.

The measured figures (sample quality, coverage, wall times) are written to
`<out>/figures.json`, the numbers the captions of the docs quote. Needs matplotlib and
Pillow (`pip install -e ".[plots]"`). Measured: 5.5 minutes wall time (7.4 minutes of
CPU time) on a shared 2-core machine; the runs are deterministic (a second run rewrote the
same training history and coverage figures).
"""

import argparse
import csv
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The demo of the Makefile (`make demo`), flag for flag.
DEMO_ARGS = ["--data", "digits", "--image-size", "16", "--model", "dcgan", "--loss", "wgan-gp",
             "--epochs", "30", "--batch-size", "32", "--lr", "2e-4", "--beta1", "0.5",
             "--beta2", "0.9", "--base-filters", "32"]
CONDITIONAL_EPOCHS = 30
MIXTURE_LOSSES = ("non-saturating", "hinge", "lsgan", "wgan-gp")
MIXTURE_STEPS = 3000       # generator steps of every mixture run
MIXTURE_EVAL_EVERY = 250   # MixtureCoverage measured every this many generator steps
MIXTURE_SEED = 1
# Generator learning rate per mixture (the critic's is 4x, TTUR). The ring's is the one of
# tests/test_behaviour_ring.py; at 5e-4 its samples oscillate around the circle (measured:
# 7/8 modes, 24% within 3 sigma after 3,000 non-saturating steps). The grid is 4x wider and
# at 1e-4 stays below 5% within 3 sigma after 3,000 steps for every loss; at 5e-4 the
# non-saturating loss reaches 40%.
MIXTURE_LR = {"ring": 1e-4, "grid": 5e-4}
SIZE_CAP = 150_000         # bytes per PNG (tests/test_docs_figures.py checks it)
LOSS_COLORS = {"non-saturating": "#1f77b4", "hinge": "#ff7f0e", "lsgan": "#2ca02c", "wgan-gp": "#d62728"}


def _rel(path):
    return os.path.relpath(path, ROOT)


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 9, "axes.titlesize": 9, "figure.dpi": 100, "figure.constrained_layout.use": True,
                         "savefig.dpi": 100, "axes.grid": True, "grid.alpha": 0.3})
    return plt


def _save_png(picture, path, *, colors=128):
    """Writes a PIL image as a palette PNG (small files), returns its size in bytes."""
    from PIL import Image

    if picture.mode not in ("L", "P"):
        picture = picture.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT)
    picture.save(path, optimize=True)
    size = os.path.getsize(path)
    if size > SIZE_CAP:
        raise RuntimeError(f"{path} is {size} bytes, over the {SIZE_CAP}-byte cap: make it smaller.")
    print(f"wrote {path} ({size / 1000:.1f} kB)")
    return size


def _save_figure(fig, path):
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    _plt().close(fig)
    buffer.seek(0)
    return _save_png(Image.open(buffer), path)


def _enlarged(path, width=560):
    """The grid PNG at `path`, enlarged by the integer factor that brings it nearest `width` pixels."""
    from PIL import Image

    picture = Image.open(path).convert("L")
    scale = max(1, round(width / picture.width))
    return picture.resize((picture.width * scale, picture.height * scale), Image.Resampling.NEAREST)


# ----------------------------------------------------------------------------- demo

def demo(out, work, facts, reuse=False):
    run = os.path.join(work, "demo")
    seconds = facts.get("demo", {}).get("train_seconds")
    if not (reuse and os.path.exists(os.path.join(run, "gan.keras"))):
        shutil.rmtree(run, ignore_errors=True)  # a fresh run, never a resumed one
        command = [sys.executable, "-m", "kerasgan_cli", "train", *DEMO_ARGS, "--out", run,
                   "--no-export", "--progress", "epoch"]
        start = time.time()
        subprocess.run(command, check=True, cwd=ROOT)
        seconds = time.time() - start

    import keras

    import kerasgan

    epochs = int(DEMO_ARGS[DEMO_ARGS.index("--epochs") + 1])
    grid = os.path.join(run, "grids", f"epoch_{epochs:04d}.png")
    sizes = {"demo_grid.png": _save_png(_enlarged(grid), os.path.join(out, "demo_grid.png"))}

    with open(os.path.join(run, "history.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    epoch = [int(r["epoch"]) + 1 for r in rows]
    plt = _plt()
    fig, (ax, ax_gp) = plt.subplots(1, 2, figsize=(7.5, 2.6))
    ax.plot(epoch, [float(r["d_loss"]) for r in rows], "o-", ms=3, label="D loss (critic)")
    ax.plot(epoch, [float(r["g_loss"]) for r in rows], "s-", ms=3, label="G loss")
    ax.axhline(0.0, color="k", lw=0.6)
    ax.set_xlabel("epoch (56 generator steps, 280 critic steps)")
    ax.set_ylabel("mean loss over the epoch")
    ax.set_title("WGAN-GP losses, make demo")
    ax.legend(frameon=False)
    ax_gp.plot(epoch, [float(r["d/gradient_penalty"]) for r in rows], "o-", ms=3, color="#7f7f7f")
    ax_gp.set_xlabel("epoch")
    ax_gp.set_ylabel("E[(‖∇D‖ − 1)²]")
    ax_gp.set_title("gradient penalty term (unweighted)")
    sizes["demo_losses.png"] = _save_figure(fig, os.path.join(out, "demo_losses.png"))

    gan = keras.models.load_model(os.path.join(run, "gan.keras"))
    quality = kerasgan.metrics.digits_quality(gan.generate(1000, seed=0))
    facts["demo"] = {
        "command": "kerasgan train " + " ".join(DEMO_ARGS) + f" --out {_rel(run)} --no-export --progress epoch",
        "seed": 0, "epochs": epochs, "train_seconds": seconds and round(seconds, 1),
        "final_d_loss": float(rows[-1]["d_loss"]), "final_g_loss": float(rows[-1]["g_loss"]),
        "quality_1000_samples": {k: round(v, 4) if isinstance(v, float) else v for k, v in quality.items()},
        "sizes": sizes,
    }


# ------------------------------------------------------------------------- mixtures

def _mixture_gan(loss, seed, lr):
    import keras

    import kerasgan

    keras.utils.set_random_seed(seed)
    generator, discriminator = kerasgan.models.mlp(
        2, 2, hidden_units=(128, 128, 128), discriminator_units=(128, 128, 128),
        batch_norm=False, discriminator_activation="relu",
    )
    gan = kerasgan.GAN(generator, discriminator, seed=seed)
    # The settings of tests/test_behaviour_ring.py (beta_1 = 0, a critic 4x faster: TTUR),
    # for every loss alike, at a constant learning rate.
    gan.compile(keras.optimizers.Adam(lr, beta_1=0.0, beta_2=0.9),
                keras.optimizers.Adam(4 * lr, beta_1=0.0, beta_2=0.9),
                loss=loss, steps_per_execution=50)
    return gan


def _coverage_metric(name):
    import kerasgan

    return kerasgan.metrics.MixtureCoverage.ring() if name == "ring" else kerasgan.metrics.MixtureCoverage.grid()


def _train_mixture(name, loss, work, reuse):
    import keras
    import numpy as np

    import kerasgan

    cache = os.path.join(work, "mixtures", f"{name}_{loss}")
    if reuse and os.path.exists(cache + ".json"):
        with open(cache + ".json") as f:
            saved = json.load(f)
        return np.load(cache + ".npy"), saved["curve"], saved["seconds"]

    gan = _mixture_gan(loss, MIXTURE_SEED, MIXTURE_LR[name])
    curve = []

    class Coverage(keras.callbacks.Callback):
        def _measure(self, step):
            metric = _coverage_metric(name)
            metric.update_state(gan.generate(2500, seed=0))
            r = metric.result()
            curve.append({"step": step, "modes": int(r["modes"]), "high_quality": float(r["high_quality"]),
                          "reverse_kl": float(r["reverse_kl"])})

        def on_train_begin(self, logs=None):
            self._measure(0)

        def on_epoch_end(self, epoch, logs=None):
            self._measure((epoch + 1) * MIXTURE_EVAL_EVERY)

    data = kerasgan.data.load(name, batch_size=128, seed=MIXTURE_SEED, repeat=True)
    start = time.time()
    gan.fit(data, steps_per_epoch=MIXTURE_EVAL_EVERY, epochs=MIXTURE_STEPS // MIXTURE_EVAL_EVERY,
            verbose=0, callbacks=[Coverage()])
    seconds = time.time() - start
    samples = np.asarray(gan.generate(2500, seed=0))
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    np.save(cache + ".npy", samples)
    with open(cache + ".json", "w") as f:
        json.dump({"curve": curve, "seconds": seconds}, f)
    return samples, curve, seconds


def _scatter_figure(name, results, path):
    import numpy as np

    import kerasgan

    plt = _plt()
    centers = kerasgan.data.mixture_centers(name)
    extent = 1.5 if name == "ring" else 5.5
    fig, axes = plt.subplots(1, len(results), figsize=(2.3 * len(results), 2.6), sharey=True)
    for ax, (loss, (samples, curve, _)) in zip(axes, results.items()):
        inside = np.all(np.abs(samples) < extent, axis=1)
        ax.scatter(samples[inside, 0], samples[inside, 1], s=1.5, alpha=0.35, color=LOSS_COLORS[loss],
                   linewidths=0, rasterized=True)
        ax.scatter(centers[:, 0], centers[:, 1], s=40, marker="+", color="k", linewidths=1.0,
                   label="real modes")
        last = curve[-1]
        ax.set_title(f"{loss}\n{last['modes']}/{len(centers)} modes, {100 * last['high_quality']:.0f}% within 3σ")
        ax.set_xlim(-extent, extent)
        ax.set_ylim(-extent, extent)
        ax.set_aspect("equal")
        ax.set_xlabel("x₁")
        off = int((~inside).sum())
        if off:
            ax.text(0.02, 0.02, f"{off} outside", transform=ax.transAxes, fontsize=7)
    axes[0].set_ylabel("x₂")
    axes[0].legend(loc="upper right", frameon=False, fontsize=7, handletextpad=0.1)
    return _save_figure(fig, path)


def _coverage_figure(curves, path):
    plt = _plt()
    fig, axes = plt.subplots(2, 2, figsize=(7.5, 4.6), sharex=True)
    for row, name in enumerate(("ring", "grid")):
        total = 8 if name == "ring" else 25
        for loss, curve in curves[name].items():
            steps = [c["step"] for c in curve]
            axes[row, 0].plot(steps, [c["modes"] for c in curve], "o-", ms=2.5, color=LOSS_COLORS[loss], label=loss)
            axes[row, 1].plot(steps, [100 * c["high_quality"] for c in curve], "o-", ms=2.5,
                              color=LOSS_COLORS[loss], label=loss)
        axes[row, 0].axhline(total, color="k", lw=0.6, ls="--")
        axes[row, 0].set_ylim(-0.5, total + 1)
        axes[row, 0].set_ylabel(f"{name}: modes covered (of {total})")
        axes[row, 1].set_ylim(0, 100)
        axes[row, 1].set_ylabel(f"{name}: % within 3σ of a mode")
    for ax in axes[1]:
        ax.set_xlabel("generator steps")
    axes[0, 1].legend(frameon=False, fontsize=7)
    fig.suptitle("MixtureCoverage of 2,500 samples (seed 0) along each run", fontsize=9)
    return _save_figure(fig, path)


def mixtures(out, work, facts, reuse=False):
    results = {}
    for name in ("ring", "grid"):
        results[name] = {}
        for loss in MIXTURE_LOSSES:
            results[name][loss] = _train_mixture(name, loss, work, reuse)
            samples, curve, seconds = results[name][loss]
            print(f"{name} {loss}: {curve[-1]} ({seconds:.0f} s)")
    sizes = {
        "losses_ring.png": _scatter_figure("ring", results["ring"], os.path.join(out, "losses_ring.png")),
        "losses_grid.png": _scatter_figure("grid", results["grid"], os.path.join(out, "losses_grid.png")),
        "evaluation_coverage.png": _coverage_figure(
            {name: {loss: r[1] for loss, r in runs.items()} for name, runs in results.items()},
            os.path.join(out, "evaluation_coverage.png")),
    }
    facts["mixtures"] = {
        "networks": "kerasgan.models.mlp(2, 2, hidden_units=(128,)*3, discriminator_units=(128,)*3, "
                    "batch_norm=False, discriminator_activation='relu')",
        "optimizers": {name: f"G Adam({lr:g}, beta_1=0, beta_2=0.9), D Adam({4 * lr:g}, beta_1=0, beta_2=0.9)"
                       for name, lr in MIXTURE_LR.items()},
        "batch_size": 128, "generator_steps": MIXTURE_STEPS, "seed": MIXTURE_SEED,
        "final": {name: {loss: {**r[1][-1], "train_seconds": round(r[2], 1)} for loss, r in runs.items()}
                  for name, runs in results.items()},
        "sizes": sizes,
    }


# ---------------------------------------------------------------------- conditional

def conditional(out, work, facts, reuse=False):
    run = os.path.join(work, "conditional")
    seconds = facts.get("conditional", {}).get("train_seconds")
    if not (reuse and os.path.exists(os.path.join(run, "gan.keras"))):
        shutil.rmtree(run, ignore_errors=True)
        start = time.time()
        subprocess.run([sys.executable, os.path.join(ROOT, "examples", "conditional_digits.py"),
                        "--epochs", str(CONDITIONAL_EPOCHS), "--out", run], check=True, cwd=ROOT)
        seconds = time.time() - start

    import keras
    import numpy as np

    import kerasgan
    from kerasgan.callbacks import images

    sizes = {"conditioning_classes.png": _save_png(_enlarged(os.path.join(run, "digits_by_class.png")),
                                                   os.path.join(out, "conditioning_classes.png"))}
    gan = keras.models.load_model(os.path.join(run, "gan.keras"))
    steps, classes = 10, gan.num_classes
    ends = keras.ops.convert_to_numpy(gan.prior.sample(2, seed=3))
    path = kerasgan.latent.interpolate(ends[0], ends[1], steps)                  # (steps, dim)
    z = np.tile(path, (classes, 1))                                              # row k: class k
    labels = np.repeat(np.arange(classes, dtype="int32"), steps)
    generator = gan.sampling_generator()
    walks = keras.ops.convert_to_numpy(generator([z, labels], training=False))
    scale, pad = 3, 4
    grid = images.image_grid(images.to_uint8(walks), columns=steps, scale=scale, padding=pad)
    plt = _plt()
    tile = scale * walks.shape[1]
    centre = [pad + k * (tile + pad) + tile / 2 - 0.5 for k in range(max(classes, steps))]
    fig, ax = plt.subplots(figsize=(6.0, 6.0))
    ax.imshow(grid[..., 0], cmap="gray", interpolation="nearest", vmin=0, vmax=255)
    ax.grid(False)
    ax.set_yticks(centre[:classes], [str(k) for k in range(classes)])
    ax.set_xticks([centre[0], centre[steps - 1]], ["z₀", "z₁"])
    ax.set_ylabel("label given to G")
    ax.set_xlabel("spherical interpolation z₀ → z₁ (the same path on every row)")
    ax.tick_params(length=0)
    sizes["conditioning_interpolation.png"] = _save_figure(fig, os.path.join(out, "conditioning_interpolation.png"))

    # How often the bundled digits classifier reads the label that G was given.
    classifier = kerasgan.metrics.digits_classifier()
    n = 100
    class_labels = np.repeat(np.arange(classes, dtype="int32"), n)
    samples = gan.generate(len(class_labels), labels=class_labels, seed=0)
    agree = float((np.asarray(classifier.predict(samples, verbose=0)).argmax(axis=1) == class_labels).mean())
    walk_agree = float((np.asarray(classifier.predict(walks, verbose=0)).argmax(axis=1) == labels).mean())
    facts["conditional"] = {
        "command": f"python examples/conditional_digits.py --epochs {CONDITIONAL_EPOCHS} --out {_rel(run)}",
        "seed": 0, "epochs": CONDITIONAL_EPOCHS, "train_seconds": seconds and round(seconds, 1),
        "label_agreement_1000_samples": round(agree, 4), "label_agreement_interpolation": round(walk_agree, 4),
        "interpolation_endpoint_seed": 3, "sizes": sizes,
    }


FIGURES = {"demo": demo, "mixtures": mixtures, "conditional": conditional}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "img"), help="where the PNGs go")
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "docs_figures"),
                        help="run folders (deleted and made afresh unless --reuse)")
    parser.add_argument("--reuse", action="store_true",
                        help="redraw the figures from the runs already in --work (no training)")
    parser.add_argument("--only", default=",".join(FIGURES), help=f"comma-separated subset of {', '.join(FIGURES)}")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(FIGURES))
    if unknown or not chosen:
        parser.error(f"--only must name some of {', '.join(FIGURES)}. Received: --only {args.only}")
    missing = [name for name in ("matplotlib", "PIL") if importlib.util.find_spec(name) is None]
    if missing:
        parser.error(f"{', '.join(missing)} not installed: install the plots extra first, "
                     "`pip install -e \".[plots]\"` (or run `make docs-figures`).")
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.work, exist_ok=True)
    facts_path = os.path.join(args.out, "figures.json")
    facts = {}
    if os.path.exists(facts_path):
        with open(facts_path) as f:
            facts = json.load(f)
    for name in chosen:
        start = time.time()
        previous = facts.get(name, {}).get("wall_seconds")
        FIGURES[name](args.out, args.work, facts, reuse=args.reuse)
        # With --reuse nothing was trained: keep the wall time of the run that made the figures.
        facts[name]["wall_seconds"] = previous if args.reuse else round(time.time() - start, 1)
        with open(facts_path, "w") as f:
            json.dump(facts, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{name}: done in {time.time() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
