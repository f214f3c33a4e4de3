"""`Evaluate`: sample-quality metrics during `fit`, in the logs and TensorBoard."""

import numbers

import keras
import numpy as np

from kerasgan._utils import check_number, check_positive_int
from kerasgan.callbacks import tensorboard
from kerasgan.metrics._feature import to_numpy


def _real_batches(real_data, batch_size):
    """Yields numpy batches of real samples (the `x` of `(x, y)` elements)."""
    if isinstance(real_data, str):
        from kerasgan import data  # lazily: only for dataset names/paths

        real_data = data.load(real_data, batch_size=batch_size)
    if isinstance(real_data, np.ndarray):
        for start in range(0, real_data.shape[0], batch_size):
            yield real_data[start : start + batch_size]
        return
    for batch in real_data:
        if isinstance(batch, (tuple, list)):
            batch = batch[0]
        yield to_numpy(batch)


def _needs_real(metric):
    """A metric that compares with data and has no precomputed real statistics."""
    return hasattr(metric, "update_real") and getattr(metric, "needs_real_data", True)


@keras.saving.register_keras_serializable(package="kerasgan")
class Evaluate(keras.callbacks.Callback):
    """Evaluates generated samples with kerasgan metrics during `fit`.

    Every `every_n_epochs` epochs, draws `num_samples` samples with
    `model.generate(n, seed=...)` — the same latents at every evaluation, so
    differences between epochs come from the generator, not from the draw —
    feeds them to each metric, and adds the results to the epoch's logs
    (hence to `fit`'s History, `CSVLogger`, ...) and, with `log_dir`, to
    TensorBoard. A float result is logged as `<name>`; a dict as
    `<name>/<key>` for each scalar entry (arrays such as histograms stay in
    `last_results`).

    Metrics that compare with data (`FrechetDistance`, `FID`, `KID`,
    `PrecisionRecall`, `DensityCoverage`, `ParzenWindow`) get `real_data`
    once, at the first evaluation; its statistics are kept and only the
    generated side is reset afterwards. An `FID` built with `reference`
    statistics (`save_reference_stats`) needs no real data at all. Others (`ClassifierScore`,
    `MixtureCoverage`) see the generated samples only. Memory does not grow
    with the number of evaluations: metrics keep bounded state and only the
    last results are stored.

    Example:

    ```python
    fd = kerasgan.metrics.FrechetDistance(kerasgan.metrics.digits_feature_extractor())
    gan.fit(ds, epochs=20, callbacks=[
        kerasgan.callbacks.Evaluate([fd], x_train, every_n_epochs=5, num_samples=1000)])
    gan.history.history["frechet_distance"]
    ```

    Args:
        metrics: A list of kerasgan metrics or names for `kerasgan.metrics.get`.
        real_data: Real samples: a numpy array, an iterable of batches (a
            `tf.data.Dataset`; `(x, y)` elements use `x`), a name or path for
            `kerasgan.data.load`, or None when no metric needs real data.
            Defaults to None.
        every_n_epochs: Evaluation period. Defaults to 1.
        num_samples: Generated samples per evaluation; also caps the real
            samples read. Defaults to None: as many as the real samples (all
            of `real_data`), or 10000 without real data.
        batch_size: Samples per `generate` call and per real batch. Defaults to 250.
        seed: Seed of the first generated batch (batch i uses `seed + i`).
            Defaults to 0.
        log_dir: TensorBoard log directory, or None. Defaults to None.

    Reference:
        Heusel et al. 2017 (FID during training, Fig. 1); TF-GAN's
        `eval` module, which runs the same metrics alongside training.
    """

    def __init__(self, metrics, real_data=None, *, every_n_epochs=1, num_samples=None,
                 batch_size=250, seed=0, log_dir=None):
        super().__init__()
        from kerasgan.metrics import get

        if isinstance(metrics, (str, dict)) or not hasattr(metrics, "__iter__"):
            metrics = [metrics]
        self.metrics = [get(m) for m in metrics]
        names = [m.name for m in self.metrics]
        if not names or len(set(names)) != len(names):
            raise ValueError(
                "`metrics` must be a non-empty list of metrics with distinct names "
                f"(pass name=... to tell them apart). Received names: {names}"
            )
        needs_real = any(_needs_real(m) for m in self.metrics)
        if needs_real and real_data is None:
            raise ValueError(
                "`real_data` is required by " + ", ".join(
                    m.name for m in self.metrics if _needs_real(m))
                + ". Pass an array, a dataset or a dataset name. Received: real_data=None"
            )
        self.real_data = real_data
        self.every_n_epochs = check_positive_int("every_n_epochs", every_n_epochs)
        self.num_samples = check_positive_int("num_samples", num_samples, allow_none=True)
        self.batch_size = check_positive_int("batch_size", batch_size)
        self.seed = check_number("seed", seed, integer=True)
        self.log_dir = log_dir
        self.last_results = {}
        self._num_real = None

    def _read_real(self):
        feature_metrics = [m for m in self.metrics if _needs_real(m)]
        for m in feature_metrics:
            m.reset_state()
        count = 0
        if feature_metrics:
            for batch in _real_batches(self.real_data, self.batch_size):
                if self.num_samples is not None:
                    batch = batch[: self.num_samples - count]
                for m in feature_metrics:
                    m.update_real(batch)
                count += batch.shape[0]
                if self.num_samples is not None and count >= self.num_samples:
                    break
            if count == 0:
                raise ValueError("`real_data` yielded no samples. Received an empty dataset.")
        self._num_real = count

    def evaluate(self, model=None):
        """Runs every metric once on fresh samples; returns the flat log dict."""
        model = model if model is not None else self.model
        if self._num_real is None:
            self._read_real()
        n = self.num_samples or self._num_real or 10_000
        for m in self.metrics:
            m.reset_fake() if hasattr(m, "reset_fake") else m.reset_state()
        for i, start in enumerate(range(0, n, self.batch_size)):
            count = min(self.batch_size, n - start)
            kwargs = {}
            if getattr(model, "conditional", False):
                # Classes in equal shares, the same at every evaluation.
                kwargs["labels"] = (np.arange(start, start + count) % model.num_classes).astype("int32")
            fake = to_numpy(model.generate(count, seed=self.seed + i, **kwargs))
            for m in self.metrics:
                m.update_fake(fake) if hasattr(m, "update_fake") else m.update_state(fake)
        logs = {}
        self.last_results = {}
        for m in self.metrics:
            result = m.result()
            self.last_results[m.name] = result
            items = result.items() if isinstance(result, dict) else [(None, result)]
            for key, value in items:
                if isinstance(value, numbers.Number) and not isinstance(value, bool):
                    logs[m.name if key is None else f"{m.name}/{key}"] = float(value)
        return logs

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        results = self.evaluate()
        if logs is not None:
            logs.update(results)
        if self.log_dir is not None:
            self._write_tensorboard(results, epoch)

    def _write_tensorboard(self, results, epoch):
        tensorboard.write_scalars(self.log_dir, results, epoch + 1, prefix="evaluate/")  # the step of the grids

    def get_config(self):
        return {
            "metrics": [keras.saving.serialize_keras_object(m) for m in self.metrics],
            "real_data": self.real_data if isinstance(self.real_data, str) else None,
            "every_n_epochs": self.every_n_epochs,
            "num_samples": self.num_samples,
            "batch_size": self.batch_size,
            "seed": self.seed,
            "log_dir": None if self.log_dir is None else str(self.log_dir),
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)
