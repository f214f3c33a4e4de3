"""kerasgan.data: datasets as `tf.data` pipelines scaled to [-1, 1].

The NumPy helpers (`mixture_centers`, `mixture_std`, `sample_mixture`,
`digits_arrays`) are backend-free; `load` imports TensorFlow for `tf.data`
only when it builds a pipeline.
"""

from kerasgan.data.digits import digits_arrays
from kerasgan.data.load import BUILTINS, load
from kerasgan.data.mixtures import MIXTURES, mixture_centers, mixture_std, sample_mixture

__all__ = [
    "BUILTINS",
    "MIXTURES",
    "digits_arrays",
    "load",
    "mixture_centers",
    "mixture_std",
    "sample_mixture",
]
