"""Mode coverage on Stacked-MNIST (1,000 modes): the VEEGAN / PacGAN / R3GAN benchmark."""

import keras
import numpy as np

from kerasgan._utils import check_positive_int
from kerasgan.metrics._feature import check_extractor, serialize_extractor, to_numpy
from kerasgan.metrics.base import Metric

NUM_MODES = 1000
# Samples scored per model in VEEGAN (Section 5.2) and PacGAN (Table 2).
PROTOCOL_SAMPLES = 26_000


def _check_samples(samples):
    x = to_numpy(samples)
    if x.ndim != 4 or x.shape[-1] != 3:
        raise ValueError(
            "`samples` must be Stacked-MNIST images of shape (num_samples, height, width, 3) "
            f"(one MNIST digit per channel, channels last). Received: samples.shape={x.shape}"
        )
    if x.dtype == np.uint8:
        return x.astype("float32") / 127.5 - 1.0
    x = np.asarray(x, dtype="float32")
    if x.size and (not np.all(np.isfinite(x)) or x.min() < -1.001 or x.max() > 1.001):
        raise ValueError(
            "`samples` must be uint8 images in [0, 255] or floats in [-1, 1] (a tanh "
            f"generator's range). Received: values in [{np.nanmin(x):.4g}, {np.nanmax(x):.4g}]"
            ". Rescale: x / 127.5 - 1 for [0, 255], 2 * x - 1 for [0, 1]."
        )
    return np.clip(x, -1.0, 1.0)


