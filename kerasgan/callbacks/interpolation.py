"""`Interpolation`: strips of samples along latent paths between fixed endpoints."""

import os

import keras
import numpy as np

from kerasgan import latent
from kerasgan._utils import check_positive_int
from kerasgan.callbacks import images


class Interpolation(keras.callbacks.Callback):
    """Writes a PNG of latent interpolations every `every_n_epochs` epochs.

    At the start of training `num_rows` pairs of endpoint latents are drawn
    from the GAN's prior and kept for the whole run; each picture has one row
    per pair with `num_steps` samples from the first endpoint to the second
    (spherical interpolation by default, `kerasgan.latent.slerp`). For a
    conditional GAN, row i keeps the label `i % num_classes` all along the row,
    so the strip shows the latent's effect within one class. Images become a
    grid (`interpolation_0001.png`, ...); 2-D samples a scatter plot of the
    paths.

    Example:

    ```python
    gan.fit(ds, epochs=10, callbacks=[kerasgan.callbacks.Interpolation("runs/walks")])
    ```

    Args:
        directory: Where the PNG files go (created if needed).
        num_steps: Samples per row, endpoints included (>= 2). Defaults to 8.
        num_rows: Endpoint pairs. Defaults to 4.
        method: `"slerp"` or `"linear"`. Defaults to `"slerp"`.
        every_n_epochs: Defaults to 1.
        seed: Seed of the endpoints. Defaults to 0.
        log_dir: If set, also write the picture as a TensorBoard image there.
            Defaults to None.

    Reference:
        White, "Sampling Generative Networks", 2016, Sec. 2.1; Radford et
        al., "Unsupervised Representation Learning with Deep Convolutional
        GANs", ICLR 2016, Sec. 6.1 (walking in the latent space).
    """

    def __init__(self, directory, *, num_steps=8, num_rows=4, method="slerp", every_n_epochs=1,
                 seed=0, log_dir=None):
        super().__init__()
        self.directory = os.fspath(directory)
        self.num_steps = check_positive_int("num_steps", num_steps)
        if num_steps < 2:
            raise ValueError(f"`num_steps` must be at least 2. Received: num_steps={num_steps!r}")
        self.num_rows = check_positive_int("num_rows", num_rows)
        if method not in ("slerp", "linear"):
            raise ValueError(f"`method` must be 'slerp' or 'linear'. Received: method={method!r}")
        self.method = method
        self.every_n_epochs = check_positive_int("every_n_epochs", every_n_epochs)
        self.seed = seed
        self.log_dir = log_dir
        self.latents = None
        self.labels = None
        self.written = []

    def on_train_begin(self, logs=None):
        if self.latents is not None:
            return
        gan = self.model
        ends = keras.ops.convert_to_numpy(gan.prior.sample(2 * self.num_rows, seed=self.seed))
        path = latent.interpolate(ends[: self.num_rows], ends[self.num_rows :], self.num_steps,
                                  method=self.method)  # (steps, rows, dim)
        self.latents = np.transpose(path, (1, 0, 2)).reshape(-1, ends.shape[-1])  # row-major
        if gan.conditional:
            num_classes = gan.num_classes or 10
            rows = np.arange(self.num_rows, dtype="int32") % num_classes
            self.labels = np.repeat(rows, self.num_steps)

    def samples(self):
        """The current strips as an array `(num_rows * num_steps,) + sample_shape`."""
        return self.model._generate_from(self.latents, self.labels, 256)

    def picture(self):
        """The current strips as a uint8 picture."""
        samples = self.samples()
        if samples.ndim == 2 and samples.shape[-1] == 2:
            return images.scatter_plot(samples)
        return images.image_grid(images.to_uint8(samples), columns=self.num_steps)

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        picture = self.picture()
        path = os.path.join(self.directory, f"interpolation_{epoch + 1:04d}.png")
        images.write_png(path, picture)
        self.written.append(path)
        if self.log_dir:
            from kerasgan.callbacks import tensorboard

            tensorboard.write_image(self.log_dir, "interpolation", picture, step=epoch + 1)
