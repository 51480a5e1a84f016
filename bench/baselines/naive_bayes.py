"""The textbook baseline: TF-IDF word uni- and bigrams into multinomial naive Bayes (scikit-learn).

Settings are the common ones from the SMS and YouTube papers' era (lower-cased words, sublinear
term frequency, Laplace-style smoothing ``alpha=0.1``), fixed up front and not tuned on any test
split. It reads the comment text only, like the published baselines it stands in for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline


class TfidfNaiveBayes:
    name = "TF-IDF + NB"

    def fit_score(
        self, train: Sequence[Mapping[str, Any]], y: Sequence[int], test: Sequence[Mapping[str, Any]]
    ) -> np.ndarray:
        pipeline = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents=None),
            MultinomialNB(alpha=0.1),
        )
        pipeline.fit([_text(c) for c in train], np.asarray(y))
        return np.asarray(pipeline.predict_proba([_text(c) for c in test])[:, 1], dtype=np.float64)


def _text(comment: Mapping[str, Any]) -> str:
    return str(comment.get("content") or "")
