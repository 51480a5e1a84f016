"""Train the shipped model (and ``rejoinder train`` models): select on a held-out set, then fit all.

Model selection is deliberately small (a handful of settings) and uses our own held-out rows,
never a public test split, so the shipped model is not tuned to any benchmark.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from rejoinder.spam.corpus import TrainingSet, build, in_holdout
from rejoinder.spam.model import SpamModel

SEED = 20261128
HOLDOUT_PERCENT = 15
# Per-source (or per-source-and-class) weights before class balancing. The blog-like sources
# weigh most; SMS ham (short chat between friends) least, so "SMS-style => ham" stays weak.
SOURCE_WEIGHTS: dict[str, float] = {
    "youtube_spam_collection": 1.0,
    "youtube_spam_extra": 1.0,
    "datacamp_blog_comments": 2.0,
    "wordpress_queue_spam": 0.7,
    "instagram_scam_comments": 0.6,
    "sms_spam_collection:ham": 0.2,
    "sms_spam_collection:spam": 0.5,
    "indonesian_sms_spam": 0.3,
    "news_comments": 3.0,
}
# The text settings are SpamModel's defaults, chosen by grouped 5-fold CV on corpora that are no
# benchmark's test split (bench/RESULTS.md, "Spam filter quality"). What only this training set can
# answer is how much the author name's own n-grams should count.
CANDIDATES: tuple[dict[str, Any], ...] = (
    {"author_scale": 0.0},
    {"author_scale": 0.3},
    {"author_scale": 1.0},
)
# Sources whose names were typed into a comment form. Elsewhere the name is missing or a reader
# identity that ``augment`` drew from one list for both classes, so held-out rows there can only
# say that names teach nothing; the selection reads these rows when it has both classes of them.
NAMED_SOURCES = frozenset(("news_comments", "wordpress_queue_spam", "datacamp_blog_comments"))


@dataclass(frozen=True, slots=True)
class Report:
    selected: dict[str, Any]
    holdout: list[dict[str, Any]]
    rows: dict[str, dict[str, int]]

    def to_json(self) -> dict[str, Any]:
        return {"selected": self.selected, "holdout": self.holdout, "rows": self.rows}


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
    ids = [str(c.get("id", i)) for i, c in enumerate(data.comments)]
    held = [in_holdout(f"{s}:{i}", HOLDOUT_PERCENT) for s, i in zip(data.sources, ids, strict=True)]
    train_part = data.subset(i for i, h in enumerate(held) if not h)
    test_part = data.subset(i for i, h in enumerate(held) if h)
    named = test_part.subset(i for i, s in enumerate(test_part.sources) if s in NAMED_SOURCES)
    judge = named if len(set(named.labels)) == 2 else test_part
    results: list[dict[str, Any]] = []
    for params in CANDIDATES:
        model = SpamModel(seed=seed, **params).fit(train_part.comments, train_part.labels, train_part.weights)
        scores = {
            "all": evaluate(model, test_part),
            "named": evaluate(model, named) if judge is named else {},
        }
        log(f"  {params}: {scores}")
        results.append({"params": params, **scores, "log_loss": evaluate(model, judge)["log_loss"]})
    best = min(results, key=lambda r: r["log_loss"])
    log(f"selected {best['params']}; fitting on all {len(data.labels)} rows")
    final = SpamModel(seed=seed, **best["params"]).fit(data.comments, data.labels, data.weights)
    rows: dict[str, dict[str, int]] = {}
    for source, label in zip(data.sources, data.labels, strict=True):
        counts = rows.setdefault(source, {"spam": 0, "ham": 0})
        counts["spam" if label else "ham"] += 1
    return final, Report(best["params"], results, rows)
