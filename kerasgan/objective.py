"""`Objective`: one GAN loss plus its regularizers; the preset table; `get()`."""

import keras

from kerasgan import losses as L
from kerasgan import regularizers as R
from kerasgan._utils import check_positive_int
from kerasgan.losses.base import GANLoss
from kerasgan.regularizers.base import Regularizer


@keras.saving.register_keras_serializable(package="kerasgan")
class Objective:
    """Sums one `GANLoss` and any number of `Regularizer`s.

    `discriminator_loss(step)` and `generator_loss(step)` return
    `(total, logs)`: the total is the loss plus each regularizer's weighted
    penalty, and `logs` holds `d_loss` / `g_loss` (the totals) and each
    penalty's unweighted value as `d/<name>` / `g/<name>`.

    Example:

    ```python
    objective = kerasgan.Objective(
        kerasgan.losses.WassersteinLoss(),
        [kerasgan.regularizers.GradientPenalty(10.0)],
        discriminator_steps=5,
    )
    gan.compile(g_opt, d_opt, loss=objective)
    ```

    Args:
        loss: A `GANLoss`, or anything `kerasgan.losses.get` accepts.
        regularizers: A sequence of `Regularizer`s. Defaults to none.
        discriminator_steps: Discriminator updates per generator update.
            Defaults to the loss's recommendation (`loss.discriminator_steps`).
    """

    def __init__(self, loss, regularizers=(), *, discriminator_steps=None):
        self.loss = L.get(loss)
        if isinstance(regularizers, Regularizer):
            regularizers = [regularizers]
        regularizers = list(regularizers or ())
        for i, reg in enumerate(regularizers):
            if isinstance(reg, dict):
                regularizers[i] = reg = keras.saving.deserialize_keras_object(reg)
            if not isinstance(reg, Regularizer):
                raise TypeError(
                    "Every item of `regularizers` must be a kerasgan.regularizers."
                    f"Regularizer. Received: regularizers[{i}]={reg!r}"
                )
        names = [r.name for r in regularizers]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(
                f"Regularizer names must be unique so that their logs are distinct. "
                f"Received duplicated names: {duplicates}. Pass `name=` to tell them apart."
            )
        self.regularizers = regularizers
        self.discriminator_steps = check_positive_int(
            "discriminator_steps", discriminator_steps, allow_none=True
        )

    @property
    def effective_discriminator_steps(self):
        return self.discriminator_steps or self.loss.discriminator_steps

    @property
    def generator_needs_real(self):
        """Whether the generator update must run D on real data."""
        return self.loss.generator_needs_real or any(
            r.generator_needs_real for r in self.regularizers
        )

    def components(self):
        """The loss and every regularizer (everything that may hold state or hooks)."""
        return [self.loss, *self.regularizers]

    def _total(self, prefix, base, step, method):
        logs = {}
        total = base
        for reg in self.regularizers:
            value = getattr(reg, method)(step)
            if value is None:
                continue
            logs[f"{prefix}/{reg.name}"] = value
            # Optional extra logs of a regularizer (declared in its `log_names`).
            extra = getattr(reg, "penalty_logs", None)
            if extra is not None:
                logs.update({f"{prefix}/{k}": v for k, v in extra(step, value).items()})
            if reg.weight:
                total = total + reg.weight * value
        return total, logs

    def discriminator_loss(self, step):
        """Returns `(d_total, logs)` for the discriminator's update."""
        total, logs = self._total("d", self.loss.discriminator_loss(step), step, "discriminator_penalty")
        for key, value in self.loss.discriminator_logs(step).items():
            logs[f"d/{key}"] = value
        return total, {"d_loss": total, **logs}

    def generator_loss(self, step):
        """Returns `(g_total, logs)` for the generator's update."""
        total, logs = self._total("g", self.loss.generator_loss(step), step, "generator_penalty")
        return total, {"g_loss": total, **logs}

    def log_names(self):
        """The keys `discriminator_loss` / `generator_loss` can log, known before tracing."""
        names = ["d_loss", "g_loss"]
        for reg in self.regularizers:
            players = reg.penalized_players()
            extra = tuple(getattr(reg, "log_names", ()))
            if "discriminator" in players:
                names.append(f"d/{reg.name}")
                names.extend(f"d/{key}" for key in extra)
            if "generator" in players:
                names.append(f"g/{reg.name}")
                names.extend(f"g/{key}" for key in extra)
        names.extend(f"d/{key}" for key in getattr(self.loss, "log_names", ()))
        return names

    def get_config(self):
        return {
            "loss": keras.saving.serialize_keras_object(self.loss),
            "regularizers": [keras.saving.serialize_keras_object(r) for r in self.regularizers],
            "discriminator_steps": self.discriminator_steps,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["loss"] = keras.saving.deserialize_keras_object(config["loss"])
        config["regularizers"] = [
            keras.saving.deserialize_keras_object(r) for r in config.get("regularizers", ())
        ]
        return cls(**config)

    def __repr__(self):
        return (
            f"Objective(loss={self.loss!r}, regularizers={self.regularizers!r}, "
            f"discriminator_steps={self.discriminator_steps!r})"
        )


#: Preset name -> factory of a fresh `Objective` (so instances are never shared).
PRESETS = {
    "non-saturating": lambda: Objective(L.NonSaturatingLoss()),
    "minimax": lambda: Objective(L.MinimaxLoss()),
    "wgan-gp": lambda: Objective(
        L.WassersteinLoss(), [R.GradientPenalty(10.0)], discriminator_steps=5
    ),
    # Losses family (issue 3); the paper's discriminator steps (docs/losses.md).
    "wgan": lambda: Objective(
        L.WassersteinLoss(), [R.WeightClipping(0.01)], discriminator_steps=5
    ),
    "lsgan": lambda: Objective(L.LeastSquaresLoss()),
    "hinge": lambda: Objective(L.HingeLoss()),
    "rsgan": lambda: Objective(L.RelativisticLoss("standard")),
    "ragan": lambda: Objective(L.RelativisticAverageLoss("standard")),
    "ralsgan": lambda: Objective(L.RelativisticAverageLoss("least_squares")),
    "rahinge": lambda: Objective(L.RelativisticAverageLoss("hinge")),
    **{
        f"fgan-{_d}": (lambda _d=_d: Objective(L.FGANLoss(_d)))
        for _d in L.fgan.DIVERGENCES
    },
    "ebgan": lambda: Objective(L.EBGANLoss(1.0), [R.PullingAway(0.1)]),
    "began": lambda: Objective(L.BEGANLoss(0.5, 0.001)),
}


def get(identifier):
    """Returns an `Objective`.

    Args:
        identifier: A preset name (see `PRESETS`: `"wgan-gp"` is Wasserstein +
            `GradientPenalty(10)` with 5 discriminator steps), a dict from
            `keras.saving.serialize_keras_object`, a `GANLoss` (wrapped with no
            regularizers), or an `Objective` (returned as is).

    Raises:
        ValueError: for an unknown name; the message lists every valid one.
    """
    if isinstance(identifier, Objective):
        return identifier
    if isinstance(identifier, GANLoss):
        return Objective(identifier)
    if isinstance(identifier, str):
        if identifier in PRESETS:
            return PRESETS[identifier]()
        return Objective(L.get(identifier))  # raises with the full list
    if isinstance(identifier, dict):
        obj = keras.saving.deserialize_keras_object(identifier)
        return get(obj)
    raise TypeError(
        "`loss` must be a preset name, a dict, a kerasgan.losses.GANLoss or a "
        f"kerasgan.Objective. Received: loss={identifier!r}"
    )
