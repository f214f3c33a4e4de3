"""`Objective`: one GAN loss plus its regularizers; the preset table; `get()`."""

import keras
from keras import ops

from kerasgan import losses as L
from kerasgan import regularizers as R
from kerasgan._utils import check_positive_int
from kerasgan.hooks import Hook
from kerasgan.losses.base import GANLoss
from kerasgan.regularizers.base import PLAYERS, Regularizer
from kerasgan.schedule import LOSS, Phase, Schedule


def _prefix(player):
    return "d" if player == "discriminator" else "g"


def _check_components(regularizers):
    if isinstance(regularizers, Hook):
        regularizers = [regularizers]
    regularizers = list(regularizers or ())
    for i, reg in enumerate(regularizers):
        if isinstance(reg, dict):
            regularizers[i] = reg = keras.saving.deserialize_keras_object(reg)
        if not isinstance(reg, Hook):
            raise TypeError(
                "Every item of `regularizers` must be a kerasgan.regularizers.Regularizer "
                f"or a kerasgan.Hook. Received: regularizers[{i}]={reg!r}"
            )
    names = [r.name for r in regularizers]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(
            f"Regularizer names must be unique so that their logs are distinct. "
            f"Received duplicated names: {duplicates}. Pass `name=` to tell them apart."
        )
    return regularizers


