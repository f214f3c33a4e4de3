"""The named model presets that ship with kerasgan (`kerasgan presets` lists them)."""

import keras

from kerasgan.presets.preset import Preset, adam


def _adam_cosine(learning_rate, decay_steps, beta_1, beta_2):
    """Adam whose learning rate decays along a cosine over `decay_steps` (as a config)."""
    schedule = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps)
    config = adam(None, beta_1, beta_2)
    config["config"]["learning_rate"] = keras.optimizers.schedules.serialize(schedule)
    return config


def _presets():
    return [
        Preset(
            "dcgan-digits",
            "WGAN-GP DCGAN on the bundled 8x8 digits at 16x16 (the `make demo` run)",
            model="dcgan", sample_shape=(16, 16, 1), latent_dim=64,
            # Layer norm in D: batch norm breaks the per-sample gradient penalty (as the CLI does).
            model_args={"base_filters": 32, "normalization": "layer"},
            loss="wgan-gp", g_optimizer=adam(2e-4, 0.5, 0.9), d_optimizer=adam(2e-4, 0.5, 0.9),
            data="digits", image_size=16, batch_size=32, epochs=30, seed=0,
            weights="dcgan_digits",
            reference="`make demo` (Makefile); weights by scripts/train_preset_weights.py",
        ),
        Preset(
            "wgan-gp-ring",
            "WGAN-GP MLPs on the 8-Gaussian ring, TTUR learning rates, 20k steps (the ring behaviour test)",
            model="mlp", sample_shape=(2,), latent_dim=2,
            model_args={"hidden_units": [128, 128, 128], "discriminator_units": [128, 128, 128],
                        "batch_norm": False, "discriminator_activation": "relu"},
            loss="wgan-gp",
            g_optimizer=_adam_cosine(1e-4, 20000, 0.0, 0.9),
            d_optimizer=_adam_cosine(4e-4, 5 * 20000, 0.0, 0.9),
            data="ring", batch_size=128, epochs=1, steps_per_epoch=20000, seed=1,
            reference="tests/test_behaviour_ring.py (issue 2's bar: >= 7 of 8 modes, >= 80% high quality)",
        ),
        Preset(
            "sngan-hinge-32",
            "SNGAN: spectrally normalized ResNet pair, hinge loss, 5 D steps, for 32x32 RGB (CIFAR-10)",
            model="resnet", sample_shape=(32, 32, 3), latent_dim=128,
            loss="hinge", discriminator_steps=5,
            g_optimizer=adam(2e-4, 0.0, 0.9), d_optimizer=adam(2e-4, 0.0, 0.9),
            data="tfds:cifar10", batch_size=64,
            reference="Miyato et al. 2018 (SNGAN) ResNet; Adam(2e-4, beta=(0, 0.9)) as docs/architectures.md",
        ),
        Preset(
            "r3gan-mnist",
            "R3GAN: RpGAN + R1 + R2 on the modern ConvNeXt-style backbone (CPU-sized 'small'), 28x28 MNIST",
            model="r3gan", sample_shape=(28, 28, 1), latent_dim=64,
            model_args={"preset": "small", "output_activation": "tanh"},
            loss="r3gan", g_optimizer=adam(2e-4, 0.0, 0.99), d_optimizer=adam(2e-4, 0.0, 0.99),
            data="mnist", batch_size=64,
            reference="Huang et al. 2024 (R3GAN); builder and optimizers as docs/architectures.md",
        ),
    ]


#: Preset name -> `Preset` (kerasgan.presets.register adds to it).
REGISTRY = {preset.name: preset for preset in _presets()}
