"""``python -m bench.quality.defaults``: how ``SpamModel()``'s defaults were chosen, reproducibly.

Each candidate setting is scored by grouped 5-fold cross-validation on labelled corpora that no
experiment of ``bench.quality`` tests on (another set of YouTube videos, Instagram scams, Indonesian
SMS), and the lowest mean log loss wins, unless it flags more ham at 0.5 than the candidate it would
replace: log loss does not weigh a ham wrongly blocked above a spam let through, and a site does (the
``balanced`` row, session 4). The benchmark's own splits are never read here, so the defaults it
measures were not tuned to them.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np

from bench.quality import corpora, splits

DEV_CORPORA = ("youtube_spam_extra", "instagram_scam_comments", "indonesian_sms_spam")
_PREVIOUS = {
    "unit_rows": False,  # every row spells out the settings it had when it was measured
    "nb_scaling": False,
    "balanced": False,
    "sublinear": False,
    "short_shrink": 0.0,
    "link_words": False,
    "char_min": 4,
    "author_scale": 1.0,
    "epochs": 8,
    "learning_rate": 0.15,
    "batch_size": 32,
}
_WIDE = {
    "unit_rows": False,
    "nb_scaling": False,
    "balanced": False,
    "sublinear": False,
    "short_shrink": 0.0,
    "link_words": True,
    "char_min": 2,
    "author_scale": 0.0,
    "epochs": 8,
    "learning_rate": 0.15,
    "batch_size": 32,
}
_CURRENT = {**_WIDE, "epochs": 16, "learning_rate": 0.3, "batch_size": 16}
CANDIDATES: dict[str, dict[str, Any]] = {
    "previous defaults": _PREVIOUS,
    "+ link words": {**_PREVIOUS, "link_words": True},
    "+ char 2-5, no author n-grams": _WIDE,
    "same, no prior offsets": {**_WIDE, "use_priors": False},
    "same, char 3-5": {**_WIDE, "char_min": 3},
    "same, 16 passes at 0.3, batch 16": _CURRENT,
    "same, hashed block L2-normalised per comment": {**_CURRENT, "unit_rows": True},
    "same, hashed values times their NB log-count ratio (nb_scaling)": {
        **_CURRENT,
        "unit_rows": True,
        "nb_scaling": True,
    },
    "same, each class weighing the same (balanced)": {
        **_CURRENT,
        "unit_rows": True,
        "nb_scaling": True,
        "balanced": True,
    },
    "same as nb_scaling, a repeated n-gram counting 1 + ln k (sublinear)": {
        **_CURRENT,
        "unit_rows": True,
        "nb_scaling": True,
        "sublinear": True,
    },
}
_SUBLINEAR = CANDIDATES["same as nb_scaling, a repeated n-gram counting 1 + ln k (sublinear)"]
# Session 7: a comment with d < K hashed entries has its hashed block shrunk by sqrt(d / K)
# (SpamModel.short_shrink): a few n-grams are little evidence. K spans ~12 to ~100 characters of text.
for _k in (50, 100, 150, 250, 400, 600, 1000):
    CANDIDATES[f"same as sublinear, hashed block of a comment with d < {_k} entries times sqrt(d / {_k})"] = {
        **_SUBLINEAR,
        "short_shrink": float(_k),
    }


def cross_validate(name: str, params: dict[str, Any], folds: int = 5) -> dict[str, float]:
    """Pooled out-of-fold accuracy, F1 and log loss of ``SpamModel(**params)`` on one corpus."""
    from rejoinder.spam import SpamModel

    rows = corpora.load(name)
    y = corpora.labels(rows)
    p = np.zeros(len(rows))
    for split in splits.grouped_kfold(rows, y, k=folds):
        model = SpamModel(**params).fit([corpora.comment(rows[i]) for i in split.train], y[split.train])
        p[split.test] = model.predict_proba([corpora.comment(rows[i]) for i in split.test])[:, 1]
    return pooled_scores(y, p)


def pooled_scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """Accuracy, F1 and ham flagged at P(spam) >= 0.5, and log loss, of out-of-fold scores ``p``."""
    flagged = p >= 0.5
    tp = int((flagged & (y == 1)).sum())
    wrong = int((flagged != (y == 1)).sum())
    eps = 1e-7
    return {
        "accuracy": float((flagged == (y == 1)).mean()),
        "f1": 2 * tp / (2 * tp + wrong),
        "log_loss": float(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))),
        "ham_flagged": float(flagged[y == 0].mean()) if (y == 0).any() else 0.0,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.quality.defaults", description=__doc__)
    parser.add_argument("--only", nargs="*", help="candidate names to run (default: all)")
    args = parser.parse_args(argv)
    print("| candidate | " + " | ".join(DEV_CORPORA) + " | mean log loss | mean ham flagged |")
    print("| --- |" + " --- |" * (len(DEV_CORPORA) + 2))
    best: tuple[float, str] | None = None
    for label, params in CANDIDATES.items():
        if args.only and label not in args.only:
            continue
        scores = [cross_validate(name, params) for name in DEV_CORPORA]
        mean = float(np.mean([s["log_loss"] for s in scores]))
        ham = 100 * float(np.mean([s["ham_flagged"] for s in scores]))
        cells = [f"{100 * s['accuracy']:.1f} / {100 * s['f1']:.1f} / {s['log_loss']:.3f}" for s in scores]
        print(f"| {label} | " + " | ".join(cells) + f" | {mean:.4f} | {ham:.2f}% |", flush=True)
        best = min(best, (mean, label)) if best else (mean, label)
    if best:
        print(f"\nlowest mean log loss: {best[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
