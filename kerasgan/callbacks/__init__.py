"""Keras callbacks for GAN training: sample grids, safe checkpoints, evaluation, TensorBoard."""

from kerasgan.callbacks.checkpoint import Checkpoint, StopOnNaN
from kerasgan.callbacks.evaluate import Evaluate
from kerasgan.callbacks.interpolation import Interpolation
from kerasgan.callbacks.progressive import ProgressiveGrowing
from kerasgan.callbacks.sample_grid import SampleGrid
from kerasgan.callbacks.tensorboard import TensorBoard

__all__ = ["Checkpoint", "Evaluate", "Interpolation", "ProgressiveGrowing", "SampleGrid", "StopOnNaN",
           "TensorBoard"]
