"""The least-squares GAN objective (Mao et al. 2017)."""

import keras
from keras import ops

from kerasgan._utils import check_number
from kerasgan.losses.base import GANLoss, mean


@keras.saving.register_keras_serializable(package="kerasgan")
class LeastSquaresLoss(GANLoss):
    """The least-squares GAN (LSGAN) loss with target codes a, b, c.

    L_D = ½ E_x[(D(x) − b)²] + ½ E_z[(D(G(z)) − a)²]
    L_G = ½ E_z[(D(G(z)) − c)²]

    D's output is used raw (no sigmoid). `a` is the label of fake data, `b`
    of real data, and `c` the value the generator wants D to believe for its
    samples. The default 0-1 coding (a=0, b=1, c=1) is the one the paper
    uses in its experiments; a=−1, b=1, c=0 satisfies b − c = 1, b − a = 2, for
    which minimizing the loss minimizes the Pearson χ² divergence between
    p_data + p_g and 2 p_g (the paper's Sec. 3.2.1).

    Example:

    ```python
    loss = kerasgan.losses.LeastSquaresLoss()              # a=0, b=1, c=1
    pearson = kerasgan.losses.LeastSquaresLoss(a=-1.0, b=1.0, c=0.0)
    float(loss.discriminator_loss(kerasgan.Step.from_logits([1.0], [0.0])))  # 0.0
    ```

    Args:
        a: Target of D on generated samples. Defaults to 0.0.
        b: Target of D on real samples. Defaults to 1.0.
        c: Target the generator pushes D's output on its samples to. Defaults to 1.0.
        name: Log name. Defaults to "least_squares_loss".

    Reference:
        Mao et al., "Least Squares Generative Adversarial Networks", ICCV 2017,
        Eq. 2 (the objective), Eq. 9 (the Pearson χ² coding a=−1, b=1, c=0)
        and Eq. 10 (the 0-1 coding a=0, b=c=1), Sec. 3.2.
    """

    def __init__(self, a=0.0, b=1.0, c=1.0, *, name=None):
        super().__init__(name=name)
        self.a = float(check_number("a", a))
        self.b = float(check_number("b", b))
        self.c = float(check_number("c", c))
        if self.a == self.b:
            raise ValueError(
                "`a` (fake target) and `b` (real target) must differ, or D has nothing "
                f"to learn. Received: a={a!r}, b={b!r}"
            )

    def discriminator_loss(self, step):
        real = ops.cast(step.real_output.logits, "float32")
        fake = ops.cast(step.fake_output.logits, "float32")
        return 0.5 * mean(ops.square(real - self.b)) + 0.5 * mean(ops.square(fake - self.a))

    def generator_loss(self, step):
        fake = ops.cast(step.fake_output.logits, "float32")
        return 0.5 * mean(ops.square(fake - self.c))

    def get_config(self):
        return {**super().get_config(), "a": self.a, "b": self.b, "c": self.c}
