"""Weight clipping of the critic after each update (the original WGAN)."""

import keras
from keras import ops

from kerasgan._utils import check_number
from kerasgan.hooks import Hook


@keras.saving.register_keras_serializable(package="kerasgan")
class WeightClipping(Hook):
    """Clips every trainable weight of the discriminator to [−c, c] after its update.

    w ← clip(w, −c, c)   after each critic step

    This is how the original WGAN keeps the critic in a compact set of
    functions (hence K-Lipschitz for some K): it adds no penalty, it runs in
    the `after_discriminator_update` hook. The preset `"wgan"` uses it with
    c = 0.01 and 5 critic steps; the paper trains with RMSProp (lr 5e-5),
    reporting that momentum-based optimizers such as Adam destabilize it.
    The same clipping as a Keras constraint inside the network is
    `kerasgan.constraints.Clip(0.01)` (pass it as `kernel_constraint` and
    `bias_constraint`).

    Example:

    ```python
    gan.compile(keras.optimizers.RMSprop(5e-5), keras.optimizers.RMSprop(5e-5),
                loss="wasserstein", regularizers=[kerasgan.regularizers.WeightClipping(0.01)],
                discriminator_steps=5)
    ```

    Args:
        clip_value: c > 0. Defaults to 0.01.
        name: Name of the hook. Defaults to "weight_clipping".

    Reference:
        Arjovsky, Chintala & Bottou, "Wasserstein GAN", ICML 2017,
        Algorithm 1 (line 7: clip(w, −c, c), c = 0.01, n_critic = 5, RMSProp).
    """

    def __init__(self, clip_value=0.01, *, name=None):
        super().__init__(name=name)
        self.clip_value = float(check_number("clip_value", clip_value, low=0, low_open=True))
        self._variables = None

    def build(self, gan):
        self._variables = list(gan.discriminator.trainable_variables)

    def after_discriminator_update(self, step):
        if self._variables is None:
            raise ValueError(
                "WeightClipping must be built with the GAN: compile the GAN with it "
                "(`gan.compile(..., regularizers=[WeightClipping()])`)."
            )
        for var in self._variables:
            var.assign(ops.clip(var, -self.clip_value, self.clip_value))

    def get_config(self):
        return {"clip_value": self.clip_value, "name": self.name}
