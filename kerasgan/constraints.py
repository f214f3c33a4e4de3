"""Weight constraints for GAN training (weight clipping of the WGAN critic)."""

import keras
from keras import ops

from kerasgan._utils import check_number


@keras.saving.register_keras_serializable(package="kerasgan")
class Clip(keras.constraints.Constraint):
    """Clips every weight to `[-value, value]` after each optimizer update.

    w ← clip(w, −c, c)

    The original WGAN keeps its critic in a compact set of functions (so that it
    is K-Lipschitz for some K) by clipping its weights after every update, with
    c = 0.01. Pass it as `kernel_constraint=` / `bias_constraint=` to the
    critic's layers; Keras applies it after each optimizer step.

    Example:

    ```python
    layer = keras.layers.Dense(1, kernel_constraint=kerasgan.constraints.Clip(0.01))
    ```

    Args:
        value: The clipping bound c > 0. Defaults to 0.01.

    Reference:
        Arjovsky, Chintala & Bottou, "Wasserstein GAN", ICML 2017, Algorithm 1
        (line 7) and Sec. 3.
    """

    def __init__(self, value=0.01):
        self.value = float(check_number(
            "value", value, low=0, low_open=True, type_error=ValueError,
            hint="A typical bound is 0.01.",
        ))

    def __call__(self, w):
        return ops.clip(w, -self.value, self.value)

    def get_config(self):
        return {"value": self.value}


def clip_weights(model, value=0.01):
    """Puts a `Clip(value)` constraint on every trainable weight of `model`.

    For a critic built without constraints (e.g. by a `kerasgan.models`
    builder). Layers that take `kernel_constraint` / `bias_constraint` also get
    the attribute set, so that the constraint is saved with the model.

    Example:

    ```python
    _, critic = kerasgan.models.dcgan((32, 32, 1), 64, normalization=None)
    kerasgan.constraints.clip_weights(critic, 0.01)
    ```

    Args:
        model: A Keras layer or model (usually the critic).
        value: The clipping bound c. Defaults to 0.01.

    Returns:
        The number of weights that were constrained.

    Reference:
        Arjovsky, Chintala & Bottou, "Wasserstein GAN", ICML 2017, Algorithm 1.
    """
    constraint = Clip(value)
    for layer in _sublayers(model):
        for attr in ("kernel_constraint", "bias_constraint"):
            if hasattr(layer, attr):
                setattr(layer, attr, constraint)
    for weight in model.trainable_weights:
        weight.constraint = constraint
    return len(model.trainable_weights)


def _sublayers(layer):
    found = [layer]
    for child in list(getattr(layer, "layers", [])) + [getattr(layer, "layer", None)]:
        if isinstance(child, keras.layers.Layer):
            found.extend(_sublayers(child))
    return found


__all__ = ["Clip", "clip_weights"]
