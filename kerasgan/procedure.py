"""The training step, written once: the schedule's phases, run by a backend runtime.

`GAN.train_step` (in `kerasgan/_backend/<name>.py`) hands this module a
*runtime* with three primitives and nothing else:

- `runtime.input_gradient(fn, x)`: d(sum fn(x))/dx, differentiable again;
- `runtime.update(players, forward, after, when=None, log_names=())`: one
  update of one player, or of both at the same point (simultaneous):
  differentiate `forward()`'s losses, apply each player's optimizer, run
  `after(steps)`; with `when` (a traced boolean), only on the steps where it
  holds (the other steps log zeros for `log_names`);
- `runtime.run(fn, *args)`: run stateful code (hooks' state, counters) so its
  assignments persist on every backend (JAX's state is explicit).

Everything else — the schedule as data (`kerasgan.Schedule`), the latents,
the networks (`Game`), the objective's fold over terms, the hooks — is here,
backend-free, so a new schedule or hook is written once for every backend.
"""

from keras import ops

from kerasgan import validation
from kerasgan.game import Game
from kerasgan.schedule import LOSS
from kerasgan.step import Step, StepContext


def unpack(data):
    """Splits a batch into `(real, condition)`; accepts `x`, `(x,)` or `(x, y)`."""
    if isinstance(data, (tuple, list)):
        if len(data) == 1:
            return data[0], None
        if len(data) >= 2:
            return data[0], data[1]
    if isinstance(data, dict):
        return data["x"], data.get("y")
    return data, None


def train_step(gan, runtime, data):
    """One GAN step: every phase of `gan.schedule`, then the step count and the logs."""
    real, condition = unpack(data)
    validation.check_batch(gan, real, condition)
    seeds = gan.seed_generator
    # One seed-state update per step (see `ReplicaSeedGenerator`).
    runtime.run(seeds.open_step)
    try:
        logs = run_schedule(gan, runtime, real, condition)
    except BaseException:
        seeds.abort_step()
        raise
    runtime.run(seeds.close_step)
    runtime.run(gan.optimizer.iterations.assign_add, 1)
    return runtime.run(gan.update_log_metrics, logs)


def run_schedule(gan, runtime, real, condition):
    """Runs the phases of `gan.schedule` in order; returns the merged logs."""
    schedule = gan.schedule
    context = StepContext(
        seed_generator=gan.seed_generator,
        iteration=runtime.run(ops.copy, gan.optimizer.iterations),
        input_gradient=runtime.input_gradient,
    )
    batches = minibatches(real, condition, schedule)
    logs, main = {}, 0
    for phase in schedule.phases:
        for _ in range(phase.repeats):
            batch = batches[0]
            if schedule.main(phase):
                batch, main = batches[main % len(batches)], main + 1
            logs.update(_update(gan, runtime, phase, batch, context))
    return logs


def minibatches(real, condition, schedule):
    """`[(real, condition)]`, or the batch split in one minibatch per main
    discriminator update when `schedule.fresh_real` (WGAN's Algorithm 1)."""
    n = schedule.discriminator_steps
    if not schedule.fresh_real or n <= 1:
        return [(real, condition)]
    static = real.shape[0]
    if static is not None and static < n:
        raise ValueError(
            f"`Schedule(fresh_real=True)` splits each batch among {n} discriminator updates, "
            f"but a batch holds {static} samples. Received: batch_size={static}. Batch "
            f"{n} minibatches together (batch_size = {n} x the minibatch size)."
        )
    size = ops.shape(real)[0] // n

    def part(x, i):
        return None if x is None else x[i * size:(i + 1) * size]

    return [(part(real, i), part(condition, i)) for i in range(n)]


def _players(gan, players):
    networks = {"discriminator": (gan.d_optimizer, gan.discriminator),
                "generator": (gan.g_optimizer, gan.generator)}
    return [(p, networks[p][0], networks[p][1].trainable_variables) for p in players]


def _update(gan, runtime, phase, batch, context):
    objective, schedule = gan.objective, gan.schedule
    real, condition = batch
    minimizes_loss = {p: LOSS in objective.terms(p, phase, schedule) for p in phase.players}

    def forward():
        return _forward(gan, phase, real, condition, context, minimizes_loss)

    def after(steps):
        _after_update(objective, steps, minimizes_loss)

    due = None
    if phase.interval > 1:
        due = ops.equal(ops.mod(ops.cast(context.iteration, "int64"), phase.interval), 0)
    return runtime.update(_players(gan, phase.players), forward, after, when=due,
                          log_names=objective.phase_log_names(phase, schedule))


def _forward(gan, phase, real, condition, context, minimizes_loss):
    """Losses, logs and `Step`s of one update (inside the backend's differentiation)."""
    objective, schedule = gan.objective, gan.schedule
    z = gan.prior.sample(ops.shape(real)[0], seed=context.seed_generator)
    game = Game(gan.generator, gan.discriminator, objective, real, condition, z, context)
    fake = game.live_generate()
    losses, logs, steps = {}, {}, {}
    if "discriminator" in phase.players:
        d_fake, d_latents = ops.stop_gradient(fake), z
        if minimizes_loss["discriminator"]:
            for hook in objective.hooks:
                d_fake, d_latents = hook.discriminator_fake_batch(d_fake, condition, d_latents,
                                                                  context)
        step = game.make_step(d_fake, game.live_discriminator(), latents=d_latents)
        losses["discriminator"], d_logs = objective.player_loss(
            "discriminator", step, phase=phase, schedule=schedule)
        logs.update(d_logs)
        if schedule.main(phase):
            logs["real_score"] = ops.mean(step.real_output.logits)
            logs["fake_score"] = ops.mean(step.fake_output.logits)
        steps["discriminator"] = step
    if "generator" in phase.players:
        step = game.make_step(fake, _generator_view(game, objective, context),
                              with_real=objective.generator_needs_real)
        losses["generator"], g_logs = objective.player_loss(
            "generator", step, phase=phase, schedule=schedule)
        logs.update(g_logs)
        steps["generator"] = step
    return losses, logs, steps


def _generator_view(game, objective, context):
    """The discriminator the generator is scored by: the live one, or the
    weights the hooks' `discriminator_lookahead` fold returns (unrolled GAN)."""
    probe = Step(input_gradient=context.input_gradient, seed_generator=context.seed_generator,
                 iteration=context.iteration, game=game)
    weights = None
    for hook in objective.hooks:
        weights = hook.discriminator_lookahead(weights, probe)
    return game.live_discriminator() if weights is None else game.discriminator(weights)


def _after_update(objective, steps, minimizes_loss):
    """After-update hooks, in the updates that minimize the loss (not lazy-term phases)."""
    step = steps.get("discriminator")
    if step is not None and minimizes_loss["discriminator"]:
        objective.loss.after_discriminator_update(step)
        for hook in objective.hooks:
            hook.after_discriminator_update(step)
    step = steps.get("generator")
    if step is not None and minimizes_loss["generator"]:
        objective.loss.after_generator_update(step)
        for hook in objective.hooks:
            hook.after_generator_update(step)


def make_game(gan, real, condition, latents, *, iteration=None):
    """A `Game` of `gan`'s networks on one batch, outside `fit` (tests, notebooks)."""
    from kerasgan import _backend

    context = StepContext(seed_generator=gan.seed_generator,
                          iteration=gan.optimizer.iterations if iteration is None else iteration,
                          input_gradient=_backend.current().input_gradient)
    return Game(gan.generator, gan.discriminator, gan.objective, real, condition, latents, context)
