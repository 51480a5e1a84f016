"""Quality metrics for a spam filter, in plain numpy so the engine can report on itself.

Labels are ``1`` for spam and ``0`` for ham throughout; ``scores`` are the model's P(spam).
Spam is the positive class, so *precision* is "of what we flagged, how much was spam" and *recall*
is "of the spam, how much we caught". A site owner's pain is the other side: legitimate comments
held back. That is why :func:`fpr_at_recall` exists: it answers "to catch 95% (or 99%) of spam,
what share of ham must we also flag?", a number that does not depend on where the threshold was
set, unlike accuracy (see ``/work/shared/reference/spam-filters.md``: no paper reports it, so we do).

Undefined ratios (no positives predicted, no spam in the sample) are reported as ``0.0``, matching
scikit-learn's ``zero_division=0``; ROC-AUC is undefined with a single class and raises instead,
because a silent 0.5 there would hide a broken split.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ArrayLike = Sequence[float] | Sequence[int] | npt.NDArray[np.generic]

__all__ = [
    "Confusion",
    "Report",
    "accuracy",
    "confusion",
    "f1",
    "fpr_at_recall",
    "mcc",
    "pr_curve",
    "precision",
    "recall",
    "report",
    "roc_auc",
    "roc_curve",
]


@dataclass(frozen=True, slots=True)
class Confusion:
    """Counts of the four outcomes at one threshold (spam is positive)."""

    tp: int
    fp: int
    tn: int
    fn: int

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.tn + self.fn


@dataclass(frozen=True, slots=True)
class Report:
    """Every headline number for one system on one test set, ready for a table row."""

    n: int
    n_spam: int
    threshold: float
    accuracy: float
    precision: float
    recall: float
    f1: float
    mcc: float
    roc_auc: float
    ham_flagged: float
    fpr_at_95: float
    fpr_at_99: float

    def as_dict(self) -> dict[str, float]:
        return {key: float(value) for key, value in asdict(self).items()}


def _labels(y_true: ArrayLike) -> IntArray:
    """Validate and convert labels; anything but 0/1 is a caller bug worth a clear message."""
    y = np.asarray(y_true)
    if y.ndim != 1:
        raise ValueError(f"labels must be one-dimensional, got shape {y.shape}")
    if y.size and not np.isin(y, (0, 1)).all():
        raise ValueError("labels must be 0 (ham) or 1 (spam)")
    return y.astype(np.int64)


def _scores(scores: ArrayLike, n: int) -> FloatArray:
    s = np.asarray(scores, dtype=np.float64)
    if s.shape != (n,):
        raise ValueError(f"expected {n} scores, got shape {s.shape}")
    if not np.isfinite(s).all():
        raise ValueError("scores must be finite numbers")
    return s


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def confusion(y_true: ArrayLike, y_pred: ArrayLike) -> Confusion:
    """Count true/false positives/negatives of hard 0/1 predictions."""
    y = _labels(y_true)
    p = _labels(y_pred)
    if p.shape != y.shape:
        raise ValueError(f"expected {y.size} predictions, got {p.size}")
    return Confusion(
        tp=int(np.sum((y == 1) & (p == 1))),
        fp=int(np.sum((y == 0) & (p == 1))),
        tn=int(np.sum((y == 0) & (p == 0))),
        fn=int(np.sum((y == 1) & (p == 0))),
    )


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    c = confusion(y_true, y_pred)
    return _ratio(c.tp + c.tn, c.total)


def precision(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    c = confusion(y_true, y_pred)
    return _ratio(c.tp, c.tp + c.fp)


def recall(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    c = confusion(y_true, y_pred)
    return _ratio(c.tp, c.tp + c.fn)


def f1(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    c = confusion(y_true, y_pred)
    return _ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn)


def mcc(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Matthews correlation: the one single number that stays honest when classes are imbalanced."""
    c = confusion(y_true, y_pred)
    denominator = math.sqrt(float(c.tp + c.fp) * (c.tp + c.fn) * (c.tn + c.fp) * (c.tn + c.fn))
    return _ratio(float(c.tp * c.tn - c.fp * c.fn), denominator)


def roc_auc(y_true: ArrayLike, scores: ArrayLike) -> float:
    """Area under the ROC curve via the Mann-Whitney U statistic (ties count half)."""
    y = _labels(y_true)
    s = _scores(scores, y.size)
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("ROC-AUC needs both spam and ham in the sample")
    ranks = _average_ranks(s)
    u = float(ranks[y == 1].sum()) - n_pos * (n_pos + 1) / 2.0
    return u / (n_pos * n_neg)


