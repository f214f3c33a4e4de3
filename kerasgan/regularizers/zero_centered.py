"""R1 and R2: zero-centred gradient penalties on real or generated data."""

import keras
from keras import ops

from kerasgan._utils import check_non_negative, check_positive_int
from kerasgan.regularizers.base import Regularizer


def squared_gradient_norm(step, x):
    """Per-sample ‖∇_x D(x)‖², float32."""

    def logits(inputs):
        return step.discriminator(inputs).logits

    grads = ops.cast(step.input_gradient(logits, ops.convert_to_tensor(x)), "float32")
    return ops.sum(ops.square(grads), axis=list(range(1, len(grads.shape))))


class _ZeroCentered(Regularizer):
    """Shared maths of R1 and R2: (γ/2)·E‖∇D(x)‖² on one batch, optionally lazy."""

    players = ("discriminator",)

    def __init__(self, gamma=10.0, *, every=1, name=None):
        if isinstance(gamma, dict):
            gamma = keras.saving.deserialize_keras_object(gamma)
        # A γ ramp (kerasgan.schedules.CosineRamp) is read at the GAN step inside
        # the penalty, so the Objective's weight is 1 and the log includes γ_t.
        self._schedule = gamma if callable(gamma) else None
        super().__init__(1.0 if self._schedule else check_non_negative("gamma", gamma), name=name)
        self.every = check_positive_int("every", every)

    @property
    def gamma(self):
        return self._schedule or self.weight

    def _scaled(self, value, step):
        if self._schedule is None:
            return value
        if step.iteration is None:
            raise ValueError(f"{type(self).__name__} with a scheduled `gamma` needs the GAN step "
                             "(step.iteration); train it through GAN.fit.")
        return ops.cast(self._schedule(step.iteration), "float32") * value

    def _points(self, step):
        raise NotImplementedError

    def discriminator_penalty(self, step):
        def penalty():
            return self._scaled(0.5 * ops.mean(squared_gradient_norm(step, self._points(step))), step)

        if self.every == 1 or step.iteration is None:
            return penalty()
        due = ops.equal(ops.mod(ops.cast(step.iteration, "int64"), self.every), 0)
        # Lazy regularization: applied once every `every` steps and scaled by
        # `every`, so its average strength is unchanged (StyleGAN2, App. B).
        return ops.cond(due, lambda: float(self.every) * penalty(), lambda: ops.zeros((), "float32"))

    def get_config(self):
        gamma = keras.saving.serialize_keras_object(self._schedule) if self._schedule else self.weight
        return {"gamma": gamma, "every": self.every, "name": self.name}


@keras.saving.register_keras_serializable(package="kerasgan")
class R1Penalty(_ZeroCentered):
    """R1: the zero-centred gradient penalty on real data.

    R1 = (γ/2)·E_{x~p_data}[‖∇_x D(x)‖²]

    added to the discriminator's loss. It makes the discriminator flat on the
    data manifold at the equilibrium, so that simultaneous and alternating
    gradient descent converge locally (the Dirac-GAN converges with it,
    without it it circles). The logged value `d/r1_penalty` is
    ½·E‖∇D(x)‖² (times `every` on the steps it applies), before γ.

    With `every=k` the penalty is computed only on steps where
    `iteration % k == 0` and multiplied by k ("lazy regularization").

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss="non-saturating",
                regularizers=[kerasgan.regularizers.R1Penalty(10.0, every=16)])
    ```

    Args:
        gamma: γ, the penalty weight, or a ramp of it over images seen
            (`kerasgan.schedules.CosineRamp`, as R3GAN); with a ramp the
            logged value includes γ_t. Defaults to 10.0.
        every: Apply the penalty once every `every` steps, scaled by
            `every`. Defaults to 1 (every step).
        name: Log name. Defaults to "r1_penalty".

    Reference:
        Mescheder, Geiger & Nowozin, "Which Training Methods for GANs do
        actually Converge?", ICML 2018, Eq. 9 (R1). Karras et al., "Analyzing
        and Improving the Image Quality of StyleGAN", CVPR 2020, Section 3.3
        and Appendix B (lazy regularization).
    """

    def _points(self, step):
        return step.real


@keras.saving.register_keras_serializable(package="kerasgan")
class R2Penalty(_ZeroCentered):
    """R2: the zero-centred gradient penalty on generated data.

    R2 = (γ/2)·E_{z}[‖∇_x D(G(z))‖²]

    added to the discriminator's loss (the fakes are constants in this term).
    The logged value `d/r2_penalty` is ½·E‖∇D(G(z))‖², before γ.

    Example:

    ```python
    gan.compile(g_opt, d_opt, loss="non-saturating",
                regularizers=[kerasgan.regularizers.R2Penalty(1.0)])
    ```

    Args:
        gamma: γ, the penalty weight, or a ramp of it over images seen
            (`kerasgan.schedules.CosineRamp`); with a ramp the logged value
            includes γ_t. Defaults to 10.0.
        every: Apply the penalty once every `every` steps, scaled by
            `every`. Defaults to 1 (every step).
        name: Log name. Defaults to "r2_penalty".

    Reference:
        Mescheder, Geiger & Nowozin, "Which Training Methods for GANs do
        actually Converge?", ICML 2018, Eq. 10 (R2).
    """

    def _points(self, step):
        return ops.stop_gradient(step.fake)