@keras.saving.register_keras_serializable(package="kerasgan")
class Objective:
    """One `GANLoss`, any number of `Regularizer`s and `Hook`s, and a `Schedule`.

    `player_loss(player, step)` folds the loss and each penalty of that player
    into `(total, logs)`: the total is the loss plus each regularizer's
    weighted penalty, and `logs` holds `d_loss` / `g_loss` (the totals) and
    each penalty's unweighted value as `d/<name>` / `g/<name>`. A phase of
    the schedule may select a subset of the terms (a lazy regularizer).

    Example:

    ```python
    objective = kerasgan.Objective(
        kerasgan.losses.WassersteinLoss(),
        [kerasgan.regularizers.GradientPenalty(10.0)],
        discriminator_steps=5,
    )
    gan.compile(g_opt, d_opt, loss=objective)
    kerasgan.Objective("wgan-gp", [kerasgan.regularizers.EMAGenerator()])  # preset + EMA
    ```

    Args:
        loss: A `GANLoss`, a preset name (its regularizers and schedule are
            kept, `regularizers` are added), or anything `kerasgan.losses.get`
            accepts.
        regularizers: A sequence of `Regularizer`s and `Hook`s. Defaults to none.
        discriminator_steps: Discriminator updates per generator update.
            Defaults to the preset's, else the loss's recommendation
            (`loss.discriminator_steps`).
        schedule: A `kerasgan.Schedule` (or its config). Defaults to None:
            `Schedule.alternating(discriminator_steps)`.
    """

    def __init__(self, loss, regularizers=(), *, discriminator_steps=None, schedule=None):
        regularizers = _check_components(regularizers)
        if isinstance(loss, str) and loss in PRESETS:
            preset = PRESETS[loss]()
            loss, regularizers = preset.loss, [*preset.regularizers, *regularizers]
            if discriminator_steps is None and schedule is None:
                discriminator_steps = preset.discriminator_steps
                schedule = preset.schedule_override
        self.loss = L.get(loss)
        self.regularizers = _check_components(regularizers)
        self.discriminator_steps = check_positive_int(
            "discriminator_steps", discriminator_steps, allow_none=True
        )
        if isinstance(schedule, dict):
            schedule = keras.saving.deserialize_keras_object(schedule)
        if schedule is not None and not isinstance(schedule, Schedule):
            raise TypeError(f"`schedule` must be a kerasgan.Schedule. Received: schedule={schedule!r}")
        if schedule is not None and discriminator_steps is not None:
            raise ValueError(
                "Pass `discriminator_steps` or `schedule`, not both: a schedule says how many "
                f"discriminator updates it makes. Received: discriminator_steps={discriminator_steps}"
            )
        if schedule is not None:
            schedule.check_terms(r.name for r in self.penalties)
        self.schedule_override = schedule

    @property
    def effective_discriminator_steps(self):
        if self.schedule_override is not None:
            return self.schedule_override.discriminator_steps
        return self.discriminator_steps or self.loss.discriminator_steps

    @property
    def schedule(self):
        """The `Schedule` this objective trains with."""
        if self.schedule_override is not None:
            return self.schedule_override
        return Schedule.alternating(self.effective_discriminator_steps)

    @property
    def hooks(self):
        """Every regularizer and hook, in order (all of them are `Hook`s)."""
        return list(self.regularizers)

    @property
    def penalties(self):
        """The regularizers that add a term."""
        return [r for r in self.regularizers if isinstance(r, Regularizer)]

    @property
    def generator_needs_real(self):
        """Whether the generator update must run D on real data."""
        return self.loss.generator_needs_real or any(
            r.generator_needs_real for r in self.regularizers
        )

    def components(self):
        """The loss and every regularizer and hook (everything that may hold state)."""
        return [self.loss, *self.regularizers]

    # -- the fold over terms -----------------------------------------------------------
    def terms(self, player, phase=None, schedule=None):
        """The term names a phase of `player` minimizes ("loss" and penalty names)."""
        if phase is not None and phase.terms is not None:
            return set(phase.terms)
        everything = {LOSS, *(r.name for r in self.penalties if player in r.players)}
        return everything - (schedule.claimed(player) if schedule is not None else set())

    def player_loss(self, player, step, *, phase=None, schedule=None):
        """`(total, logs)` of `player`'s terms in `phase` (every term when None)."""
        prefix, gain = _prefix(player), (phase.gain if phase is not None else 1.0)
        terms = self.terms(player, phase, schedule)
        logs, total = {}, ops.zeros((), "float32")
        if LOSS in terms:
            total = getattr(self.loss, f"{player}_loss")(step)
            logs.update({f"{prefix}/{k}": v for k, v in self.loss.logs(player, step, total).items()})
        for reg in self.penalties:
            if reg.name not in terms or player not in reg.players:
                continue
            value = reg.penalty(player, step)
            if value is None:
                continue
            logs[f"{prefix}/{reg.name}"] = value * gain if gain != 1.0 else value
            logs.update({f"{prefix}/{k}": v for k, v in reg.logs(player, step, value).items()})
            if reg.weight:
                total = total + reg.weight * value
        for hook in self.regularizers:
            if not isinstance(hook, Regularizer) and hook.log_names(player):
                logs.update({f"{prefix}/{k}": v for k, v in hook.logs(player, step, None).items()})
        if gain != 1.0:
            total = gain * total
        if LOSS in terms:
            logs = {f"{prefix}_loss": total, **logs}
        return total, logs

    def discriminator_loss(self, step):
        """Returns `(d_total, logs)` for the discriminator's update (every term)."""
        return self.player_loss("discriminator", step)

    def generator_loss(self, step):
        """Returns `(g_total, logs)` for the generator's update (every term)."""
        return self.player_loss("generator", step)

    def phase_log_names(self, phase, schedule):
        """The keys one update of `phase` logs, known before tracing."""
        names = []
        for player in phase.players:
            prefix, terms = _prefix(player), self.terms(player, phase, schedule)
            if LOSS in terms:
                names.append(f"{prefix}_loss")
            for reg in self.penalties:
                if reg.name in terms and player in reg.players:
                    names.append(f"{prefix}/{reg.name}")
                    names.extend(f"{prefix}/{k}" for k in reg.log_names(player))
            if LOSS in terms:
                names.extend(f"{prefix}/{k}" for k in self.loss.log_names(player))
            for hook in self.regularizers:
                if not isinstance(hook, Regularizer):
                    names.extend(f"{prefix}/{k}" for k in hook.log_names(player))
            if player == "discriminator" and schedule.main(phase):
                names.extend(["real_score", "fake_score"])
        return names

    def log_names(self):
        """The keys `discriminator_loss` / `generator_loss` can log, known before tracing."""
        names = ["d_loss", "g_loss"]
        for reg in self.regularizers:
            for player in PLAYERS:
                prefix = _prefix(player)
                if isinstance(reg, Regularizer) and player in reg.players:
                    names.append(f"{prefix}/{reg.name}")
                names.extend(f"{prefix}/{key}" for key in reg.log_names(player))
        for player in PLAYERS:
            names.extend(f"{_prefix(player)}/{key}" for key in self.loss.log_names(player))
        return names

    def get_config(self):
        return {
            "loss": keras.saving.serialize_keras_object(self.loss),
            "regularizers": [keras.saving.serialize_keras_object(r) for r in self.regularizers],
            "discriminator_steps": self.discriminator_steps,
            "schedule": (keras.saving.serialize_keras_object(self.schedule_override)
                         if self.schedule_override is not None else None),
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
            f"discriminator_steps={self.discriminator_steps!r}, "
            f"schedule={self.schedule_override!r})"
        )


