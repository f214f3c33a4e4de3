"""kerasgan.callbacks."""

from kerasgan.callbacks.evaluate import Evaluate

__all__ = ["Evaluate"]