@keras.saving.register_keras_serializable(package="kerasgan")
class StackedMNISTModes(Metric):
    """Modes covered and KL(p ‖ uniform) of Stacked-MNIST samples.

    Each channel c ∈ {R, G, B} of a sample is labelled by an MNIST
    classifier, d_c = argmax_y p(y | x_c), and the sample's mode is the
    triple, k = 100·d_R + 10·d_G + d_B ∈ {0, ..., 999}. With n_k the
    number of samples of mode k, N = Σ_k n_k and p_k = n_k / N:

        modes = #{k : n_k > 0}
        kl    = KL(p ‖ u) = Σ_k p_k log(1000 p_k)      (nats, 0 · log 0 = 0)

    the KL direction of PacGAN's code and Table 2 (the generated mode
    histogram against the uniform distribution over the 1,000 modes). A
    generator collapsed on one mode scores modes = 1, kl = log 1000 ≈ 6.91;
    real Stacked-MNIST scores ≈ 1,000 modes and kl ≈ 999 / (2N) (≈ 0.02 at
    the papers' N = 26,000, plus the classifier's errors).

    The state is the 1,000-bin histogram, so `update_state` takes any number
    of batches in bounded memory. `result()` returns a dict: `modes` (int),
    `kl` (float), `num_samples` (int) and `histogram` (int64, `(1000,)`).

    Example:

    ```python
    metric = kerasgan.metrics.StackedMNISTModes()
    metric.update_state(gan.generate(26_000, seed=0))     # (n, 28, 28, 3) in [-1, 1]
    metric.result()["modes"], metric.result()["kl"]
    ```

    Args:
        classifier: Callable mapping `(n, 28, 28, 1)` images in [-1, 1] to
            `(n, 10)` class scores (probabilities or logits). Defaults to None
            (`kerasgan.metrics.mnist_classifier()`, the shipped network).
        batch_size: Images per classifier call. Defaults to 1000.
        name: Log-key prefix. Defaults to "stacked_mnist_modes".

    Samples of another size than 28×28 (R3GAN's 32×32) are resized
    (bilinear, antialiased) before classification.

    Reference:
        Metz et al., 2017, "Unrolled Generative Adversarial Networks",
        Section 3.3.1. Srivastava et al., 2017, "VEEGAN", Section 5.2 and
        Table 2 (26,000 samples). Lin et al., 2018, "PacGAN", Section 5.2,
        Tables 2 and 3 (modes and KL to uniform). Huang et al., 2024, "The GAN
        is dead; long live the GAN! (R3GAN)", Table 3.
    """

    def __init__(self, classifier=None, *, batch_size=1000, name=None):
        super().__init__(name=name)
        self.classifier = check_extractor("classifier", classifier)
        self.batch_size = check_positive_int("batch_size", batch_size)
        self._default = None
        self.reset_state()

    def _judge(self):
        if self.classifier is not None:
            return self.classifier
        if self._default is None:
            from kerasgan.metrics.mnist_net import mnist_classifier

            self._default = mnist_classifier()
        return self._default

    def digits(self, samples):
        """The classifier's digit for each channel: int `(n, 3)`."""
        x = _check_samples(samples)
        n = x.shape[0]
        if n == 0:
            return np.zeros((0, 3), dtype=np.int64)
        if x.shape[1:3] != (28, 28):
            x = keras.ops.convert_to_numpy(keras.ops.image.resize(
                x, (28, 28), interpolation="bilinear", antialias=True))
        channels = np.transpose(x, (3, 0, 1, 2)).reshape(3 * n, 28, 28, 1)  # R..., G..., B...
        judge = self._judge()
        if isinstance(judge, keras.Model):
            scores = judge.predict(channels, batch_size=self.batch_size, verbose=0)
        else:
            scores = np.concatenate([
                to_numpy(judge(channels[i : i + self.batch_size]))
                for i in range(0, 3 * n, self.batch_size)
            ])
        scores = np.asarray(scores)
        if scores.ndim != 2 or scores.shape != (3 * n, 10):
            raise ValueError(
                "`classifier` must map (n, 28, 28, 1) images to (n, 10) class scores. "
                f"Received: output of shape {scores.shape} for {3 * n} images"
            )
        return scores.argmax(axis=1).reshape(3, n).T

    def update_state(self, samples):
        """Adds a batch of samples `(n, h, w, 3)`: floats in [-1, 1] or uint8."""
        d = self.digits(samples)
        modes = 100 * d[:, 0] + 10 * d[:, 1] + d[:, 2]
        self.histogram += np.bincount(modes, minlength=NUM_MODES)

    def result(self):
        total = int(self.histogram.sum())
        if total == 0:
            raise ValueError(
                f"{self.name} has no samples: call `update_state(samples)` before `result()`."
            )
        p = self.histogram[self.histogram > 0] / total  # 0 · log 0 = 0
        return {
            "modes": int(np.count_nonzero(self.histogram)),
            "kl": float(np.sum(p * np.log(p * NUM_MODES))),
            "num_samples": total,
            "histogram": self.histogram.copy(),
        }

    def reset_state(self):
        self.histogram = np.zeros(NUM_MODES, dtype=np.int64)

    def get_config(self):
        return {
            "classifier": serialize_extractor(self.classifier),
            "batch_size": self.batch_size,
            **super().get_config(),
        }


def stacked_mnist_modes(samples, classifier=None, *, batch_size=1000):
    """Functional form of `StackedMNISTModes`: one call on all samples.

    Example:

    ```python
    x, _ = kerasgan.data.stacked_mnist_arrays(26_000, seed=0)
    r = kerasgan.metrics.stacked_mnist_modes(x)
    r["modes"], r["kl"]          # about 1000 and 0.02
    ```

    Args:
        samples: Array `(n, h, w, 3)`, floats in [-1, 1] or uint8.
        classifier: As in `StackedMNISTModes`. Defaults to None (the shipped
            MNIST classifier).
        batch_size: Images per classifier call. Defaults to 1000.

    Returns:
        Dict with `modes`, `kl`, `num_samples` and `histogram`.

    Reference:
        Lin et al., 2018, "PacGAN", Section 5.2 and Table 2.
    """
    return StackedMNISTModes(classifier, batch_size=batch_size)(samples)
