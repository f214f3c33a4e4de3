"""Inception Score with any classifier (streaming, per-split statistics)."""

import keras
import numpy as np

from kerasgan._utils import check_positive_int
from kerasgan.metrics._feature import check_extractor, serialize_extractor, to_numpy
from kerasgan.metrics.base import Metric, as_matrix


@keras.saving.register_keras_serializable(package="kerasgan")
class ClassifierScore(Metric):
    """Inception Score computed with any classifier: exp(E_x KL(p(y|x) ‖ p(y))).

    For each of `splits` groups of samples, with p̄(y) the group's mean
    prediction:

        IS_s = exp( 1/n_s Σ_x Σ_y p(y|x) log(p(y|x) / p̄(y)) )

    and `result()` returns `{"mean": ..., "std": ...}` of IS_s over the
    splits. The score lies in [1, K] for K classes: 1 when every prediction
    is the same, K when predictions are confident (one-hot) and the classes
    are used equally. High scores need both confident and diverse samples.

    The state is, per split, the count, Σ p(y|x) and Σ p log p, so memory is
    O(splits × K) for any number of samples. Samples are dealt to splits in
    turn (sample i goes to split i mod `splits`), which for i.i.d. samples
    equals the usual consecutive chunks in distribution.

    Example:

    ```python
    score = kerasgan.metrics.ClassifierScore(kerasgan.metrics.digits_classifier())
    score.update_state(gan.generate(1000, seed=0))
    score.result()["mean"]          # in [1, 10]
    ```

    Args:
        classifier: Callable mapping a batch of samples to class
            probabilities `(batch, K)` (softmax outputs), or None to pass
            probabilities directly. Defaults to None.
        splits: Number of groups. Defaults to 10.
        from_logits: Whether the classifier returns logits (a softmax is
            applied). Defaults to False.
        name: Log-key prefix. Defaults to "classifier_score".

    Reference:
        Salimans et al., "Improved Techniques for Training GANs", NeurIPS
        2016, Section 4 (the Inception score). Barratt & Sharma, "A Note on
        the Inception Score", 2018 (its pitfalls).
    """

    def __init__(self, classifier=None, *, splits=10, from_logits=False, name=None):
        super().__init__(name=name)
        self.classifier = check_extractor("classifier", classifier)
        self.splits = check_positive_int("splits", splits)
        self.from_logits = bool(from_logits)
        self.reset_state()

    def update_state(self, samples):
        """Adds a batch of samples (or of probabilities when `classifier=None`)."""
        probs = samples if self.classifier is None else to_numpy(self.classifier(samples))
        probs = as_matrix("probabilities" if self.classifier is None else "classifier output",
                          probs, width=self._width, min_rows=0)
        if self.from_logits:
            probs = np.exp(probs - probs.max(axis=1, keepdims=True))
            probs /= probs.sum(axis=1, keepdims=True)
        elif probs.size and (probs.min() < -1e-6 or np.abs(probs.sum(axis=1) - 1).max() > 1e-3):
            raise ValueError(
                "`probabilities` must be rows of class probabilities (non-negative, summing "
                "to 1); pass `from_logits=True` for logits. Received rows summing to "
                f"{probs.sum(axis=1).min():.4g}..{probs.sum(axis=1).max():.4g}, min {probs.min():.4g}"
            )
        if self._width is None:
            self._width = probs.shape[1]
            self._sum_p = np.zeros((self.splits, self._width))
        probs = np.clip(probs, 0.0, None)
        groups = (self._seen + np.arange(probs.shape[0])) % self.splits
        plogp = np.sum(np.where(probs > 0, probs * np.log(np.where(probs > 0, probs, 1.0)), 0.0), axis=1)
        np.add.at(self._count, groups, 1)
        np.add.at(self._sum_p, groups, probs)
        np.add.at(self._sum_plogp, groups, plogp)
        self._seen += probs.shape[0]

    def result(self):
        if self._seen < self.splits:
            raise ValueError(
                f"`splits` must not exceed the number of samples. Received: splits={self.splits} "
                f"with {self._seen} sample(s); add samples or lower `splits`."
            )
        mean_p = self._sum_p / self._count[:, None]
        neg_entropy_of_mean = np.sum(np.where(mean_p > 0, mean_p * np.log(np.where(mean_p > 0, mean_p, 1.0)), 0.0), axis=1)
        kl = self._sum_plogp / self._count - neg_entropy_of_mean
        scores = np.exp(kl)
        return {"mean": float(scores.mean()), "std": float(scores.std())}

    def reset_state(self):
        self._width = None
        self._seen = 0
        self._count = np.zeros(self.splits, np.int64)
        self._sum_p = None
        self._sum_plogp = np.zeros(self.splits)

    def get_config(self):
        return {
            "classifier": serialize_extractor(self.classifier),
            "splits": self.splits,
            "from_logits": self.from_logits,
            **super().get_config(),
        }
