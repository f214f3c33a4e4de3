"""JAX backend: `input_gradient` and the stateless `GANTrainer` mixin.

Keras's JAX trainer calls `train_step(state, data)` with
`state = (trainable, non_trainable, optimizer, metrics)` variable *values* and
expects `(logs, new_state)`. kerasgan's step maths is written against
`keras.Variable`s (`procedure.py`, the objective's hooks), so this trainer
runs it inside `keras.StatelessScope`s that map every variable of the GAN to
its current value, and reads back whatever the maths assigned (BatchNorm
statistics, the seed generator's state, `gan.add_state` variables, metric
accumulators). Gradients come from `jax.value_and_grad` over the values of one
player's trainable variables; updates from that player's optimizer's
`stateless_apply`.
"""

import jax
import jax.numpy as jnp
import keras
from keras.src.backend.common import stateless_scope as _scope_lib

from kerasgan import procedure


class _RecordingScope(keras.StatelessScope):
    """A nested scope that sees its parent's values and records what is assigned."""

    def __init__(self, parent_mapping):
        super().__init__()
        self.state_mapping = dict(parent_mapping)
        self.assigned = {}

    def add_update(self, update):
        variable, value = update
        self.assigned[id(variable)] = variable
        super().add_update(update)


def input_gradient(fn, x):
    """d(sum fn(x))/dx with `jax.grad`; differentiable again (grad of grad).

    `x` may be a list of tensors (a network's weights, for consensus
    optimization and unrolling); the result is then a list, with zeros for the
    entries `fn` does not use.

    Variables that `fn` assigns (a dropout layer's seed state, a hook's
    counters) are carried out of the inner trace as auxiliary outputs and
    written to the enclosing stateless scope (or to the variables when called
    eagerly), so no tracer leaks out of `jax.grad`.
    """
    outer = _scope_lib.get_stateless_scope()
    parent = outer.state_mapping if outer is not None else {}
    recorded = {}

    def total(inputs):
        with _RecordingScope(parent) as inner:
            y = jnp.sum(jnp.asarray(fn(inputs), dtype=jnp.float32))
        recorded.update(inner.assigned)
        return y, {key: inner.state_mapping[key] for key in inner.assigned}

    if isinstance(x, tuple):
        x = list(x)
    grad, updates = jax.grad(total, has_aux=True)(x)
    for key, value in updates.items():
        if outer is not None:
            outer.add_update((recorded[key], value))
        else:
            recorded[key].assign(value)
    return grad


class _Values:
    """The current value of every variable of the GAN, keyed by variable id."""

    def __init__(self, gan, state):
        self.groups = (
            list(gan.trainable_variables),
            list(gan.non_trainable_variables),
            list(gan.optimizer.variables),
            list(gan.metrics_variables),
        )
        self.variables = {}
        self.values = {}
        for variables, values in zip(self.groups, state):
            if len(variables) != len(values):
                raise ValueError(
                    f"JAX state has {len(values)} values for {len(variables)} variables; "
                    "the GAN's variables changed after fit() started. Create every "
                    "state variable in build(gan), from compile()."
                )
            for variable, value in zip(variables, values):
                self.variables[id(variable)] = variable
                self.values[id(variable)] = value

    def get(self, variables):
        return [self.values[id(v)] for v in variables]

    def set(self, variables, values):
        for variable, value in zip(variables, values):
            self.values[id(variable)] = value

    def scope(self, overrides=None):
        mapping = dict(self.values)
        mapping.update(overrides or {})
        return keras.StatelessScope(
            state_mapping=[(self.variables[key], value) for key, value in mapping.items()]
        )

    def collect(self, scope):
        """Reads back every value the scope holds (assigned or not)."""
        updated = {}
        for key in self.values:
            value = scope.get_current_value(self.variables[key])
            if value is not None:
                updated[key] = value
        return updated

    def state(self):
        return tuple(self.get(variables) for variables in self.groups)


# The Step fields that hold arrays; the others (callables, the seed generator,
# the step counter variable, the `Game`) are Python objects kept from the trace.
_ARRAY_FIELDS = ("real", "fake", "condition", "latents", "real_output", "fake_output")


def _arrays(step):
    """The Step's array fields (a pytree JAX can return through `has_aux`)."""
    return {name: getattr(step, name) for name in _ARRAY_FIELDS}


