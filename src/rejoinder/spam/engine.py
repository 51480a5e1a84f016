"""``Engine``: the base model plus a site's context, learning and thresholds, giving a ``Verdict``.

The engine is immutable once loaded and shared by every request and every site of a process;
per-site state lives in ``SiteModel`` objects the service keeps. Scoring is batched: even one
comment goes through the vectorised path of ``check_many``.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Final

import numpy as np

from rejoinder.domain import Decision, Reason, Verdict
from rejoinder.spam.context import SiteContext, Thresholds, context_priors
from rejoinder.spam.explain import Explainer, reasons_of_batch
from rejoinder.spam.features import FeatureBatch, extract
from rejoinder.spam.model import CHUNK, SpamModel
from rejoinder.spam.signals import Prior
from rejoinder.spam.site import SiteModel

# Found through the package, not ``__file__``: a module compiled by mypyc has none while it is imported.
DEFAULT_MODEL: Final = Path(str(files("rejoinder.spam") / "models" / "default")).resolve()
_BLATANT: Final = ("filled the hidden honeypot field",)
_HEAP_PRIMER: Final = 16 << 20  # bytes; see _keep_arrays_on_the_heap
_WARM_UP: Final = {
    "content": "Ｗarm‑up ﻿tеxt with a link www.example.com and 100$",
    "author": "cheap loans",
    "author_email": "x@mailinator.com",
    "author_url": "http://example.com",
}


def decide(score: float, thresholds: Thresholds, *, blatant: bool = False, banned: bool = False) -> Decision:
    if banned:
        return Decision.DISCARD if blatant else Decision.SPAM
    if blatant or score >= thresholds.discard:
        return Decision.DISCARD
    if score >= thresholds.spam:
        return Decision.SPAM
    if score >= thresholds.pending:
        return Decision.PENDING
    return Decision.HAM


class Engine:
    """Scores comments. ``Engine.load()`` gives the model shipped with Rejoinder."""

    def __init__(self, model: SpamModel) -> None:
        self.model = model

    @classmethod
    def load(cls, path: str | Path | None = None) -> Engine:
        """Load (once per process and path) and warm up, so the first real check is fast."""
        return _load(str(Path(path).resolve()) if path else str(DEFAULT_MODEL))

    @property
    def manifest(self) -> dict[str, Any]:
        return dict(getattr(self.model, "manifest_", {}))

    def new_site_model(self) -> SiteModel:
        return SiteModel(self.model)

    def check(
        self,
        comment: Mapping[str, Any],
        *,
        context: SiteContext | None = None,
        site_model: SiteModel | None = None,
        thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so sharing the default is safe
    ) -> Verdict:
        return self.check_many([comment], context=context, site_model=site_model, thresholds=thresholds)[0]

    def check_many(
        self,
        comments: Sequence[Mapping[str, Any]],
        *,
        context: SiteContext | None = None,
        site_model: SiteModel | None = None,
        thresholds: Thresholds = Thresholds(),  # noqa: B008
    ) -> list[Verdict]:
        """One verdict per comment, in order. Never raises on bad comments.

        Python's cyclic garbage collector is paused while a batch of ``_PAUSE_MIN`` or more is
        scored, if it was running: scoring builds no reference cycles (reference counting frees
        all it makes), so the collector finds nothing, yet it runs every 700 new container
        objects and walks the young ones each time, and now and then all of them: the verdicts
        and reasons of a large batch pile up and are walked again and again, 10-15% of a batch's
        CPU. A single check leaves it alone, and a collector the application turned off stays off.
        """
        if len(comments) < _PAUSE_MIN or not gc.isenabled():
            return self._check_chunks(comments, context, site_model, thresholds)
        gc.disable()
        try:
            return self._check_chunks(comments, context, site_model, thresholds)
        finally:
            gc.enable()

    def _check_chunks(
        self,
        comments: Sequence[Mapping[str, Any]],
        context: SiteContext | None,
        site_model: SiteModel | None,
        thresholds: Thresholds,
    ) -> list[Verdict]:
        out: list[Verdict] = []
        for start in range(0, len(comments), CHUNK):
            out += self._check_chunk(comments[start : start + CHUNK], context, site_model, thresholds)
        return out

    def _check_chunk(
        self,
        comments: Sequence[Mapping[str, Any]],
        context: SiteContext | None,
        site_model: SiteModel | None,
        thresholds: Thresholds,
    ) -> list[Verdict]:
        batch = extract(comments, self.model.config)
        contributions = self.model.contributions(batch)
        learned = np.asarray(np.bincount(batch.rows, contributions, minlength=batch.n), dtype=np.float64)
        logits: list[float] = self.model.logits(batch, contributions, learned).tolist()
        learning = site_model is not None and site_model.n_learned > 0
        site: list[float] = (
            site_model.logits(batch).tolist() if site_model is not None and learning else [0.0] * batch.n
        )
        explainer = Explainer(self.model, batch, contributions, learned)
        ban = context.ban if context is not None and context.ban else None
        logits = [z + s for z, s in zip(logits, site, strict=True)] if learning else logits
        priors = batch.priors
        if context is not None or learning:
            priors, logits = _with_site(batch, logits, context, site_model if learning else None)
        scores = [1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z)))) for z in logits]
        if ban:
            scores = [max(score, thresholds.spam) for score in scores]
        blatant = _blatant_many(priors)
        decisions = _decisions(scores, blatant, thresholds, banned=bool(ban))
        return list(map(new_verdict, scores, decisions, reasons_of_batch(explainer, priors, site, ban)))


def _with_site(
    batch: FeatureBatch, logits: list[float], context: SiteContext | None, site_model: SiteModel | None
) -> tuple[list[list[Prior]], list[float]]:
    """Each comment's priors with the site's own (its context, the moderators' marks) added,
    and its log-odds with their weights, added after the comment's own as before."""
    priors: list[list[Prior]] = []
    out: list[float] = []
    for i, z in enumerate(logits):
        extra = context_priors(context, bool(batch.websites[i])) if context is not None else []
        if site_model is not None:
            extra += site_model.priors(batch, i)
        out.append(z + sum(p.weight for p in extra))
        priors.append(batch.priors[i] + extra)
    return priors, out


def _decisions(
    scores: list[float], blatant: list[bool], thresholds: Thresholds, *, banned: bool
) -> list[Decision]:
    """``[decide(score, thresholds, blatant=..., banned=banned) ...]`` without a call per comment."""
    if banned:
        return [Decision.DISCARD if hit else Decision.SPAM for hit in blatant]
    pending, spam, discard = thresholds.pending, thresholds.spam, thresholds.discard
    return [
        Decision.DISCARD
        if hit or score >= discard
        else Decision.SPAM
        if score >= spam
        else Decision.PENDING
        if score >= pending
        else Decision.HAM
        for score, hit in zip(scores, blatant, strict=True)
    ]


_NEW: Final = object.__new__
_SET_SCORE: Final = vars(Verdict)["score"].__set__
_SET_DECISION: Final = vars(Verdict)["decision"].__set__
_SET_REASONS: Final = vars(Verdict)["reasons"].__set__


def new_verdict(score: float, decision: Decision, found: tuple[Reason, ...]) -> Verdict:
    """``Verdict(score, decision, found)`` through the slot descriptors: see ``explain.new_reason``."""
    verdict = _NEW(Verdict)
    _SET_SCORE(verdict, score)
    _SET_DECISION(verdict, decision)
    _SET_REASONS(verdict, found)
    return verdict


_PAUSE_MIN = 16  # comments


def _blatant(priors: list[Prior]) -> bool:
    """A signal no person triggers (the hidden honeypot field) discards whatever the score."""
    return any(prior.text in _BLATANT for prior in priors)


def _blatant_many(priors: list[list[Prior]]) -> list[bool]:
    """``[_blatant(found) for found in priors]``: one look over the whole batch's priors first,
    since almost no batch holds such a signal and a call per comment costs more than the look."""
    if not any(prior.text in _BLATANT for found in priors for prior in found):
        return [False] * len(priors)
    return [bool(found) and _blatant(found) for found in priors]


@lru_cache(maxsize=8)
def _load(path: str) -> Engine:
    _keep_arrays_on_the_heap()
    engine = Engine(SpamModel.load(path))
    engine.check(_WARM_UP)
    return engine


def _keep_arrays_on_the_heap() -> None:
    """Stop glibc from mapping, faulting in and unmapping each scoring pass's arrays.

    glibc serves allocations above its mmap threshold (128 kB at start) with fresh pages, and
    gives heap memory back above a trim threshold; every scoring pass then page-faults its
    arrays in again, about 35 us of system time per comment (a sixth of the work). Freeing one
    mapped block raises both thresholds to that block's size (mallopt(3), "dynamic mmap
    threshold"), so one 16 MB block, allocated untouched and freed at once, keeps the passes on
    the reused heap. It costs no resident memory, and elsewhere it is an allocation and a free.
    """
    block = np.empty(_HEAP_PRIMER, dtype=np.uint8)
    del block
