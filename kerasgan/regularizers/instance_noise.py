"""Instance noise: Gaussian noise on everything the discriminator sees."""

import keras
from keras import ops

from kerasgan._utils import check_non_negative, check_positive_int
from kerasgan.hooks import Hook


@keras.saving.register_keras_serializable(package="kerasgan")
class InstanceNoise(Hook):
    """Instance noise: D sees x + σ_t·ε, ε ~ N(0, I), for real and fake alike.

    σ_t = std·max(0, 1 - t / anneal_steps)   (σ_t = std when anneal_steps is None)

    with t the GAN step. Adding the same noise to both distributions makes
    their supports overlap, so the discriminator cannot become infinitely
    sharp; on the Dirac-GAN it turns the circling of plain gradient descent
    into convergence. Annealing the noise to zero recovers the true data.
    Applied in both players' updates, before every discriminator call
    (penalties such as R1 see noisy inputs too).

    Example:

    ```python
    gan.compile(g_opt, d_opt, regularizers=[
        kerasgan.regularizers.InstanceNoise(0.1, anneal_steps=10_000)])
    ```

    Args:
        std: The initial noise standard deviation. Defaults to 0.1.
        anneal_steps: Steps over which σ decays linearly to 0. Defaults to
            None (constant noise).
        name: Name. Defaults to "instance_noise".

    Reference:
        Sønderby et al., "Amortised MAP Inference for Image Super-resolution",
        ICLR 2017, Section 3.2 (instance noise). Mescheder, Geiger & Nowozin,
        ICML 2018, Section 3.3 (convergence on the Dirac-GAN).
    """

    def __init__(self, std=0.1, anneal_steps=None, *, name=None):
        super().__init__(name=name)
        self.std = float(check_non_negative("std", std))
        self.anneal_steps = check_positive_int("anneal_steps", anneal_steps, allow_none=True)

    def current_std(self, iteration):
        """σ_t at GAN step `iteration` (a float32 scalar tensor)."""
        if self.anneal_steps is None or iteration is None:
            return ops.convert_to_tensor(self.std, "float32")
        t = ops.cast(iteration, "float32")
        return self.std * ops.maximum(0.0, 1.0 - t / float(self.anneal_steps))

    def discriminator_input(self, x, step):
        noise = keras.random.normal(ops.shape(x), seed=step.seed_generator, dtype="float32")
        return x + ops.cast(self.current_std(step.iteration) * noise, x.dtype)

    def get_config(self):
        return {"std": self.std, "anneal_steps": self.anneal_steps, "name": self.name}
