"""kerasgan.data: datasets as `tf.data` pipelines scaled to [-1, 1].

The NumPy helpers (`mixture_centers`, `mixture_std`, `sample_mixture`,
`digits_arrays`, `mnist_arrays`, `stacked_mnist_arrays`) are backend-free;
`load` imports TensorFlow for `tf.data` only when it builds a pipeline.
`kerasgan.data.mnist_offline` makes the offline MNIST copy (not imported
here, so that `python -m kerasgan.data.mnist_offline` runs it cleanly).
"""

from kerasgan.data.digits import digits_arrays
from kerasgan.data.load import BUILTINS, load
from kerasgan.data.mixtures import MIXTURES, mixture_centers, mixture_std, sample_mixture
from kerasgan.data.mnist import mnist_arrays
from kerasgan.data.stacked_mnist import stacked_mnist_arrays

__all__ = [
    "BUILTINS",
    "MIXTURES",
    "digits_arrays",
    "load",
    "mixture_centers",
    "mixture_std",
    "mnist_arrays",
    "sample_mixture",
    "stacked_mnist_arrays",
]
