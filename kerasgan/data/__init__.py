"""kerasgan.data: datasets as `tf.data` pipelines scaled to [-1, 1].

Importing this package does not import TensorFlow; building a dataset with
`load` does.
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
