"""The JAX trainer's explicit state: every variable's value, threaded through a step.

Keras's JAX trainer calls `train_step(state, data)` with
`state = (trainable, non_trainable, optimizer, metrics)` variable *values* and
expects `(logs, new_state)`. kerasgan's step maths is written against
`keras.Variable`s (`procedure.py`, the hooks), so the trainer runs
it inside `keras.StatelessScope`s that map every variable of the GAN to its
current value (`Values.scope`), and reads back whatever the maths assigned
(BatchNorm statistics, the seed generator's state, `gan.add_state` variables,
metric accumulators) with `Values.collect`.
"""

import keras


class RecordingScope(keras.StatelessScope):
    """A nested scope that sees its parent's values and records what is assigned."""

    def __init__(self, parent_mapping):
        super().__init__()
        self.state_mapping = dict(parent_mapping)
        self.assigned = {}

    def add_update(self, update):
        variable, value = update
        self.assigned[id(variable)] = variable
        super().add_update(update)


class Values:
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


def check_optimizers(gan):
    known = {id(v) for v in gan.optimizer.variables}
    for optimizer in (gan.g_optimizer, gan.d_optimizer):
        if any(id(v) not in known for v in optimizer.variables):
            raise NotImplementedError(
                "kerasgan on the JAX backend cannot thread the state of "
                f"{type(optimizer).__name__} (a loss-scale optimizer's dynamic scale, "
                "used with the 'mixed_float16' policy). Use 'mixed_bfloat16' on JAX, "
                "or KERAS_BACKEND=tensorflow for float16 loss scaling."
            )
