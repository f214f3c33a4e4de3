"""An exponential moving average of the generator's weights, used for sampling."""

import keras
from keras import ops

from kerasgan._utils import check_number
from kerasgan.hooks import Hook


@keras.saving.register_keras_serializable(package="kerasgan")
class EMAGenerator(Hook):
    """Keeps an exponential moving average (EMA) of the generator's weights.

    θ̄ ← decay·θ̄ + (1 - decay)·θ,   after every generator update (θ̄₀ = θ₀)

    Training is unchanged; the average is what you sample from.
    `GAN.generate`, `GAN.export`, `SampleGrid` and the evaluation callbacks
    use `GAN.sampling_generator()`, which returns a copy of the generator
    holding θ̄ when an `EMAGenerator` is compiled in. The average lives in
    `gan.add_state`, so it is saved with the GAN. Non-trainable weights
    (batch-norm statistics) are taken from the live generator.

    Example:

    ```python
    gan.compile(g_opt, d_opt, regularizers=[kerasgan.regularizers.EMAGenerator(0.999)])
    gan.fit(dataset, epochs=10)
    samples = gan.generate(64)   # from the averaged weights
    ```

    Args:
        decay: The EMA decay, in [0, 1). Defaults to 0.999.
        name: State name. Defaults to "ema_generator".

    Reference:
        Yazıcı et al., "The Unusual Effectiveness of Averaging in GAN
        Training", ICLR 2019, Eq. 2 (EMA). Karras et al., "Progressive Growing
        of GANs", ICLR 2018, Section A.1 (generator EMA for sampling).
    """

    def __init__(self, decay=0.999, *, name=None):
        super().__init__(name=name)
        self.decay = float(check_number(
            "decay", decay, low=0, high=1, high_open=True, hint="A typical value is 0.999."
        ))
        self._live = None
        self._average = None
        self._copy = None

    def build(self, gan):
        self._live = list(gan.generator.trainable_variables)
        self._average = []
        for i, w in enumerate(self._live):
            avg = gan.add_state(f"{self.name}.{i}", tuple(w.shape), dtype=w.dtype)
            avg.assign(w)
            self._average.append(avg)
        self._generator = gan.generator
        self._copy = None

    @property
    def average(self):
        """The averaged weights (variables, in the generator's trainable order)."""
        return list(self._average or ())

    def after_generator_update(self, step):
        for w, avg in zip(self._live, self._average):
            avg.assign(self.decay * avg + (1.0 - self.decay) * ops.cast(w, avg.dtype))

    def sampling_generator(self, gan):
        """A copy of `gan.generator` holding the averaged weights (made once)."""
        if self._average is None:
            return gan.generator
        if self._copy is None:
            self._copy = keras.models.clone_model(gan.generator)
        self._copy.set_weights(gan.generator.get_weights())
        for target, avg in zip(self._copy.trainable_variables, self._average):
            target.assign(avg)
        return self._copy

    def get_config(self):
        return {"decay": self.decay, "name": self.name}
