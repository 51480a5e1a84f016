"""The optimised engine gives exactly the verdicts of the straightforward one.

``reference_verdicts`` below is the engine's scoring loop and explainer as they were before the
speed work (one comment at a time, plain Python). Features, model, signals and the explainer's
stop words are shared, so this test keeps holding while they change; it pins what the engine and
the explainer compute from them: the score, the decision and every reason with its weight, compared
exactly (no tolerance). That a stop word is never named is pinned in ``test_engine.py``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest

from rejoinder.domain import Reason, Verdict
from rejoinder.spam import Engine, SiteContext, signals
from rejoinder.spam.context import Thresholds, context_priors
from rejoinder.spam.engine import decide
from rejoinder.spam.explain import _STOP
from rejoinder.spam.features import FeatureBatch, extract
from rejoinder.spam.model import CHUNK, SpamModel
from rejoinder.spam.site import SiteModel
from tests.spam import golden_speed as golden

_BLATANT = ("filled the hidden honeypot field",)


class _ReferenceExplainer:
    def __init__(self, model: SpamModel, batch: FeatureBatch, contributions: Any) -> None:
        n_hashed = model.config.n_hashed
        dense = batch.cols >= n_hashed
        learned = np.bincount(batch.rows, contributions, minlength=batch.n)
        self.text_weight = (learned + model.intercept_).astype(np.float64)
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
        self.words: dict[int, list[tuple[str, float]]] = {}
        words = slice(batch.word_start, batch.word_start + len(batch.words.row))
        weights = model.coef_[batch.cols[words]] * batch.vals[words]
        for j in range(len(batch.words.row)):
            row, begin, end = (int(x[j]) for x in (batch.words.row, batch.words.begin, batch.words.end))
            self._offer(row, batch.joined[begin:end], float(weights[j]), end - begin)

    def _offer(self, row: int, word: str, weight: float, length: int) -> None:
        """The first three distinct, non-stop words among each comment's five heaviest (>0.08)."""
        if weight <= 0.08 or length < 3:
            return
        self.words.setdefault(row, []).append((word, weight))

    def top_words(self, row: int) -> list[tuple[str, float]]:
        candidates = sorted(self.words.get(row, []), key=lambda wv: -wv[1])[:5]
        top: list[tuple[str, float]] = []
        for word, weight in candidates:
            if len(top) < 3 and word not in _STOP and all(word != w for w, _ in top):
                top.append((word, weight))
        return top


def _reasons(ex: _ReferenceExplainer, i: int, priors: list[Any], site_weight: float, ban: str | None) -> Any:
    found = [Reason(p.text, p.weight) for p in priors] + ex.dense.get(i, [])
    words = ex.top_words(i)
    if words:
        found.append(Reason("words: " + ", ".join(w for w, _ in words), sum(w for _, w in words)))
    text = float(ex.text_weight[i])
    if ex.has_text[i] and text >= 0.5:
        found.append(Reason("wording typical of spam", text))
    elif ex.has_text[i] and text <= -0.5:
        found.append(Reason("wording typical of genuine comments", text))
    if abs(site_weight) >= 0.3:
        kind = "spam" if site_weight > 0 else "approved comments"
        found.append(Reason(f"resembles {kind} that moderators marked on this site", site_weight))
    found.sort(key=lambda r: -abs(r.weight))
    head = [Reason(ban, 10.0)] if ban else []
    return tuple(head + found[: 6 - len(head)])


def reference_verdicts(
    engine: Engine,
    comments: Sequence[Mapping[str, Any]],
    context: SiteContext | None,
    site_model: SiteModel | None,
    thresholds: Thresholds,
) -> list[Verdict]:
    out: list[Verdict] = []
    for start in range(0, len(comments), CHUNK):
        batch = extract(comments[start : start + CHUNK], engine.model.config)
        contributions = engine.model.contributions(batch)
        logits = engine.model.logits(batch, contributions).tolist()
        learning = site_model is not None and site_model.n_learned > 0
        site = site_model.logits(batch).tolist() if site_model is not None and learning else [0.0] * batch.n
        ex = _ReferenceExplainer(engine.model, batch, contributions)
        ban = context.ban if context is not None and context.ban else None
        for i in range(batch.n):
            priors = list(batch.priors[i])
            z = logits[i] + site[i]
            extra = context_priors(context, bool(batch.websites[i])) if context is not None else []
            if site_model is not None and learning:
                extra += site_model.priors(batch, i)
            z += sum(p.weight for p in extra)
            priors += extra
            score = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
            blatant = any(p.text in _BLATANT for p in priors)
            if ban:
                score = max(score, thresholds.spam)
            decision = decide(score, thresholds, blatant=blatant, banned=bool(ban))
            out.append(Verdict(score, decision, _reasons(ex, i, priors, site[i], ban)))
    return out


@pytest.fixture(scope="module")
def comments() -> list[Any]:
    sampled = golden.sample_comments(seed=7)
    hostile = [{"comment_content": t, "comment_author": t[:30]} for t in golden.HOSTILE_TEXTS]
    return [*sampled, *golden.HOSTILE_COMMENTS, *hostile]


@pytest.fixture(scope="module")
def marked_site(engine: Engine, comments: list[Any]) -> SiteModel:
    site = engine.new_site_model()
    for i, comment in enumerate(comments[:40]):
        site.learn(comment, is_spam=i % 3 == 0)
    return site


CONTEXTS = {
    "none": None,
    "plain": SiteContext(),
    "duplicates and a new host": SiteContext(duplicates_on_site=3, author_url_host_seen=0),
    "a trusted regular": SiteContext(author_url_host_seen=12, author_trusted=True),
    "banned": SiteContext(ban="banned e-mail x@y.z"),
}


@pytest.mark.parametrize("name", list(CONTEXTS))
def test_check_many_equals_the_reference(engine: Engine, comments: list[Any], name: str) -> None:
    context = CONTEXTS[name]
    expected = reference_verdicts(engine, comments, context, None, Thresholds())
    assert engine.check_many(comments, context=context) == expected


def test_with_a_site_model_and_other_thresholds(
    engine: Engine, comments: list[Any], marked_site: SiteModel
) -> None:
    thresholds = Thresholds(pending=0.3, spam=0.6, discard=0.9)
    context = SiteContext(duplicates_on_site=1, author_url_host_seen=2)
    expected = reference_verdicts(engine, comments, context, marked_site, thresholds)
    got = engine.check_many(comments, context=context, site_model=marked_site, thresholds=thresholds)
    assert got == expected


def test_single_checks_equal_the_batch(engine: Engine, comments: list[Any], marked_site: SiteModel) -> None:
    batch = engine.check_many(comments[:120], site_model=marked_site)
    assert [engine.check(c, site_model=marked_site) for c in comments[:120]] == batch


def test_the_reference_can_tell_verdicts_apart(engine: Engine, comments: list[Any]) -> None:
    """Guards the comparison itself: a different context changes some verdict."""
    plain = reference_verdicts(engine, comments[:100], None, None, Thresholds())
    assert plain != reference_verdicts(engine, comments[:100], CONTEXTS["banned"], None, Thresholds())
    assert any(v.reasons for v in plain)
    assert any(r.text.startswith("words: ") for v in plain for r in v.reasons)
