"""Train the shipped model (and ``rejoinder train`` models): select a setting, then fit all rows.

Model selection is deliberately small (a handful of settings) and never reads a public test split,
so the shipped model is not tuned to any benchmark. With our hand-written news comments among the
sources, a setting is judged by training without them and scoring them (a site it has never seen);
otherwise on a fixed 15% of the rows held out by id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from rejoinder.spam.corpus import TrainingSet, build, in_holdout, label_of
from rejoinder.spam.model import SpamModel

SEED = 20261128
HOLDOUT_PERCENT = 15
# Per-source (or per-source-and-class) weights before class balancing. The blog-like sources
# weigh most; SMS ham (short chat between friends) least, so "SMS-style => ham" stays weak.
# Video comments weigh half: their spam is channel promotion ("subscribe", "check out my ..."),
# words that news readers use in ham; with less of them the leave-the-site-out check on the
# hand-written news comments improves (log loss 0.1870 -> 0.1821, ham flagged 6.2 -> 4.6%).
SOURCE_WEIGHTS: dict[str, float] = {
    "youtube_spam_collection": 0.5,
    "youtube_spam_extra": 0.5,
    "datacamp_blog_comments": 2.0,
    "wordpress_queue_spam": 0.7,
    "instagram_scam_comments": 0.6,
    "sms_spam_collection:ham": 0.2,
    "sms_spam_collection:spam": 0.5,
    "indonesian_sms_spam": 0.3,
    "news_comments": 3.0,
}
# SpamModel's defaults were chosen by grouped CV on public corpora that no benchmark tests on; they
# read a comment's links as words and fit the corpora closely. The shipped model is for news and blog
# comments, where links to sources are ham too, so the candidates include the older, sparser recipe.
# Every setting is spelled out, so a change of SpamModel()'s defaults never changes what `make train` builds.
_PINNED = {
    "bits": 18,
    "char_max": 5,
    "l2": 1e-5,
    "use_priors": True,
    "unit_rows": False,
    "nb_scaling": False,
    "balanced": False,
    "sublinear": False,
    "short_shrink": 0.0,
}
_SPARSE = {
    **_PINNED,
    "link_words": False,
    "char_min": 4,
    "epochs": 8,
    "learning_rate": 0.15,
    "batch_size": 32,
}
_CORPUS_FITTED = {  # SpamModel()'s defaults before unit_rows (session 2)
    **_PINNED,
    "link_words": True,
    "char_min": 2,
    "author_scale": 0.0,
    "epochs": 16,
    "learning_rate": 0.3,
    "batch_size": 16,
}
CANDIDATES: tuple[dict[str, Any], ...] = (
    {**_SPARSE, "author_scale": 0.0},
    {**_SPARSE, "author_scale": 1.0},
    _CORPUS_FITTED,
)
# A site none of the other sources comes from: each candidate is trained without it and scored on
# it, which asks what the shipped model must do (judge comments of a site it has never seen).
UNSEEN_SITE = "news_comments"


@dataclass(frozen=True, slots=True)
class Report:
    selected: dict[str, Any]
    candidates: list[dict[str, Any]]
    rows: dict[str, dict[str, int]]

    def to_json(self) -> dict[str, Any]:
        return {"selected": self.selected, "candidates": self.candidates, "rows": self.rows}


def auc(y: npt.NDArray[np.float64], p: npt.NDArray[np.float64]) -> float:
    """ROC AUC by ranks (ties averaged)."""
    order = np.argsort(p, kind="stable")
    ranks = np.empty(len(p))
    sorted_p = p[order]
    _, first, counts = np.unique(sorted_p, return_index=True, return_counts=True)
    average = first + (counts - 1) / 2.0 + 1
    ranks[order] = np.repeat(average, counts)
    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if not n_pos or not n_neg:
        return float("nan")
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def evaluate(model: SpamModel, data: TrainingSet) -> dict[str, float]:
    p = model.predict_proba(data.comments)[:, 1]
    y = np.asarray(data.labels, dtype=np.float64)
    w = np.asarray(data.weights)
    eps = 1e-7
    loss = -(w * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))).sum() / w.sum()
    ham = y == 0
    return {
        "log_loss": round(float(loss), 5),
        "auc": round(auc(y, p), 5),
        "ham_flagged_at_0.5": round(float((p[ham] >= 0.5).mean()), 5) if ham.any() else 0.0,
        "spam_caught_at_0.5": round(float((p[~ham] >= 0.5).mean()), 5) if (~ham).any() else 0.0,
    }


def _has_both(rows: list[dict[str, Any]] | None) -> bool:
    return rows is not None and {label_of(r) for r in rows} >= {0, 1}


def _leave_site_out(
    sources: Mapping[str, list[dict[str, Any]]],
    weights: Mapping[str, float],
    seed: int,
    log: Callable[[str], None],
) -> list[dict[str, Any]]:
    """Each candidate trained on every source but ``UNSEEN_SITE`` and scored on that site's rows."""
    others = build({k: v for k, v in sources.items() if k != UNSEEN_SITE}, weights, seed)
    rows = [r for r in sources[UNSEEN_SITE] if label_of(r) is not None]
    site = TrainingSet(
        rows, [int(label_of(r) or 0) for r in rows], [1.0] * len(rows), [UNSEEN_SITE] * len(rows)
    )
    results: list[dict[str, Any]] = []
    for params in CANDIDATES:
        model = SpamModel(seed=seed, **params).fit(others.comments, others.labels, others.weights)
        scores = evaluate(model, site)
        log(f"  {params}, trained without {UNSEEN_SITE}: {scores}")
        results.append({"params": params, "judged_on": UNSEEN_SITE, **scores})
    return results


