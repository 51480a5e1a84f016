"""Reasons: the strongest signals behind a score, in plain words, with their log-odds weights.

Moderators trust a filter they can read (SpamBayes' "clues"). Every prior signal already has a
sentence; learned columns get one from ``signals.LEARNED``; the n-gram part is summarised as the
words that pushed hardest plus "wording typical of spam / of genuine comments".
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from rejoinder.domain import Reason
from rejoinder.spam import signals
from rejoinder.spam.features import FeatureBatch
from rejoinder.spam.model import SpamModel

F64 = npt.NDArray[np.float64]
MAX_REASONS = 6
_MIN_WORD_WEIGHT = 0.06


class Explainer:
    """Computes, for a whole batch at once, the parts of the score that reasons are made of."""

    def __init__(self, model: SpamModel, batch: FeatureBatch) -> None:
        self.batch = batch
        n_hashed = model.config.n_hashed
        contrib = model.coef_[batch.cols] * batch.vals
        hashed = batch.cols < n_hashed
        self.text_weight: F64 = np.bincount(batch.rows[hashed], contrib[hashed], minlength=batch.n).astype(
            np.float64
        )
        dense = ~hashed
        self.dense = list(
            zip(
                batch.rows[dense].tolist(),
                (batch.cols[dense] - n_hashed).tolist(),
                batch.vals[dense].tolist(),
                contrib[dense].tolist(),
                strict=True,
            )
        )
        self.words = self._top_words(model)

    def _top_words(self, model: SpamModel) -> dict[int, list[tuple[str, float]]]:
        batch = self.batch
        weights = model.coef_[batch.word_cols] * batch.word_vals
        chosen = np.flatnonzero(weights > _MIN_WORD_WEIGHT)
        order = chosen[np.lexsort((-weights[chosen], batch.words.row[chosen]))]
        out: dict[int, list[tuple[str, float]]] = {}
        for j in order.tolist():
            row = int(batch.words.row[j])
            word = batch.joined[int(batch.words.begin[j]) : int(batch.words.end[j])]
            top = out.setdefault(row, [])
            if len(top) < 3 and len(word) >= 3 and all(word != w for w, _ in top):
                top.append((word, float(weights[j])))
        return out

    def dense_reasons(self) -> dict[int, list[Reason]]:
        out: dict[int, list[Reason]] = {}
        for row, k, value, weight in self.dense:
            if weight >= 0.2:
                name, template = signals.LEARNED[k]
                count = round(math.expm1(value)) if name == "links" else 1
                out.setdefault(row, []).append(Reason(template.format(n=count), weight))
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
    if text >= 0.5:
        found.append(Reason("wording typical of spam", text))
    elif text <= -0.5:
        found.append(Reason("wording typical of genuine comments", text))
    if abs(site_weight) >= 0.3:
        kind = "spam" if site_weight > 0 else "approved comments"
        found.append(Reason(f"resembles {kind} that moderators marked on this site", site_weight))
    found.sort(key=lambda r: -abs(r.weight))
    head = [Reason(ban, 10.0)] if ban else []
    return tuple(head + found[: MAX_REASONS - len(head)])
