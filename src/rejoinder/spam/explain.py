"""Reasons: the strongest signals behind a score, in plain words, with their log-odds weights.

Moderators trust a filter they can read (SpamBayes' "clues"). Every prior signal already has a
sentence; learned columns get one from ``signals.LEARNED``; the n-gram part is summarised as the
words that pushed hardest plus "wording typical of spam / of genuine comments".
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from rejoinder.domain import Reason
from rejoinder.spam import signals
from rejoinder.spam.features import FeatureBatch
from rejoinder.spam.model import SpamModel

F64 = npt.NDArray[np.float64]
MAX_REASONS = 6
_MIN_WORD_WEIGHT = 0.08
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "about",
        "this",
        "that",
        "you",
        "your",
        "are",
        "was",
        "have",
        "has",
        "not",
        "but",
        "from",
        "they",
        "them",
    ]
)


class Explainer:
    """Computes, for a whole batch at once, the parts of the score that reasons are made of."""

    def __init__(self, model: SpamModel, batch: FeatureBatch, contributions: F64) -> None:
        self.batch = batch
        n_hashed = model.config.n_hashed
        dense = batch.cols >= n_hashed
        # The intercept belongs to the text part: "typical of spam" means above the average comment.
        learned = np.bincount(batch.rows, contributions, minlength=batch.n)
        self.text_weight: F64 = (learned + model.intercept_).astype(np.float64)
        self.has_text = np.bincount(batch.rows[batch.cols < n_hashed], minlength=batch.n) > 0
        self.dense: dict[int, list[Reason]] = {}
        for row, k, weight in zip(
            batch.rows[dense].tolist(),
            (batch.cols[dense] - n_hashed).tolist(),
            contributions[dense].tolist(),
            strict=True,
        ):
            self.text_weight[row] -= weight
            if weight >= 0.2:
                self.dense.setdefault(row, []).append(Reason(signals.LEARNED[k][1], weight))
        self.words = self._top_words(model)

    def _top_words(self, model: SpamModel) -> dict[int, list[tuple[str, float]]]:
        """Up to three distinct words per comment that pushed hardest towards spam."""
        batch = self.batch
        weights = model.coef_[batch.word_cols] * batch.word_vals
        long_enough = (batch.words.end - batch.words.begin) >= 3
        chosen = np.flatnonzero((weights > _MIN_WORD_WEIGHT) & long_enough)
        if not len(chosen):
            return {}
        chosen = chosen[np.lexsort((-weights[chosen], batch.words.row[chosen]))]
        rows = batch.words.row[chosen]
        first = np.searchsorted(rows, rows)  # rows are sorted: index of each row's first entry
        chosen = chosen[np.arange(len(chosen)) - first < 5]
        out: dict[int, list[tuple[str, float]]] = {}
        joined = batch.joined
        for row, begin, end, weight in zip(
            batch.words.row[chosen].tolist(),
            batch.words.begin[chosen].tolist(),
            batch.words.end[chosen].tolist(),
            weights[chosen].tolist(),
            strict=True,
        ):
            top = out.setdefault(row, [])
            word = joined[begin:end]
            if len(top) < 3 and word not in _STOP and all(word != w for w, _ in top):
                top.append((word, weight))
        return out


def reasons(
    explainer: Explainer,
    i: int,
    priors: list[signals.Prior],
    dense: list[Reason],
    site_weight: float,
    ban: str | None,
) -> tuple[Reason, ...]:
    """The strongest signals of comment ``i``, a ban first."""
    found = [Reason(p.text, p.weight) for p in priors] + dense
    words = explainer.words.get(i)
    if words:
        found.append(Reason("words: " + ", ".join(w for w, _ in words), sum(w for _, w in words)))
    text = float(explainer.text_weight[i])
    if not explainer.has_text[i]:
        pass  # nothing written: the intercept alone is no reason
    elif text >= 0.5:
        found.append(Reason("wording typical of spam", text))
    elif text <= -0.5:
        found.append(Reason("wording typical of genuine comments", text))
    if abs(site_weight) >= 0.3:
        kind = "spam" if site_weight > 0 else "approved comments"
        found.append(Reason(f"resembles {kind} that moderators marked on this site", site_weight))
    found.sort(key=lambda r: -abs(r.weight))
    head = [Reason(ban, 10.0)] if ban else []
    return tuple(head + found[: MAX_REASONS - len(head)])
