"""`LogMeans`: the epoch-running means of every value a GAN step logs."""

import keras
from keras import ops


class LogMeans(keras.metrics.Metric):
    """Running means of named scalar logs, kept in two vector variables.

    One metric for all logs: a step does two `assign_add`s whatever the number
    of logged values. (Ten `keras.metrics.Mean` trackers cost about 4% of a
    DCGAN WGAN-GP step under XLA on CPU in `benchmarks/step_speed.py`.)

    Args:
        names: The log keys, in order.
    """

    def __init__(self, names, name="gan_logs"):
        super().__init__(name=name)
        self.names = list(names)
        shape = (len(self.names),)
        self.totals = self.add_variable(shape=shape, initializer="zeros", name="totals", aggregation="sum")
        self.counts = self.add_variable(shape=shape, initializer="zeros", name="counts", aggregation="sum")

    def update_state(self, logs):
        unknown = sorted(set(logs) - set(self.names))
        if unknown:
            raise KeyError(
                f"The step logged {unknown}, which the objective did not declare. "
                "A loss or regularizer declares extra logs in its `log_names` attribute."
            )
        zero = ops.zeros((), "float32")
        values = [ops.cast(ops.mean(logs[n]), "float32") if n in logs else zero for n in self.names]
        present = [1.0 if n in logs else 0.0 for n in self.names]
        self.totals.assign_add(ops.stack(values))
        self.counts.assign_add(ops.convert_to_tensor(present, dtype="float32"))

    def result(self):
        means = ops.divide_no_nan(ops.convert_to_tensor(self.totals), ops.convert_to_tensor(self.counts))
        return {name: means[i] for i, name in enumerate(self.names)}

    def reset_state(self):
        # One array each: a buffer shared by two variables is donated twice by
        # Keras's JAX trainer (a segfault under keras.distribution).
        self.totals.assign(ops.zeros((len(self.names),), "float32"))
        self.counts.assign(ops.zeros((len(self.names),), "float32"))

    def get_config(self):
        return {"names": self.names, "name": self.name}