def _player_update(gan, values, forward, optimizer, variables, real, condition):
    """One player's update: value_and_grad of `forward`, stateless apply, hooks' step."""
    keys = [id(v) for v in variables]
    holder = {}

    def loss_fn(trainable):
        with values.scope(dict(zip(keys, trainable))) as scope:
            loss, logs, step = forward(gan, real, condition)
            scaled = optimizer.scale_loss(loss)
        holder["step"] = step
        updated = values.collect(scope)
        for key in keys:
            updated.pop(key, None)
        return scaled, (logs, _arrays(step), updated)

    (_, (logs, tensors, updated)), grads = jax.value_and_grad(loss_fn, has_aux=True)(
        values.get(variables)
    )
    values.values.update(updated)
    new_trainable, new_optimizer = optimizer.stateless_apply(
        values.get(optimizer.variables), grads, values.get(variables)
    )
    values.set(variables, new_trainable)
    values.set(optimizer.variables, new_optimizer)
    # The hooks after the update see the forward pass's arrays as plain values
    # (not tracers of the differentiated function) and its Python objects.
    return logs, holder["step"]._replace(**tensors)


def _run_stateful(values, fn, *args):
    """Runs `fn(*args)` with every variable mapped; keeps what it assigned."""
    with values.scope() as scope:
        result = fn(*args)
    values.values.update(values.collect(scope))
    return result


def _unshared(state):
    """Copies any array that backs two variables (a hook that assigned one
    variable's value to another, e.g. an EMA copy): Keras donates the state to
    the compiled step, and XLA refuses to donate one buffer twice."""
    seen = set()
    groups = []
    for values in state:
        group = []
        for value in values:
            if isinstance(value, jax.Array) and id(value) in seen:
                value = jnp.array(value, copy=True)
            seen.add(id(value))
            group.append(value)
        groups.append(group)
    return tuple(groups)


def _reattach(gan, state):
    groups = (gan.trainable_variables, gan.non_trainable_variables,
              gan.optimizer.variables, gan.metrics_variables)
    for variables, values in zip(groups, state):
        for variable, value in zip(variables, values):
            if variable._value is None and isinstance(value, jax.Array):
                variable.assign(value)


def _check_optimizers(gan):
    known = {id(v) for v in gan.optimizer.variables}
    for optimizer in (gan.g_optimizer, gan.d_optimizer):
        if any(id(v) not in known for v in optimizer.variables):
            raise NotImplementedError(
                "kerasgan on the JAX backend cannot thread the state of "
                f"{type(optimizer).__name__} (a loss-scale optimizer's dynamic scale, "
                "used with the 'mixed_float16' policy). Use 'mixed_bfloat16' on JAX, "
                "or KERAS_BACKEND=tensorflow for float16 loss scaling."
            )


class GANTrainer:
    """Stateless `train_step` for JAX: `discriminator_steps` D updates, then one G update.

    Keras wraps this step in `jax.jit` when `jit_compile` is on; the Python loop
    over discriminator steps unrolls at trace time.
    """

    def make_train_function(self, force=False):
        train_function = super().make_train_function(force)
        function = self.train_function
        if function is None or getattr(function, "_kerasgan_restores", False):
            return train_function

        def restoring(state, *args, **kwargs):
            # Keras detaches the variables' values at the start of `fit()` and
            # re-attaches them when an epoch ends; a step that raises (bad data
            # found at trace time) would leave the GAN without weights.
            try:
                return function(_unshared(state), *args, **kwargs)
            except Exception:
                _reattach(self, state)
                raise

        restoring._kerasgan_restores = True
        self.train_function = restoring
        return self.train_function

    def train_step(self, state, data):
        real, condition = procedure.unpack(data)
        _check_optimizers(self)
        values = _Values(self, state)
        # One seed-state update per step (see `ReplicaSeedGenerator.step`).
        _run_stateful(values, self.seed_generator.open_step)
        try:
            logs = self._player_updates(values, real, condition)
        except BaseException:
            self.seed_generator.abort_step()
            raise
        _run_stateful(values, self.seed_generator.close_step)
        _run_stateful(values, lambda: self.optimizer.iterations.assign_add(1))
        logs = _run_stateful(values, self.update_log_metrics, logs)
        return logs, values.state()

    def _player_updates(self, values, real, condition):
        d_vars = self.discriminator.trainable_variables
        g_vars = self.generator.trainable_variables
        logs = {}
        for _ in range(self.discriminator_steps):
            d_logs, step = _player_update(
                self, values, procedure.discriminator_forward, self.d_optimizer, d_vars, real, condition
            )
            _run_stateful(values, procedure.after_discriminator_update, self, step)
        logs.update(d_logs)
        g_logs, step = _player_update(
            self, values, procedure.generator_forward, self.g_optimizer, g_vars, real, condition
        )
        _run_stateful(values, procedure.after_generator_update, self, step)
        logs.update(g_logs)
        return logs