#: Preset name -> factory of a fresh `Objective` (so instances are never shared).
PRESETS = {
    "wgan-gp": lambda: Objective(
        L.get("wgan-gp"), [R.GradientPenalty(10.0)], discriminator_steps=5
    ),
    # The original WGAN: clipping and 5 critic steps (docs/losses.md).
    "wgan": lambda: Objective(L.get("wgan"), [R.WeightClipping(0.01)], discriminator_steps=5),
    "ebgan": lambda: Objective(L.get("ebgan"), [R.PullingAway(0.1)]),
    # StyleGAN2 (Karras et al. 2020, App. B): non-saturating, lazy R1 every 16 steps and
    # path-length regularization (w_pl = 2) every 4, each with its interval as gain.
    # γ = 0.01: StyleGAN2-ADA's CIFAR-10 setting (small images; FFHQ-1024 uses 10).
    "stylegan2": lambda: Objective(
        L.get("non-saturating"), [R.R1Penalty(0.01), R.PathLengthPenalty(2.0)],
        schedule=Schedule([
            Phase("discriminator"),
            Phase("discriminator", terms=["r1_penalty"], interval=16),
            Phase("generator"),
            Phase("generator", terms=["path_length"], interval=4),
        ]),
    ),
    # R3GAN: RpGAN + R1 + R2 (γ/2 each, every step); γ of their CIFAR-10 config (docs/losses.md).
    "r3gan": lambda: Objective(L.get("rpgan"), [R.R1Penalty(0.05), R.R2Penalty(0.05)]),
    # The loss alone, with the paper's own settings (`kerasgan.losses.NAMES`).
    **{
        _name: (lambda _name=_name: Objective(L.get(_name)))
        for _name in ("non-saturating", "minimax", "lsgan", "hinge", "rsgan", "ragan",
                      "ralsgan", "rahinge", "began", *(f"fgan-{d}" for d in L.fgan.DIVERGENCES))
    },
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
        if identifier in L.names():
            return Objective(L.get(identifier))
        raise ValueError(
            f"Unknown loss or preset name: {identifier!r}. Valid names: "
            f"{', '.join(sorted(set(PRESETS) | set(L.names())))}. "
            "You can also pass a kerasgan.losses.GANLoss or a kerasgan.Objective."
        )
    if isinstance(identifier, dict):
        obj = keras.saving.deserialize_keras_object(identifier)
        return get(obj)
    raise TypeError(
        "`loss` must be a preset name, a dict, a kerasgan.losses.GANLoss or a "
        f"kerasgan.Objective. Received: loss={identifier!r}"
    )
