"""Historical averaging: pull a player's weights toward their running mean."""

import keras
from keras import ops

from kerasgan.regularizers._players import check_player, network
from kerasgan.regularizers.base import Regularizer


@keras.saving.register_keras_serializable(package="kerasgan")
class HistoricalAveraging(Regularizer):
    """Historical averaging: ‖θ - (1/t)·Σᵢ θ[i]‖² added to one player's loss.

    HA = Σ_w ‖w - w̄‖²,   w̄ = (1/t)·Σ_{i=0}^{t-1} w[i]

    where w̄ is the running mean of each of the player's trainable weights over
    every past value (the initial weights included), updated after each of
    that player's optimizer steps. The means live in `gan.add_state`, so they
    are saved with the GAN and training resumes with them.

    Example:

    ```python
    gan.compile(g_opt, d_opt, regularizers=[
        kerasgan.regularizers.HistoricalAveraging(1e-3, player="discriminator")])
    ```

    Args:
        weight: Multiplier of the term. Defaults to 1.0.
        player: `"discriminator"` or `"generator"`: whose weights are averaged
            and whose loss gets the term. Defaults to "discriminator".
        name: Log and state name. Defaults to "historical_averaging".

    Reference:
        Salimans et al., "Improved Techniques for Training GANs", NeurIPS
        2016, Section 3.3.
    """

    def __init__(self, weight=1.0, *, player="discriminator", name=None):
        super().__init__(weight, name=name)
        self.player = check_player("player", player)
        self.players = (self.player,)
        self._weights = None
        self._means = None
        self._count = None

    def build(self, gan):
        self._weights = list(network(gan, self.player).trainable_variables)
        self._means = []
        for i, w in enumerate(self._weights):
            mean = gan.add_state(f"{self.name}.mean_{i}", tuple(w.shape))
            mean.assign(w)
            self._means.append(mean)
        self._count = gan.add_state(f"{self.name}.count", ())
        self._count.assign(1.0)

    def _penalty(self, step):
        if self._weights is None:
            raise ValueError(
                "HistoricalAveraging has no weights to average: it was not built. "
                "Pass it to `GAN.compile(regularizers=[...])`."
            )
        total = ops.zeros((), "float32")
        for w, mean in zip(self._weights, self._means):
            total = total + ops.sum(ops.square(ops.cast(w, "float32") - mean))
        return total

    def _update(self):
        count = self._count + 1.0
        for w, mean in zip(self._weights, self._means):
            mean.assign(mean + (ops.cast(w, "float32") - mean) / count)
        self._count.assign(count)

    def discriminator_penalty(self, step):
        return self._penalty(step) if self.player == "discriminator" else None

    def generator_penalty(self, step):
        return self._penalty(step) if self.player == "generator" else None

    def after_discriminator_update(self, step):
        if self.player == "discriminator":
            self._update()

    def after_generator_update(self, step):
        if self.player == "generator":
            self._update()

    def get_config(self):
        return {**super().get_config(), "player": self.player}
