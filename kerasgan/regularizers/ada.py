"""ADA: adaptive discriminator augmentation (Karras et al. 2020)."""

import keras
from keras import ops

from kerasgan._utils import check_number, check_positive_int
from kerasgan.hooks import Hook
from kerasgan.regularizers import _augment_pipe as pipe


@keras.saving.register_keras_serializable(package="kerasgan")
class ADA(Hook):
    """Adaptive discriminator augmentation: non-leaking augmentations, p set by a controller.

    Every image the discriminator sees, real and generated, in both players'
    updates, goes through the pipeline of StyleGAN2-ADA (their "bgc"):

    - blit: x-flip, 90° rotations, integer translation (≤ ⅛ of the size);
    - geometric: isotropic scale 2^N(0, 0.2²), arbitrary rotation (twice, each
      with 1 − √(1 − p)), anisotropic scale 2^N(0, 0.2²), fractional
      translation N(0, (⅛·size)²) — composed into one matrix, one bilinear
      resampling with reflection padding;
    - colour: brightness + N(0, 0.2²), contrast × 2^N(0, 0.5²), luma flip,
      hue rotation U(−π, π) about the luma axis, saturation × 2^N(0, 1).

    Each transform is applied to each image with probability p (0 ≤ p < ~0.8 keeps
    them non-leaking: the generator cannot profit from producing augmented
    images). With a `target`, p is adapted from the overfitting heuristic

    r_t = E[sign(D(x_real))]

    averaged over `interval` minibatches: p ← clip(p + sign(r_t − target) ·
    batch·interval / ada_images, 0, 1), so p can go from 0 to 1 in
    `ada_images` images. Without a target (`target=None`), p is
    `probability`: a constant or a ramp over images seen
    (`kerasgan.schedules.CosineRamp`, as R3GAN's configs). p lives in
    `gan.add_state` (saved in the `.keras` file, restored on resume) and is
    logged as `d/ada_p`.

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss="non-saturating",
                regularizers=[kerasgan.regularizers.R1Penalty(1.0),
                              kerasgan.regularizers.ADA(target=0.6)])
    ```

    Args:
        target: The r_t the controller aims for, in (0, 1), or None for a
            fixed / scheduled p. Defaults to 0.6.
        probability: The initial p (with a target), or p itself: a number in
            [0, 1] or a ramp (without). Defaults to 0.0.
        ada_images: Images over which p can move from 0 to 1 (ada_kimg × 1000).
            Defaults to 500_000.
        interval: Minibatches between adjustments. Defaults to 4.
        transforms: Comma-separated groups ("blit", "geometric", "color") or
            transform names ("xflip", "rotate90", "xint", "scale", "rotate",
            "aniso", "xfrac", "brightness", "contrast", "lumaflip", "hue",
            "saturation"). Defaults to "blit,geometric,color".
        name: State and log name. Defaults to "ada".

    Reference:
        Karras, Aittala, Hellsten, Laine, Lehtinen & Aila, "Training
        Generative Adversarial Networks with Limited Data", NeurIPS 2020,
        Section 2 (non-leaking augmentations), Section 3 (r_t, target 0.6,
        adjustment every 4 minibatches, 500k images from 0 to 1) and Appendix B
        (the pipeline and its parameters).
    """

    def __init__(self, target=0.6, *, probability=0.0, ada_images=500_000, interval=4,
                 transforms="blit,geometric,color", name=None):
        super().__init__(name=name or "ada")
        self.target = check_number("target", target, low=0, high=1, low_open=True, high_open=True,
                                   allow_none=True, hint="The paper uses 0.6.")
        if isinstance(probability, dict):
            probability = keras.saving.deserialize_keras_object(probability)
        if callable(probability) and target is not None:
            raise ValueError("A scheduled `probability` replaces the controller: pass target=None "
                             f"with it. Received: target={target!r}")
        if not callable(probability):
            probability = float(check_number("probability", probability, low=0, high=1))
        self.probability = probability
        self.ada_images = check_number("ada_images", ada_images, low=0, low_open=True)
        self.interval = check_positive_int("interval", interval)
        self.transforms = transforms
        self._names = pipe.parse(transforms)
        self.p = self._signs = self._count = None

    def build(self, gan):
        shape = gan.discriminator.input_shape
        shape = shape[0] if isinstance(shape, list) else shape
        if len(shape) != 4 or shape[1] != shape[2] or shape[-1] not in (1, 3):
            raise ValueError("ADA augments square images (batch, size, size, 1 or 3 channels). "
                             f"Received: discriminator input shape {shape}.")
        initial = 0.0 if callable(self.probability) else self.probability
        self.p = gan.add_state(f"{self.name}.p", (), initializer=keras.initializers.Constant(initial))
        self._signs = gan.add_state(f"{self.name}.sign_sum", ())
        self._count = gan.add_state(f"{self.name}.count", ())

    def probability_at(self, iteration):
        """The p used at GAN step `iteration` (the state, or the schedule's value)."""
        if callable(self.probability):
            return ops.clip(ops.cast(self.probability(iteration), "float32"), 0.0, 1.0)
        if self.p is None:
            return ops.convert_to_tensor(self.probability, "float32")
        return ops.cast(self.p, "float32")

    def discriminator_input(self, x, context):
        p = ops.stop_gradient(self.probability_at(context.iteration))
        out = pipe.augment(ops.cast(x, "float32"), p, self._names, context.seed_generator)
        return ops.cast(out, x.dtype)

    def after_discriminator_update(self, step):
        if callable(self.probability):
            self.p.assign(self.probability_at(step.iteration))
            return
        if self.target is None:
            return
        p = ops.cast(self.p, "float32")
        signs = ops.cast(self._signs, "float32") + ops.mean(
            ops.sign(ops.cast(step.real_output.logits, "float32")))
        count = ops.cast(self._count, "float32") + 1.0
        due = count >= self.interval
        batch = ops.cast(ops.shape(step.real_output.logits)[0], "float32")
        r_t = signs / count
        adjust = ops.sign(r_t - self.target) * batch * float(self.interval) / float(self.ada_images)
        self.p.assign(ops.where(due, ops.clip(p + adjust, 0.0, 1.0), p))
        self._signs.assign(ops.where(due, ops.zeros_like(signs), signs))
        self._count.assign(ops.where(due, ops.zeros_like(count), count))

    def log_names(self, player):
        return ("ada_p",) if player == "discriminator" else ()

    def logs(self, player, step, value):
        return {"ada_p": self.probability_at(step.iteration)} if player == "discriminator" else {}

    def get_config(self):
        probability = self.probability
        if callable(probability):
            probability = keras.saving.serialize_keras_object(probability)
        return {"target": self.target, "probability": probability, "ada_images": self.ada_images,
                "interval": self.interval, "transforms": self.transforms, "name": self.name}