def _average_ranks(values: FloatArray) -> FloatArray:
    """1-based ranks with tied values sharing the mean of their ranks."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    ranks = np.empty(values.size, dtype=np.float64)
    boundaries = np.flatnonzero(np.diff(sorted_values)) + 1
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [values.size]))
    for start, end in zip(starts, ends, strict=True):
        ranks[order[start:end]] = (start + 1 + end) / 2.0
    return ranks


def _cumulative_counts(y: IntArray, s: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """True and false positives flagged at each distinct threshold, highest threshold first."""
    order = np.argsort(-s, kind="mergesort")
    s_sorted = s[order]
    y_sorted = y[order]
    last_of_each = np.concatenate((np.flatnonzero(np.diff(s_sorted)), [s.size - 1]))
    tps = np.cumsum(y_sorted)[last_of_each].astype(np.float64)
    fps = (last_of_each + 1 - tps).astype(np.float64)
    return tps, fps, s_sorted[last_of_each]


def roc_curve(y_true: ArrayLike, scores: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``(fpr, tpr, thresholds)`` at every distinct score, starting from (0, 0) at +inf.

    Same points as ``sklearn.metrics.roc_curve(..., drop_intermediate=False)``.
    """
    y = _labels(y_true)
    s = _scores(scores, y.size)
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("a ROC curve needs both spam and ham in the sample")
    tps, fps, thresholds = _cumulative_counts(y, s)
    fpr = np.concatenate(([0.0], fps / n_neg))
    tpr = np.concatenate(([0.0], tps / n_pos))
    return fpr, tpr, np.concatenate(([np.inf], thresholds))


def pr_curve(y_true: ArrayLike, scores: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``(precision, recall, thresholds)`` like ``sklearn.metrics.precision_recall_curve``.

    Thresholds ascend; the last point is (precision 1, recall 0) with no threshold.
    """
    y = _labels(y_true)
    s = _scores(scores, y.size)
    n_pos = int(y.sum())
    if n_pos == 0:
        raise ValueError("a precision-recall curve needs spam in the sample")
    tps, fps, thresholds = _cumulative_counts(y, s)
    prec = (tps / (tps + fps))[::-1]
    rec = (tps / n_pos)[::-1]
    return np.concatenate((prec, [1.0])), np.concatenate((rec, [0.0])), thresholds[::-1]


def fpr_at_recall(y_true: ArrayLike, scores: ArrayLike, target_recall: float) -> float:
    """Share of ham flagged by the highest threshold that still catches ``target_recall`` of spam.

    Ham scored exactly at that threshold counts as flagged: ties do not get the benefit of the doubt.
    """
    if not 0.0 < target_recall <= 1.0:
        raise ValueError(f"target recall must be in (0, 1], got {target_recall}")
    y = _labels(y_true)
    s = _scores(scores, y.size)
    spam_scores = np.sort(s[y == 1])[::-1]
    ham_scores = s[y == 0]
    if spam_scores.size == 0 or ham_scores.size == 0:
        raise ValueError("FPR at a spam recall needs both spam and ham in the sample")
    needed = math.ceil(target_recall * spam_scores.size - 1e-9)
    threshold = spam_scores[max(needed, 1) - 1]
    return float(np.mean(ham_scores >= threshold))


def report(y_true: ArrayLike, scores: ArrayLike, threshold: float = 0.5) -> Report:
    """All metrics at once; hard predictions are ``score >= threshold``."""
    y = _labels(y_true)
    s = _scores(scores, y.size)
    predicted = (s >= threshold).astype(np.int64)
    c = confusion(y, predicted)
    return Report(
        n=int(y.size),
        n_spam=int(y.sum()),
        threshold=threshold,
        accuracy=accuracy(y, predicted),
        precision=precision(y, predicted),
        recall=recall(y, predicted),
        f1=f1(y, predicted),
        mcc=mcc(y, predicted),
        roc_auc=roc_auc(y, s),
        ham_flagged=_ratio(c.fp, c.fp + c.tn),
        fpr_at_95=fpr_at_recall(y, s, 0.95),
        fpr_at_99=fpr_at_recall(y, s, 0.99),
    )
