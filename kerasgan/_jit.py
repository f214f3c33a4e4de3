"""What `GAN.compile(jit_compile=...)` means: the jit policy, chosen by measurement."""

import keras

from kerasgan import _keras_private

_CONVOLUTIONS = tuple(
    getattr(keras.layers, name)
    for name in (
        "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
        "Conv3DTranspose", "DepthwiseConv1D", "DepthwiseConv2D",
        "SeparableConv1D", "SeparableConv2D",
    )
    if hasattr(keras.layers, name)
)


def _has_convolutions(networks):
    for net in networks:
        layers = _keras_private.flatten_layers(net)
        if any(isinstance(layer, _CONVOLUTIONS) for layer in layers):
            return True
    return False


def resolve_jit_compile(jit_compile, networks=()):
    """What `compile(jit_compile=...)` means for a GAN; "auto" is chosen by measurement.

    "auto" is XLA on JAX (always compiled), and under TensorFlow on a GPU/TPU,
    or on a CPU when the networks have no convolutions: there XLA's fusion of
    many small ops makes the MLP step 1.6–2.3× faster, while convolutional steps
    gain nothing on CPU (oneDNN's kernels already do the work) and compile
    3–8× longer (figures: docs/performance.md, benchmarks/step_speed.py).
    Torch: off (`torch.compile` is opt-in with `jit_compile=True`).
    """
    if jit_compile not in (True, False, "auto"):
        raise ValueError(
            f"`jit_compile` must be True, False or 'auto'. Received: jit_compile={jit_compile!r}"
        )
    if jit_compile != "auto":
        return jit_compile
    backend = keras.backend.backend()
    if backend != "tensorflow":
        return backend == "jax"
    accelerated = any(
        not device.lower().startswith("cpu") for device in keras.distribution.list_devices()
    )
    return accelerated or not _has_convolutions(networks)
