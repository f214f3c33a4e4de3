"""What each `kerasgan` sub-command does (argument parsing lives in cli.py)."""

import os

import numpy as np

from kerasgan._cli_config import PENALIZED


def _element_shape(dataset):
    spec = dataset.element_spec
    x_spec = spec[0] if isinstance(spec, tuple) else spec
    return tuple(x_spec.shape[1:])


def _resolve_defaults(args, sample_shape):
    """Fills in the defaults that depend on the data (so the recorded config is explicit)."""
    if args.model is None:
        args.model = "mlp" if len(sample_shape) == 1 else "dcgan"
    if args.latent_dim is None:
        args.latent_dim = 2 if len(sample_shape) == 1 else 64


def _build_gan(args, sample_shape):
    import keras

    import kerasgan

    _resolve_defaults(args, sample_shape)
    latent_dim = args.latent_dim
    if args.model == "mlp":
        if len(sample_shape) != 1:
            raise ValueError(f"--model mlp needs flat samples; the data has samples of shape {sample_shape}. Use --model dcgan.")
        generator, discriminator = kerasgan.models.mlp(sample_shape[0], latent_dim)
    elif args.model == "dcgan":
        if len(sample_shape) != 3:
            raise ValueError(f"--model dcgan needs images; the data has samples of shape {sample_shape}. Use --model mlp.")
        normalization = "layer" if args.loss in PENALIZED else "batch"
        generator, discriminator = kerasgan.models.dcgan(
            sample_shape, latent_dim, base_filters=args.base_filters, normalization=normalization
        )
    else:
        raise ValueError(f"--model must be 'mlp' or 'dcgan'. Received: --model {args.model}")
    gan = kerasgan.GAN(generator, discriminator, latent_dim, seed=args.seed)
    _compile(gan, args)
    return gan


def _compile(gan, args):
    import keras

    gan.compile(
        keras.optimizers.Adam(args.lr, beta_1=args.beta1, beta_2=args.beta2),
        keras.optimizers.Adam(args.lr, beta_1=args.beta1, beta_2=args.beta2),
        loss=args.loss,
        jit_compile={"auto": "auto", "true": True, "false": False}[args.jit_compile],
    )


def _hints(args, sample_shape):
    """The next commands to try on the run just written."""
    model = os.path.join(args.out, "gan.keras")
    named = {"ring": "ring", "grid": "grid", "digits": "digits_score"}
    metrics = named.get(args.data, "pr" if len(sample_shape) == 1 else "fid,kid")
    lines = [f"kerasgan sample --model {model} --n 64 --out {os.path.join(args.out, 'samples.png')}",
             f"kerasgan evaluate --model {model} --data {args.data} --metrics {metrics}",
             f"kerasgan train --config {os.path.join(args.out, 'config.json')} --out <new folder>   # the same run again"]
    if args.log_dir:
        lines.append(f"tensorboard --logdir {args.log_dir}")
    print("kerasgan: next steps:\n" + "\n".join(f"  {line}" for line in lines))


def train(args):
    import keras

    import kerasgan
    from kerasgan import _cli_config
    from kerasgan import _cli_resume as resume
    from kerasgan.callbacks import checkpoint

    resume.check_train_args(args)
    keras.utils.set_random_seed(args.seed)
    dataset = resume.load_stream(args, 0)
    _resolve_defaults(args, _element_shape(dataset))
    config = resume.run_config(args)
    model_path = os.path.join(args.out, "gan.keras")
    record = None
    if checkpoint.files.candidates(model_path):
        # A changed config is refused before any work starts (or taken with --override).
        changed = _cli_config.check_resume(args.out, args)
        gan, record, path = checkpoint.load_latest(model_path)
        if not changed:
            resume.refuse_changed_config(record, config, path)
        elif _cli_config.RECOMPILE_KEYS & set(changed):
            _compile(gan, args)
            print("kerasgan: --override: new objective and optimizers (their state starts afresh)")
        print(f"kerasgan: resuming {path} from epoch {record['epoch']}, step {record['step']}")
    keras.utils.set_random_seed(args.seed)
    steps_per_epoch = args.steps_per_epoch or dataset.batches_per_pass
    if record is None:
        gan = _build_gan(args, _element_shape(dataset))
    os.makedirs(args.out, exist_ok=True)
    _cli_config.write(args.out, args)
    initial_epoch = 0 if record is None else int(record["epoch"])
    stop = kerasgan.callbacks.StopOnNaN()
    save = kerasgan.callbacks.Checkpoint(model_path, save_every=args.save_every, keep=args.keep,
                                         config=config, steps_per_epoch=steps_per_epoch)
    callbacks = [
        stop,
        kerasgan.callbacks.SampleGrid(os.path.join(args.out, "grids"), seed=args.seed, log_dir=args.log_dir),
        save,
        keras.callbacks.CSVLogger(os.path.join(args.out, "history.csv"), append=record is not None),
    ]
    if args.log_dir:
        callbacks.append(kerasgan.callbacks.TensorBoard(args.log_dir))
    if initial_epoch >= args.epochs:
        print(f"kerasgan: {model_path} already reached epoch {initial_epoch} of {args.epochs}; nothing to train.")
    else:
        resume.fit_resumable(gan, args, steps_per_epoch, callbacks, save, record)
    if stop.stopped_at is not None:
        print("kerasgan: training diverged; not exporting.")
        return 1
    if not args.no_export:
        out = gan.export(os.path.join(args.out, "generator"))
        print(f"kerasgan: exported the generator to {out}")
    print(f"kerasgan: run written to {args.out}")
    _hints(args, _element_shape(dataset))
    return 0