def _holdout(data: TrainingSet, seed: int, log: Callable[[str], None]) -> list[dict[str, Any]]:
    """Each candidate trained on 85% of the rows and scored on the other 15% (fixed by row id)."""
    ids = [str(c.get("id", i)) for i, c in enumerate(data.comments)]
    held = [in_holdout(f"{s}:{i}", HOLDOUT_PERCENT) for s, i in zip(data.sources, ids, strict=True)]
    train_part = data.subset(i for i, h in enumerate(held) if not h)
    test_part = data.subset(i for i, h in enumerate(held) if h)
    results: list[dict[str, Any]] = []
    for params in CANDIDATES:
        model = SpamModel(seed=seed, **params).fit(train_part.comments, train_part.labels, train_part.weights)
        scores = evaluate(model, test_part)
        log(f"  {params}: {scores}")
        results.append({"params": params, "judged_on": "holdout", **scores})
    return results


def train(
    sources: Mapping[str, list[dict[str, Any]]],
    *,
    weights: Mapping[str, float] = SOURCE_WEIGHTS,
    seed: int = SEED,
    log: Callable[[str], None] = print,
) -> tuple[SpamModel, Report]:
    data = build(sources, weights, seed)
    if len(set(data.labels)) < 2:
        raise ValueError("training needs both spam and ham rows")
    if len(sources) > 1 and _has_both(sources.get(UNSEEN_SITE)):
        results = _leave_site_out(sources, weights, seed, log)
    else:
        results = _holdout(data, seed, log)
    best = min(results, key=lambda r: r["log_loss"])
    log(f"selected {best['params']}; fitting on all {len(data.labels)} rows")
    final = SpamModel(seed=seed, **best["params"]).fit(data.comments, data.labels, data.weights)
    rows: dict[str, dict[str, int]] = {}
    for source, label in zip(data.sources, data.labels, strict=True):
        counts = rows.setdefault(source, {"spam": 0, "ham": 0})
        counts["spam" if label else "ham"] += 1
    return final, Report(best["params"], results, rows)
