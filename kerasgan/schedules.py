"""Hyperparameter ramps as functions of the number of images seen (R3GAN's schedules).

A ramp is a `keras.optimizers.schedules.LearningRateSchedule`: called with a step
count it returns a float32 value, so it is the learning rate of a Keras optimizer
as is, and the γ of `R1Penalty` / `R2Penalty`, the augmentation probability of
`kerasgan.regularizers.ADA` and the half-life of an EMA where those accept one.
"""

import math

import keras
from keras import ops

from kerasgan._utils import check_number, check_positive_int


@keras.saving.register_keras_serializable(package="kerasgan")
class CosineRamp(keras.optimizers.schedules.LearningRateSchedule):
    """A cosine ramp from `base_value` to `final_value` over `total_images` images.

    With n = step · batch_size the number of images seen (after an optional
    linear warm-up from `warmup_value` over `warmup_images`):

    v(n) = base + (final − base) · ½·(1 − cos(π · (n − n_w) / (N − n_w))),  n ≤ N
    v(n) = final,                                                             n > N

    It is R3GAN's `cosine_decay_with_warmup`: every hyperparameter of their
    configs (learning rate, Adam β2, γ, EMA half-life, augmentation
    probability) follows one such ramp over the same N. `value(images)` reads
    it at an image count; `__call__(step)` at an optimizer / GAN step.

    Example:

    ```python
    # R3GAN CIFAR-10's learning rate: 2e-4 -> 5e-5 over 20M images, batch 512.
    lr = kerasgan.schedules.CosineRamp(2e-4, 5e-5, 20_000_000, batch_size=512)
    optimizer = keras.optimizers.Adam(lr, beta_1=0.0, beta_2=0.99)
    float(lr.value(10_000_000))   # 1.25e-4, half way
    ```

    Args:
        base_value: The value at 0 images.
        final_value: The value from `total_images` on.
        total_images: N, the length of the ramp in images (> 0).
        batch_size: Images per step, to convert a step count into images.
            Defaults to 1 (steps are images).
        warmup_images: Length of a linear warm-up before the ramp. Defaults to 0.
        warmup_value: The value the warm-up starts from. Defaults to 0.0.

    Reference:
        Huang, Gokaslan, Kuleshov & Tompkin, "The GAN is dead; long live the
        GAN! A Modern GAN Baseline", NeurIPS 2024, Section 4 and Appendix
        (training configurations); their `training_loop.cosine_decay_with_warmup`.
    """

    def __init__(self, base_value, final_value, total_images, *, batch_size=1,
                 warmup_images=0, warmup_value=0.0):
        self.base_value = float(check_number("base_value", base_value))
        self.final_value = float(check_number("final_value", final_value))
        self.total_images = float(check_number("total_images", total_images, low=0, low_open=True))
        self.batch_size = check_positive_int("batch_size", batch_size)
        self.warmup_images = float(check_number(
            "warmup_images", warmup_images, low=0, high=self.total_images, high_open=True,
            hint="The warm-up must end before the ramp does."))
        self.warmup_value = float(check_number("warmup_value", warmup_value))

    def value(self, images):
        """The value after `images` images (a number or tensor), float32."""
        n = ops.cast(images, "float32")
        span = self.total_images - self.warmup_images
        phase = ops.clip((n - self.warmup_images) / span, 0.0, 1.0)
        out = self.base_value + (self.final_value - self.base_value) * 0.5 * (
            1.0 - ops.cos(math.pi * phase))
        if self.warmup_images > 0:
            slope = (self.base_value - self.warmup_value) / self.warmup_images
            out = ops.where(n < self.warmup_images, self.warmup_value + slope * n, out)
        return out

    def __call__(self, step):
        return self.value(ops.cast(step, "float32") * float(self.batch_size))

    def get_config(self):
        return {"base_value": self.base_value, "final_value": self.final_value,
                "total_images": self.total_images, "batch_size": self.batch_size,
                "warmup_images": self.warmup_images, "warmup_value": self.warmup_value}


def ema_decay(half_life_images, batch_size):
    """The per-step EMA decay β = 0.5^(batch_size / half_life) of an EMA half-life.

    An average with this β halves the weight of a snapshot after
    `half_life_images` images (Karras et al. 2022, EDM; R3GAN's `ema_nimg`).
    `half_life_images` may be a tensor (a `CosineRamp` read at the current step).

    Example:

    ```python
    kerasgan.schedules.ema_decay(500_000, 256)   # 0.99965
    ```
    """
    batch_size = check_positive_int("batch_size", batch_size)
    if isinstance(half_life_images, (int, float)):
        check_number("half_life_images", half_life_images, low=0)
    half_life = ops.maximum(ops.cast(half_life_images, "float32"), 1e-8)
    return ops.power(0.5, float(batch_size) / half_life)





#: R3GAN's per-dataset ramps (their train.py presets), in images: (base, final) of
#: learning rate, Adam β2, γ (R1 = R2), EMA half-life and augmentation probability,
#: all over `total_images`. "cpu-small" is ours: CIFAR-10's values over 200k images
#: (a CPU run's length), the EMA half-life scaled with it, no augmentation.
R3GAN_CONFIGS = {
    "cifar10": {"total_images": 20_000_000, "learning_rate": (2e-4, 5e-5), "beta_2": (0.9, 0.99),
                "gamma": (0.05, 0.005), "ema_half_life": (0.0, 5_000_000.0),
                "augment_probability": (0.0, 0.55)},
    "ffhq-64": {"total_images": 20_000_000, "learning_rate": (2e-4, 5e-5), "beta_2": (0.9, 0.99),
                "gamma": (2.0, 0.2), "ema_half_life": (0.0, 500_000.0),
                "augment_probability": (0.0, 0.3)},
    "imagenet-32": {"total_images": 200_000_000, "learning_rate": (2e-4, 5e-5),
                    "beta_2": (0.9, 0.99), "gamma": (0.5, 0.05),
                    "ema_half_life": (0.0, 50_000_000.0), "augment_probability": (0.0, 0.5)},
    "cpu-small": {"total_images": 200_000, "learning_rate": (2e-4, 5e-5), "beta_2": (0.9, 0.99),
                  "gamma": (0.05, 0.005), "ema_half_life": (0.0, 50_000.0),
                  "augment_probability": (0.0, 0.0)},
}


def r3gan_schedules(config="cpu-small", *, batch_size):
    """R3GAN's five ramps for one of `R3GAN_CONFIGS`, counted in steps of `batch_size`.

    Returns a dict of `CosineRamp`s: "learning_rate" (an optimizer's learning
    rate as is), "beta_2", "gamma" (`R1Penalty` / `R2Penalty` accept it),
    "ema_half_life" (images; `ema_decay` gives the per-step decay) and
    "augment_probability" (`regularizers.ADA(None, probability=...)`).

    Example:

    ```python
    ramps = kerasgan.schedules.r3gan_schedules("cifar10", batch_size=512)
    g_opt = keras.optimizers.Adam(ramps["learning_rate"], beta_1=0.0, beta_2=0.9)
    ```
    """
    if config not in R3GAN_CONFIGS:
        raise ValueError(f"`config` must be one of {sorted(R3GAN_CONFIGS)}. Received: config={config!r}")
    values = dict(R3GAN_CONFIGS[config])
    total = values.pop("total_images")
    return {key: CosineRamp(base, final, total, batch_size=batch_size)
            for key, (base, final) in values.items()}
__all__ = ["CosineRamp", "R3GAN_CONFIGS", "ema_decay", "r3gan_schedules"]
