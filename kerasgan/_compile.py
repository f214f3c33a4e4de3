"""What `GAN.compile` assembles: the objective and schedule, and the one `MultiOptimizer`."""

import keras

from kerasgan import objective as objective_lib
from kerasgan._loss_scale import inner_optimizer, per_player_loss_scale
from kerasgan._utils import check_positive_int
from kerasgan.schedule import Schedule


def resolve_objective(loss, regularizers, discriminator_steps, schedule):
    """`(objective, schedule)` from `compile`'s arguments.

    `regularizers` are added to the preset's own; `schedule` (or
    `discriminator_steps`, the alternating schedule's shorthand) overrides the
    objective's.
    """
    objective = objective_lib.get(loss)
    if regularizers:
        objective = objective_lib.Objective(
            objective.loss,
            [*objective.regularizers, *list(regularizers)],
            discriminator_steps=objective.discriminator_steps,
            schedule=objective.schedule_override,
        )
    check_positive_int("discriminator_steps", discriminator_steps, allow_none=True)
    if isinstance(schedule, dict):
        schedule = keras.saving.deserialize_keras_object(schedule)
    if schedule is not None and not isinstance(schedule, Schedule):
        raise TypeError(f"`schedule` must be a kerasgan.Schedule. Received: schedule={schedule!r}")
    if discriminator_steps is not None:
        if schedule is not None or objective.schedule_override is not None:
            raise ValueError(
                "`discriminator_steps` is the alternating schedule's shorthand; this GAN has "
                "a `schedule` already. Set the discriminator phase's `repeats` instead. "
                f"Received: discriminator_steps={discriminator_steps}"
            )
        schedule = Schedule.alternating(discriminator_steps)
    schedule = schedule or objective.schedule
    schedule.check_terms(r.name for r in objective.penalties)
    return objective, schedule


def player_optimizers(dtype_policy, g_optimizer, d_optimizer):
    """Each player's optimizer; under `mixed_float16`, each with its own dynamic loss
    scale (their losses differ in size; Keras would wrap the one combined optimizer)."""
    if dtype_policy.name == "mixed_float16":
        return per_player_loss_scale(g_optimizer, "g"), per_player_loss_scale(d_optimizer, "d")
    return g_optimizer, d_optimizer


def multi_optimizer(generator, discriminator, g_optimizer, d_optimizer):
    """Both players' optimizers as one built `keras.optimizers.MultiOptimizer`."""
    g_vars = generator.trainable_variables
    g_ids = {id(v) for v in g_vars}
    # MultiOptimizer refuses a LossScaleOptimizer inside: it carries the inner
    # optimizers, and each player's LossScaleOptimizer (used by the trainer for
    # scale_loss/apply) keeps its own dynamic scale around its inner one.
    g_inner, d_inner = inner_optimizer(g_optimizer), inner_optimizer(d_optimizer)
    scale = (g_inner.loss_scale_factor, d_inner.loss_scale_factor)
    multi = keras.optimizers.MultiOptimizer(
        lambda v: g_inner if id(v) in g_ids else d_inner, name="gan_optimizer"
    )
    # Built here, not lazily: `fit()` finalizes (EMA) through it, and JAX
    # needs every optimizer variable to exist before the first step.
    d_vars = discriminator.trainable_variables
    multi.build(g_vars + d_vars)
    g_inner.loss_scale_factor, d_inner.loss_scale_factor = scale
    for opt, variables in ((g_optimizer, g_vars), (d_optimizer, d_vars)):
        if opt is not inner_optimizer(opt) and not opt.built:
            opt.build(variables)  # the loss scale's own variables
    return multi


def log_names(objective, schedule):
    """Every key a step can log, in a fixed order (the `LogMeans` layout)."""
    names = objective.log_names() + ["real_score", "fake_score"]
    for phase in schedule.phases:
        names += objective.phase_log_names(phase, schedule)
    return list(dict.fromkeys(names))