def _load(path):
    import keras

    import kerasgan
    from kerasgan._cli_resume import UsageError

    if not os.path.exists(path):
        raise UsageError(f"--model: no such file: {path}")
    if os.path.isdir(path):
        raise UsageError(f"--model must be a .keras file; {path} is a folder.")
    try:
        gan = keras.models.load_model(path)
    except Exception as err:  # Keras reports a damaged zip as "File not found"
        raise UsageError(f"--model: {path} is not a readable .keras file ({type(err).__name__}: "
                         f"{str(err).strip().splitlines()[0] if str(err).strip() else 'damaged'}). "
                         "Pass a gan.keras written by kerasgan, or an older checkpoint (gan.1.keras).") from err
    if not isinstance(gan, kerasgan.GAN):
        raise UsageError(f"--model: {path} holds a {type(gan).__name__}, not a kerasgan GAN. "
                         "Pass the gan.keras of a kerasgan run.")
    return gan


def sample(args):
    from kerasgan._cli_resume import UsageError
    from kerasgan.callbacks import images

    if args.n < 1:
        raise ValueError(f"--n must be a positive integer. Received: {args.n}")
    if not 0 <= args.seed < 2**31:
        raise UsageError(f"--seed must be an integer in [0, 2**31). Received: --seed {args.seed}")
    if not args.out.endswith((".png", ".npy")):
        raise ValueError(f"--out must end in .png or .npy. Received: --out {args.out}")
    if os.path.isdir(args.out):
        raise UsageError(f"--out must be a file path; {args.out} is a folder.")
    gan = _load(args.model)
    labels = None if args.label is None else np.full((args.n,), args.label, dtype="int32")
    samples = gan.generate(args.n, seed=args.seed, labels=labels)
    if args.out.endswith(".npy"):
        from kerasgan._utils import write_atomically

        def write(tmp):
            with open(tmp, "wb") as f:
                np.save(f, samples)

        write_atomically(args.out, write, suffix=".npy")
    else:
        images.write_png(args.out, images.samples_to_picture(samples))
    print(f"kerasgan: wrote {args.n} samples to {args.out}")
    return 0


def export(args):
    gan = _load(args.model)
    out = gan.export(args.out, format=args.format)
    print(f"kerasgan: exported the generator to {out}")
    return 0


def evaluate(args):
    import json

    import kerasgan
    from kerasgan.callbacks import checkpoint

    names = [name.strip().lower() for name in args.metrics.split(",") if name.strip()]
    if not names:
        raise ValueError(f"--metrics must name at least one metric. Received: --metrics {args.metrics!r}")
    if args.num_samples is not None and args.num_samples < 2:
        raise ValueError(f"--num-samples must be at least 2. Received: --num-samples {args.num_samples}")
    if args.reference is not None and "fid" not in names:
        raise ValueError(f"--reference holds statistics for fid; add fid to --metrics. Received: --metrics {args.metrics}")
    gan = _load(args.model)
    sample_shape = tuple(gan.generator.outputs[0].shape[1:])
    flat = len(sample_shape) == 1
    if flat and args.features is not None:
        raise ValueError(f"--features {args.features} needs image samples; the generator makes samples of "
                         f"shape {sample_shape}. Drop --features to compare raw coordinates.")
    metrics = [_metric(name, flat, args) for name in names]
    real = None
    if args.data is not None:
        real = kerasgan.data.load(args.data, batch_size=250, image_size=args.image_size, shuffle=False,
                                  drop_remainder=False, seed=args.seed)
    elif any(getattr(m, "needs_real_data", hasattr(m, "update_real")) for m in metrics):
        raise ValueError("--data is required by " + ", ".join(names) + " (or, for fid alone, --reference "
                         "stats.npz). Received no --data.")
    evaluator = kerasgan.callbacks.Evaluate(metrics, real, num_samples=args.num_samples, seed=args.seed)
    results = evaluator.evaluate(gan)
    for key, value in results.items():
        print(f"{key}: {value:.6g}")
    if args.out:
        checkpoint.write_json(args.out, results)
    return 0


def _metric(name, flat, args):
    """A metric by CLI name; flat (non-image) samples are compared on raw coordinates."""
    import kerasgan

    raw = {
        "fid": kerasgan.metrics.FrechetDistance,
        "kid": kerasgan.metrics.KID,
        "pr": kerasgan.metrics.PrecisionRecall,
        "dc": kerasgan.metrics.DensityCoverage,
    }
    if flat and name in raw:
        if args.reference is not None:
            raise ValueError("--reference holds Inception statistics of images; the generator makes flat samples.")
        return raw[name]()
    features = args.features or "reference"
    metric = kerasgan.metrics.get(name, features=features, preprocess=args.preprocess,
                                  inception_weights=args.inception_weights)
    if name == "fid" and args.reference is not None:
        metric = kerasgan.metrics.FID(metric.feature_extractor, reference=args.reference)
    return metric


def presets(args):
    """Lists the model presets, or describes the one named."""
    import json

    from kerasgan import presets as registry

    if args.name is not None:
        print(json.dumps(registry.describe(args.name), indent=2))
        return 0
    names = registry.list_presets()
    width = max(len(name) for name in names)
    print(f"{'name':<{width}}  weights  description")
    for name in names:
        preset = registry.get(name)
        print(f"{name:<{width}}  {'yes' if preset.has_weights else 'no':<7}  {preset.description}")
    print("\nUse one: kerasgan.GAN.from_preset(name) in Python, `kerasgan train --preset NAME` "
          "(mlp/dcgan presets), or `kerasgan presets NAME` for its settings.")
    return 0
