"""Reasons: the strongest signals behind a score, in plain words, with their log-odds weights.

Moderators trust a filter they can read (SpamBayes' "clues"). Every prior signal already has a
sentence; learned columns get one from ``signals.LEARNED``; the n-gram part is summarised as the
words that pushed hardest plus "wording typical of spam / of genuine comments".
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from rejoinder.domain import Reason
from rejoinder.spam import signals
from rejoinder.spam.features import FeatureBatch
from rejoinder.spam.model import SpamModel

F64 = npt.NDArray[np.float64]
MAX_REASONS: Final = 6
_MIN_WORD_WEIGHT: Final = 0.08
_STOP: Final = frozenset(
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
    """Computes, for a whole batch at once, the parts of the score that reasons are made of.

    Everything per comment is finished here with numpy, then kept as plain Python lists, so
    building one comment's reasons is list work only: no numpy scalar and no ``Reason`` object
    for a candidate that does not make the cut.
    """

    def __init__(self, model: SpamModel, batch: FeatureBatch, contributions: F64, learned: F64) -> None:
        """``learned``: each comment's sum of ``contributions`` (``np.bincount`` over its rows)."""
        self.batch = batch
        n_hashed = model.config.n_hashed
        dense = slice(len(batch.rows) - batch.n_dense, len(batch.rows))  # a handful per comment, last
        # The intercept belongs to the text part: "typical of spam" means above the average comment.
        text_weight: F64 = (learned + model.intercept_).astype(np.float64)
        self.has_text = batch.has_text
        self.dense: dict[int, list[tuple[str, float]]] = {}
        # Typed lists, so the compiled build reads plain ints and floats, not objects of any type.
        rows: list[int] = batch.rows[dense].tolist()
        kinds: list[int] = (batch.cols[dense] - n_hashed).tolist()
        weights: list[float] = contributions[dense].tolist()
        for row, k, weight in zip(rows, kinds, weights, strict=True):
            text_weight[row] -= weight
            if weight >= 0.2:
                self.dense.setdefault(row, []).append((signals.LEARNED[k][1], weight))
        self.text_weight: list[float] = text_weight.tolist()
        self.words = self._top_words(contributions)

    def _top_words(self, contributions: F64) -> dict[int, tuple[str, float]]:
        """Per comment, up to three distinct words that pushed hardest towards spam, as one reason.

        A word's weight is its entry's share of the score itself (``contributions``), so it is
        right whatever scaling the model applies to values (``SpamModel.unit_rows``)."""
        batch = self.batch
        weights = contributions[batch.word_start : batch.word_start + len(batch.words.row)]
        long_enough = (batch.words.end - batch.words.begin) >= 3
        chosen = np.flatnonzero((weights > _MIN_WORD_WEIGHT) & long_enough)
        if not len(chosen):
            return {}
        chosen = chosen[np.lexsort((-weights[chosen], batch.words.row[chosen]))]
        sorted_rows = batch.words.row[chosen]
        first = np.searchsorted(sorted_rows, sorted_rows)  # sorted: index of each row's first entry
        chosen = chosen[np.arange(len(chosen)) - first < 5]
        top: dict[int, tuple[list[str], list[float]]] = {}
        joined = batch.joined
        rows: list[int] = batch.words.row[chosen].tolist()  # typed: plain ints when compiled
        begins: list[int] = batch.words.begin[chosen].tolist()
        ends: list[int] = batch.words.end[chosen].tolist()
        chosen_weights: list[float] = weights[chosen].tolist()
        for row, begin, end, weight in zip(rows, begins, ends, chosen_weights, strict=True):
            word = joined[begin:end]
            if word in _STOP:
                continue
            found = top.get(row)
            if found is None:
                top[row] = ([word], [weight])
            elif len(found[0]) < 3 and word not in found[0]:
                found[0].append(word)
                found[1].append(weight)
        return {row: ("words: " + ", ".join(words), sum(weights)) for row, (words, weights) in top.items()}


def reasons_of_batch(
    explainer: Explainer,
    priors: list[list[signals.Prior]],
    site_weights: list[float],
    ban: str | None,
) -> list[tuple[Reason, ...]]:
    """The strongest signals of each comment, a ban first, with the lookups done once per batch.

    A comment rarely has more than ``MAX_REASONS`` candidates, so each becomes a ``Reason`` at
    once, and a prior's is built once per (text, weight): the same few fire comment after
    comment ("money amounts", "1 link"), and a ``Reason`` is immutable."""
    dense, words, has_text, text_weight = (
        explainer.dense,
        explainer.words,
        explainer.has_text,
        explainer.text_weight,
    )
    head = (new_reason(ban, 10.0),) if ban else ()
    cached = _PRIOR_REASONS  # looked up inline: a call per prior costs more than the lookup
    keep = MAX_REASONS - len(head)
    out: list[tuple[Reason, ...]] = []
    for i, (found_priors, site_weight) in enumerate(zip(priors, site_weights, strict=True)):
        found = (  # almost half the comments have no prior: no comprehension (a call) for them
            [cached.get((p.text, p.weight)) or _prior_reason(p.text, p.weight) for p in found_priors]
            if found_priors
            else []
        )
        if i in dense:
            found += [new_reason(text, weight) for text, weight in dense[i]]
        if i in words:
            found.append(new_reason(*words[i]))
        if has_text[i]:  # with nothing written, the intercept alone is no reason
            text = text_weight[i]
            if text >= 0.5:
                found.append(new_reason("wording typical of spam", text))
            elif text <= -0.5:
                found.append(new_reason("wording typical of genuine comments", text))
        if abs(site_weight) >= 0.3:
            kind = "spam" if site_weight > 0 else "approved comments"
            found.append(new_reason(f"resembles {kind} that moderators marked on this site", site_weight))
        if len(found) == 2:  # the sort below, without a key call per reason
            if abs(found[1].weight) > abs(found[0].weight):
                found.reverse()
        elif len(found) > 2:
            found.sort(key=_strength)  # stable: equally strong reasons keep their order
        out.append((*head, *found[:keep]))
    return out


def _strength(reason: Reason) -> float:
    """Strongest first, whichever way a reason pushes."""
    return -abs(reason.weight)


_PRIOR_REASONS: Final[dict[tuple[str, float], Reason]] = {}


def _prior_reason(text: str, weight: float) -> Reason:
    reason = _PRIOR_REASONS.get((text, weight))
    if reason is None:
        if len(_PRIOR_REASONS) >= 4096:  # bounded: counts and names make a few texts unique
            _PRIOR_REASONS.clear()
        reason = _PRIOR_REASONS[text, weight] = new_reason(text, weight)
    return reason


_NEW: Final = object.__new__
_SET_TEXT: Final = vars(Reason)["text"].__set__
_SET_WEIGHT: Final = vars(Reason)["weight"].__set__


def new_reason(text: str, weight: float) -> Reason:
    """``Reason(text, weight)``, built at half the cost: a frozen dataclass's ``__init__`` sets
    each field through ``object.__setattr__``, while the slot descriptors set them directly.
    The result is an ordinary ``Reason`` (same fields, equality, hash and JSON); a test pins
    this against the constructor, so a new field in ``Reason`` cannot slip past it."""
    reason = _NEW(Reason)
    _SET_TEXT(reason, text)
    _SET_WEIGHT(reason, weight)
    return reason
