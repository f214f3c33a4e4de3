"""BigGAN's orthogonal regularization on a network's kernels."""

import keras
from keras import ops

from kerasgan.regularizers._players import check_player, network
from kerasgan.regularizers.base import Regularizer


def kernels(model):
    """The trainable kernels (rank ≥ 2, named "kernel") of `model`, in order."""
    found = []
    for v in model.trainable_variables:
        name = getattr(v, "path", None) or v.name
        if len(v.shape) >= 2 and name.rsplit("/", 1)[-1].startswith("kernel"):
            found.append(v)
    return found


def off_diagonal_penalty(kernel):
    """‖WᵀW ⊙ (1 - I)‖_F² with W the kernel reshaped to (fan_in, filters)."""
    w = ops.cast(kernel, "float32")
    w = ops.reshape(w, (-1, ops.shape(w)[-1]))
    gram = ops.matmul(ops.transpose(w), w)
    off = gram * (1.0 - ops.eye(ops.shape(gram)[0], dtype="float32"))
    return ops.sum(ops.square(off))


@keras.saving.register_keras_serializable(package="kerasgan")
class OrthogonalRegularization(Regularizer):
    """BigGAN's off-diagonal orthogonal regularization.

    R_β(W) = β·‖WᵀW ⊙ (1 - I)‖_F²

    summed over every kernel of one network (Dense, Conv, ... weights named
    `kernel`; a convolution's kernel is reshaped to (kh·kw·c_in, c_out), so
    that the Gram matrix compares filters). Unlike full orthogonality it
    leaves the filters' norms free and only decorrelates them, which made
    BigGAN's generator amenable to the truncation trick. β = 1e-4 in the paper.

    Example:

    ```python
    gan.compile(g_opt, d_opt, regularizers=[
        kerasgan.regularizers.OrthogonalRegularization(1e-4, network="generator")])
    ```

    Args:
        weight: β. Defaults to 1e-4.
        network: `"generator"` or `"discriminator"`: whose kernels are
            regularized (and whose loss gets the term). Defaults to "generator".
        name: Log name. Defaults to "orthogonal_regularization".

    Reference:
        Brock, Donahue & Simonyan, "Large Scale GAN Training for High Fidelity
        Natural Image Synthesis", ICLR 2019, Section 3.1, Eq. 3.
    """

    def __init__(self, weight=1e-4, *, network="generator", name=None):
        super().__init__(weight, name=name)
        self.network = check_player("network", network)
        self.players = (self.network,)
        self._kernels = None

    def build(self, gan):
        self._kernels = kernels(network(gan, self.network))
        if not self._kernels:
            raise ValueError(
                f"OrthogonalRegularization found no kernels in the {self.network}. "
                f"Received: network={self.network!r}; choose a network with Dense "
                "or convolution layers."
            )

    def _penalty(self):
        total = ops.zeros((), "float32")
        for k in self._kernels:
            total = total + off_diagonal_penalty(k)
        return total

    def discriminator_penalty(self, step):
        return self._penalty() if self.network == "discriminator" else None

    def generator_penalty(self, step):
        return self._penalty() if self.network == "generator" else None

    def get_config(self):
        return {**super().get_config(), "network": self.network}
