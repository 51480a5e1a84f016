"""``python -m bench.quality.feature_gap``: where hashed features lose to raw TF-IDF, if anywhere.

A plain scikit-learn TF-IDF + logistic regression on the raw text came out ahead of ``SpamModel`` on
the SMS collection. This separates the suspects, each as one change, all scored by the same grouped
cross-validation as ``bench.quality.defaults`` (5 folds on the three corpora no benchmark tests on,
then 10 folds on SMS as the final check): the same converged logistic regression (liblinear, C=30) on
scikit-learn's TF-IDF of the raw text, on our folded text, and on our hashed block as extracted, with
more bits (collisions), with TF-IDF weighting, with the learned signal columns; then ``SpamModel``
itself (our AdaGrad fit, prior offsets included) without and with ``unit_rows``.
Cells: accuracy % / F1 % / log loss, pooled out of fold.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp

from bench.quality import corpora, splits
from bench.quality.defaults import DEV_CORPORA, cross_validate, pooled_scores

CORPORA = (*DEV_CORPORA, "sms_spam_collection")
C = 30.0
Matrices = Callable[[list[str], list[dict[str, Any]], np.ndarray, np.ndarray], tuple[Any, Any]]


def _tfidf_text(fold_text: bool) -> Matrices:
    def build(
        texts: list[str], _: list[dict[str, Any]], train: np.ndarray, test: np.ndarray
    ) -> tuple[Any, Any]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from rejoinder.spam.normalise import fold, prepare

        seen = [fold(prepare(t).text) for t in texts] if fold_text else texts
        vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))
        return vectoriser.fit_transform([seen[i] for i in train]), vectoriser.transform(
            [seen[i] for i in test]
        )

    return build


def _hashed(bits: int = 18, tfidf: bool = False, learned: bool = False) -> Matrices:
    def build(
        _: list[str], comments: list[dict[str, Any]], train: np.ndarray, test: np.ndarray
    ) -> tuple[Any, Any]:
        from sklearn.feature_extraction.text import TfidfTransformer

        from rejoinder.spam.features import Config, extract

        config = Config(bits=bits)
        width = config.n_columns if learned else config.n_hashed
        blocks = []
        for start in range(0, len(comments), 256):
            batch = extract(comments[start : start + 256], config)
            keep = batch.cols < width
            shape = (batch.n, width)
            blocks.append(
                sp.csr_matrix((batch.vals[keep], (batch.rows[keep], batch.cols[keep])), shape=shape)
            )
        matrix = sp.vstack(blocks).tocsr()
        if not tfidf:
            return matrix[train], matrix[test]
        weigh = TfidfTransformer().fit(matrix[train])
        return weigh.transform(matrix[train]), weigh.transform(matrix[test])

    return build


VARIANTS: dict[str, Matrices] = {
    "scikit-learn TF-IDF, char_wb 2-5, raw text": _tfidf_text(False),
    "same, on our folded text (no case, punctuation or symbols)": _tfidf_text(True),
    "our hashed block (2^18 columns), as extracted": _hashed(),
    "same, 2^22 columns (fewer collisions)": _hashed(bits=22),
    "same, 2^18, TF-IDF weighted and L2-normalised": _hashed(tfidf=True),
    "same, 2^18, plus the learned signal columns": _hashed(learned=True),
}
MODELS = {
    "SpamModel(unit_rows=False) (the session-2 defaults)": {"unit_rows": False, "short_shrink": 0.0},
    "SpamModel() (unit_rows=True)": {
        "nb_scaling": False,
        "sublinear": False,
        "short_shrink": 0.0,
    },  # session 3's defaults, as measured
}


def logistic(name: str, build: Matrices) -> dict[str, float]:
    from sklearn.linear_model import LogisticRegression

    rows = corpora.load(name)
    y = corpora.labels(rows)
    texts = [str(r.get("content") or "") for r in rows]
    comments = [corpora.comment(r) for r in rows]
    p = np.zeros(len(rows))
    for split in splits.grouped_kfold(rows, y, k=10 if name.startswith("sms") else 5):
        train, test = build(texts, comments, split.train, split.test)
        fitted = LogisticRegression(C=C, solver="liblinear", max_iter=3000).fit(train, y[split.train])
        p[split.test] = fitted.predict_proba(test)[:, 1]
    return pooled_scores(y, p)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.quality.feature_gap", description=__doc__)
    parser.parse_args(argv)
    print("| variant | " + " | ".join(CORPORA) + " |")
    print("| --- |" + " --- |" * len(CORPORA))
    rows: list[tuple[str, Callable[[str], dict[str, float]]]] = [
        (f"LR: {label}", lambda name, b=build: logistic(name, b)) for label, build in VARIANTS.items()
    ]
    rows += [
        (label, lambda name, p=params: cross_validate(name, p, folds=10 if name.startswith("sms") else 5))
        for label, params in MODELS.items()
    ]
    for label, score in rows:
        cells = []
        for name in CORPORA:
            s = score(name)
            cells.append(f"{100 * s['accuracy']:.2f} / {100 * s['f1']:.1f} / {s['log_loss']:.3f}")
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
