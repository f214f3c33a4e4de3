"""`SampleGrid`: pictures of samples from fixed latents, every few epochs."""

import os

import keras
import numpy as np

from kerasgan._utils import check_positive_int
from kerasgan.callbacks import images


class SampleGrid(keras.callbacks.Callback):
    """Writes a PNG of generated samples every `every_n_epochs` epochs.

    The latents (and labels) are drawn once, at the start of training, and kept
    for the whole run, so successive grids show how the same points move. Images
    become a grid (`epoch_0001.png`, ...); 2-D samples become a scatter plot, with
    `reference` points (e.g. real data) drawn underneath in grey.

    Example:

    ```python
    gan.fit(ds, epochs=10, callbacks=[kerasgan.callbacks.SampleGrid("runs/grids")])
    ```

    Args:
        directory: Where the PNG files go (created if needed).
        num_samples: Samples per grid. Defaults to 64.
        every_n_epochs: Defaults to 1.
        log_dir: If set, also write the grid as a TensorBoard image summary there.
            Defaults to None.
        seed: Seed of the fixed latents. Defaults to 0.
        reference: Optional `(m, 2)` points drawn under 2-D samples.
    """

    def __init__(self, directory, *, num_samples=64, every_n_epochs=1, log_dir=None, seed=0, reference=None):
        super().__init__()
        self.directory = os.fspath(directory)
        self.num_samples = check_positive_int("num_samples", num_samples)
        self.every_n_epochs = check_positive_int("every_n_epochs", every_n_epochs)
        self.log_dir = log_dir
        self.seed = seed
        self.reference = None if reference is None else np.asarray(reference)
        self.latents = None
        self.labels = None
        self.written = []

    def on_train_begin(self, logs=None):
        if self.latents is None:
            gan = self.model
            self.latents = gan.prior.sample(self.num_samples, seed=self.seed)
            if gan.conditional:
                num_classes = getattr(gan, "num_classes", None) or 10
                self.labels = np.arange(self.num_samples, dtype="int32") % num_classes

    def picture(self):
        """The current grid as a uint8 array."""
        samples = self.model._generate_from(self.latents, self.labels, 256)
        return images.samples_to_picture(samples, reference=self.reference)

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        picture = self.picture()
        path = os.path.join(self.directory, f"epoch_{epoch + 1:04d}.png")
        images.write_png(path, picture)
        self.written.append(path)
        if self.log_dir:
            from kerasgan.callbacks import tensorboard

            tensorboard.write_image(self.log_dir, "samples", picture, step=epoch + 1)
