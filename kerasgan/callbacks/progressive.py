"""`ProgressiveGrowing`: grows a progressive GAN between phases inside one `fit`."""

import keras
import numpy as np

from kerasgan import _keras_private
from kerasgan._utils import check_number
from kerasgan.models.progressive import current_resolution, grow


def _inner(optimizer):
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return optimizer.inner_optimizer
    return optimizer


def _clone(optimizer):
    return keras.optimizers.deserialize(keras.optimizers.serialize(_inner(optimizer)))


def _copy_optimizer_state(old, new):
    """Copies every optimizer variable (slots, iterations) that has the same name and shape."""
    by_name = {v.name: v for v in old.variables}
    for var in new.variables:
        source = by_name.get(var.name)
        if source is not None and tuple(source.shape) == tuple(var.shape):
            var.assign(source)


def _check_schedule(schedule):
    items = sorted(dict(schedule).items()) if isinstance(schedule, (dict, list, tuple)) else None
    ok = bool(items)
    if ok:
        for i, (resolution, steps) in enumerate(items):
            ok = ok and all(isinstance(v, int) and not isinstance(v, bool) for v in (resolution, steps))
            ok = ok and resolution >= 4 and steps > 0 and not resolution & (resolution - 1)
            ok = ok and (i == 0 or resolution == 2 * items[i - 1][0])
    if not ok:
        raise ValueError(
            "`schedule` must map doubling power-of-two resolutions to positive step "
            "counts, e.g. {4: 1000, 8: 2000, 16: 2000}. "
            f"Received: schedule={schedule!r}"
        )
    return items


@keras.saving.register_keras_serializable(package="kerasgan")
class ProgressiveGrowing(keras.callbacks.Callback):
    """Grows a `kerasgan.models.progressive` GAN phase by phase during `fit`.

    Phases are counted in training steps (`gan.optimizer.iterations`, which is
    saved with the GAN): resolution r trains for `schedule[r]` steps, then the
    networks double. In each phase after the first, α of the fade-in rises
    linearly over the first `fade_steps` steps and then stays at 1
    (stabilization):

    α(t) = min(1, (t − t_r) / fade_steps),   t_r = Σ_{r' < r} schedule[r']

    The last phase lasts until training ends. Growing, at the start of a step:
    `models.progressive_grow` builds the next pair and copies the weights by
    layer name; the GAN gets the new networks and is compiled again with fresh
    copies of its two optimizers, into which every slot (Adam's moments) of a
    variable that survives the growth, and the step counters, are copied; the
    new layers' slots start at zero; `fit` picks up the new train function at
    the next step. The images keep `max_resolution` at the networks'
    interface (the discriminator average-pools its input), so the dataset is
    used unchanged. A GAN saved mid-phase loads at the same resolution and α,
    and this callback resumes its schedule from the restored step counter.

    Limitations: the objective's own state is kept but components that copy
    the generator (`EMAGenerator`) are not grown; under `mixed_float16` the
    dynamic loss scale restarts at each growth.

    Example:

    ```python
    generator, discriminator = kerasgan.models.progressive(16, 32, channels=1, filters=16)
    gan = kerasgan.GAN(generator, discriminator)
    gan.compile(keras.optimizers.Adam(1e-3, 0.0, 0.99), keras.optimizers.Adam(1e-3, 0.0, 0.99),
                loss="wgan-gp", discriminator_steps=1)
    grow = kerasgan.callbacks.ProgressiveGrowing({4: 20, 8: 20, 16: 20})
    gan.fit(kerasgan.data.load("digits", batch_size=16, image_size=16), epochs=1,
            steps_per_epoch=60, callbacks=[grow])   # ends at 16×16
    ```

    Args:
        schedule: A dict `{resolution: steps}` of doubling resolutions from the
            networks' starting one, e.g. `{4: 1000, 8: 2000, 16: 2000}`.
        fade_steps: Steps of the fade-in at the start of each phase after the
            first. Defaults to None: half of that phase's steps (the paper's
            equal fade-in and stabilization).
        reset_optimizers: When True, each growth starts both optimizers from
            fresh state (zero moments, step 0), as the authors' implementation
            does (`reset_opt_for_new_lod`); the GAN's step counter, which
            drives the schedule, is kept. Defaults to False: surviving
            variables keep their slots and the optimizers their step count
            (so a new layer's first Adam steps see the old step's bias
            correction).

    Reference:
        Karras et al., "Progressive Growing of GANs for Improved Quality,
        Stability, and Variation", ICLR 2018, Sec. 2 and Appendix A.1.
    """

    def __init__(self, schedule, *, fade_steps=None, reset_optimizers=False):
        super().__init__()
        self.reset_optimizers = bool(reset_optimizers)
        self.schedule = dict(_check_schedule(schedule))
        self.fade_steps = check_number(
            "fade_steps", fade_steps, low=1, integer=True, allow_none=True, type_error=ValueError
        )
        self._starts = {}
        start = 0
        for resolution, steps in sorted(self.schedule.items()):
            self._starts[resolution] = start
            start += steps

    def phase(self, step):
        """`(resolution, alpha)` at training step `step` (0-based)."""
        resolution = min(self._starts)
        for r, start in sorted(self._starts.items()):
            if step >= start:
                resolution = r
        if resolution == min(self._starts):
            return resolution, 1.0
        fade = self.fade_steps or max(1, self.schedule[resolution] // 2)
        return resolution, float(min(1.0, (step - self._starts[resolution]) / fade))

    def get_config(self):
        return {
            "schedule": dict(self.schedule),
            "fade_steps": self.fade_steps,
            "reset_optimizers": self.reset_optimizers,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        # JSON turns the resolutions into strings.
        config["schedule"] = {int(k): v for k, v in dict(config["schedule"]).items()}
        return cls(**config)

    # -- Keras hooks ----------------------------------------------------------------
    def on_train_begin(self, logs=None):
        current = current_resolution(self.model.generator)
        if current not in self.schedule:
            raise ValueError(
                f"The generator draws at {current}×{current}, which `schedule` does not "
                f"list. Received: schedule={self.schedule!r}"
            )
        self._sync()

    def on_train_batch_begin(self, batch, logs=None):
        self._sync()

    def _sync(self):
        gan = self.model
        step = int(keras.ops.convert_to_numpy(gan.optimizer.iterations))
        resolution, alpha = self.phase(step)
        current = current_resolution(gan.generator)
        while current < resolution:
            current *= 2
            self._grow(gan, current, self.reset_optimizers)
        for model, name in ((gan.generator, "g_fade"), (gan.discriminator, "d_fade")):
            if any(layer.name == name for layer in model.layers):
                model.get_layer(name).alpha.assign(np.float32(alpha))

    @staticmethod
    def _grow(gan, resolution, reset):
        new_g, new_d = grow(gan.generator, gan.discriminator, resolution)
        old_g_opt, old_d_opt, old_multi = gan.g_optimizer, gan.d_optimizer, gan.optimizer
        with _keras_private.unlocked_tracker(gan):
            for old in (gan.generator, gan.discriminator):
                _keras_private.untrack(gan, old)
            gan.generator, gan.discriminator = new_g, new_d
        gan.compile(
            _clone(old_g_opt), _clone(old_d_opt), loss=gan.objective, **gan._compile_args
        )
        if not reset:
            _copy_optimizer_state(_inner(old_g_opt), _inner(gan.g_optimizer))
            _copy_optimizer_state(_inner(old_d_opt), _inner(gan.d_optimizer))
        gan.optimizer.iterations.assign(old_multi.iterations)
        gan.make_train_function()
