"""JAX backend: `input_gradient`, the `Runtime` primitives and the stateless `GANTrainer`.

The step's state is explicit (`_jax_state.Values`): gradients come from
`jax.vjp` over the values of the updated players' trainable variables, updates
from each player's optimizer's `stateless_apply`, and a conditional phase
(`when`) is a `jax.lax.cond` over the whole state.
"""

import jax
import jax.numpy as jnp

from kerasgan import _keras_private, procedure
from kerasgan._backend import _jax_donation, _jax_state


def input_gradient(fn, x):
    """d(sum fn(x))/dx with `jax.grad`; differentiable again (grad of grad).

    `x` may be a list of tensors (a network's weights, for consensus
    optimization and unrolling); the result is then a list, with zeros for the
    entries `fn` does not use. Variables that `fn` assigns (a dropout layer's
    seed state, a hook's counters) are carried out of the inner trace as
    auxiliary outputs and written to the enclosing stateless scope (or to the
    variables when called eagerly), so no tracer leaks out of `jax.grad`.
    """
    outer = _keras_private.get_stateless_scope()
    parent = outer.state_mapping if outer is not None else {}
    recorded = {}

    def total(inputs):
        with _jax_state.RecordingScope(parent) as inner:
            y = jnp.sum(jnp.asarray(fn(inputs), dtype=jnp.float32))
        recorded.update(inner.assigned)
        return y, {key: inner.state_mapping[key] for key in inner.assigned}

    grad, updates = jax.grad(total, has_aux=True)(list(x) if isinstance(x, tuple) else x)
    for key, value in updates.items():
        if outer is not None:
            outer.add_update((recorded[key], value))
        else:
            recorded[key].assign(value)
    return grad


# The Step fields that hold arrays; the others (callables, the seed generator,
# the `Game`) are Python objects kept from the trace.
_ARRAY_FIELDS = ("real", "fake", "condition", "latents", "real_output", "fake_output")


class Runtime:
    """The primitives `procedure.train_step` runs on (see that module)."""

    input_gradient = staticmethod(input_gradient)

    def __init__(self, values):
        self.values = values

    def run(self, fn, *args):
        """Runs `fn(*args)` with every variable mapped; keeps what it assigned."""
        with self.values.scope() as scope:
            result = fn(*args)
        self.values.values.update(self.values.collect(scope))
        return result

    def update(self, players, forward, after, *, when=None, log_names=()):
        if when is None:
            return self._update(players, forward, after)

        def due(mapping):
            self.values.values = dict(mapping)
            logs = self._update(players, forward, after)
            out = {k: jnp.asarray(v, mapping[k].dtype) for k, v in self.values.values.items()}
            return out, [jnp.mean(logs[n]).astype(jnp.float32) for n in log_names]

        def skip(mapping):
            return mapping, [jnp.zeros((), jnp.float32) for _ in log_names]

        mapping, values = jax.lax.cond(when, due, skip, dict(self.values.values))
        self.values.values = dict(mapping)
        return dict(zip(log_names, values))

    def _update(self, players, forward, after):
        values = self.values
        keys = [[id(v) for v in variables] for _, _, variables in players]
        holder = {}

        def losses(*trainables):
            overrides = {k: t for ks, ts in zip(keys, trainables) for k, t in zip(ks, ts)}
            with values.scope(overrides) as scope:
                loss, logs, steps = forward()
                scaled = tuple(optimizer.scale_loss(loss[p]) for p, optimizer, _ in players)
            holder["steps"] = steps
            updated = values.collect(scope)
            for key in (k for ks in keys for k in ks):
                updated.pop(key, None)
            arrays = {p: {f: getattr(s, f) for f in _ARRAY_FIELDS} for p, s in steps.items()}
            return scaled, (logs, arrays, updated)

        primals = [values.get(variables) for _, _, variables in players]
        scaled, vjp, (logs, arrays, updated) = jax.vjp(losses, *primals, has_aux=True)
        # Every gradient at the same point: with two players, the simultaneous update.
        grads = [
            vjp(tuple(jnp.ones_like(s) if j == i else jnp.zeros_like(s) for j, s in enumerate(scaled)))[i]
            for i in range(len(players))
        ]
        values.values.update(updated)
        for grad, (_, optimizer, variables) in zip(grads, players):
            new_variables, new_optimizer = optimizer.stateless_apply(
                values.get(optimizer.variables), grad, values.get(variables)
            )
            values.set(variables, new_variables)
            values.set(optimizer.variables, new_optimizer)
        # The hooks after the update see the forward pass's arrays as plain values
        # (not tracers of the differentiated function) and its Python objects.
        steps = {p: s._replace(**arrays[p]) for p, s in holder["steps"].items()}
        self.run(after, steps)
        return logs


class GANTrainer:
    """Stateless `train_step` for JAX: `procedure.train_step` on this backend's `Runtime`.

    Keras wraps this step in `jax.jit` when `jit_compile` is on; the Python loop
    over the schedule's phases unrolls at trace time.
    """

    def make_train_function(self, force=False):
        train_function = super().make_train_function(force)
        if self.train_function is not None:
            self.train_function = _jax_donation.restoring(self, self.train_function)
        return self.train_function if self.train_function is not None else train_function

    def train_step(self, state, data):
        _jax_state.check_optimizers(self)
        values = _jax_state.Values(self, state)
        logs = procedure.train_step(self, Runtime(values), data)
        return logs, values.state()
