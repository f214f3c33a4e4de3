"""`step_speed.py --architectures`: one row per `kerasgan.models` builder.

Each architecture trains through kerasgan's `GAN` (non-saturating loss, one D
step, Adam) on random 3-channel images; rows give the median step time and
images per second at the chosen size and batch (default 32×32, batch 64).
There is no hand-written counterpart: the row measures the network, not the
step's overhead (that is what the main table compares).
"""

import keras
import numpy as np

import kerasgan

LATENT = 128


def builders(size, filters):
    shape = (size, size, 3)
    return {
        "dcgan": lambda: kerasgan.models.dcgan(shape, LATENT, base_filters=filters),
        "resnet": lambda: kerasgan.models.resnet(shape, LATENT, base_filters=filters),
        "sagan": lambda: kerasgan.models.sagan(shape, LATENT, base_filters=filters),
        "biggan": lambda: kerasgan.models.biggan(shape, LATENT, base_filters=filters),
        "stylegan": lambda: kerasgan.models.stylegan(shape, LATENT, base_filters=filters),
        "progressive": lambda: kerasgan.models.progressive(
            size, LATENT, resolution=size, channels=3, filters=filters
        ),
    }


def run(args, side_class):
    """Prints one row per architecture; `side_class` is step_speed's `Side`."""
    batch = args.batch or 64
    size = args.size
    xla = args.xla[0] == "on"
    data = np.random.default_rng(0).uniform(-1, 1, size=(4 * batch, size, size, 3))
    data = data.astype("float32")
    print(f"{'architecture':<28} {'xla':<4} {'ms/step':>9} {'img/s':>8} {'compile s':>9} "
          f"{'G params':>9} {'D params':>9}")
    for name, build in builders(size, args.base_filters).items():
        g, d = build()

        def make():
            gan = kerasgan.GAN(g, d, LATENT, seed=0)
            gan.compile(keras.optimizers.Adam(2e-4, 0.0, 0.9),
                        keras.optimizers.Adam(2e-4, 0.0, 0.9),
                        loss="non-saturating", jit_compile=xla)
            return gan

        side = side_class(name, make, data, batch, args.warmup)
        for _ in range(args.reps):
            side.time(args.steps)
        print(f"{f'{name}{size} b{batch}':<28} {('on' if xla else 'off'):<4} "
              f"{1000 * side.median_s:9.1f} {batch / side.median_s:8.1f} "
              f"{side.compile_s:9.1f} {g.count_params():9d} {d.count_params():9d}", flush=True)
        keras.backend.clear_session()
