"""The systems under test, all behind ``fit_score(train, y, test) -> P(spam)``.

Each system also carries its decision ``threshold`` for the hard metrics (accuracy, F1, ham
blocked). It is 0.5 for all of them; SpamAssassin's Bayes answers exactly 0.5 when it has no
opinion (too few known tokens), so for it the threshold is *just above* 0.5 and "no opinion" means ham,
its own reading of BAYES_50 (which scores 0.8 of the 5.0 needed to flag a message).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from bench.baselines import spamassassin
from bench.baselines.naive_bayes import TfidfNaiveBayes
from bench.baselines.spamassassin import SpamAssassinBayes
from bench.quality import site_chrono, site_layer


class System(Protocol):
    name: str

    def fit_score(
        self, train: Sequence[Mapping[str, Any]], y: Sequence[int], test: Sequence[Mapping[str, Any]]
    ) -> np.ndarray: ...


class Rejoinder:
    """A fresh ``rejoinder.spam.SpamModel`` trained on the split's training rows only."""

    name = "Rejoinder"

    def fit_score(
        self, train: Sequence[Mapping[str, Any]], y: Sequence[int], test: Sequence[Mapping[str, Any]]
    ) -> np.ndarray:
        from rejoinder.spam import SpamModel

        model = SpamModel().fit(list(train), list(y))
        return np.asarray(model.predict_proba(list(test)), dtype=np.float64)[:, 1]


def rejoinder_available() -> str | None:
    """None when the engine can be trained here, else why not."""
    try:
        from rejoinder.spam import SpamModel  # noqa: F401
    except ImportError as exc:
        return f"rejoinder.spam.SpamModel is not importable yet ({exc})"
    return None


THRESHOLDS = {
    "Rejoinder": 0.5,
    TfidfNaiveBayes.name: 0.5,
    SpamAssassinBayes.name: float(np.nextafter(0.5, 1.0)),
    site_chrono.NAME: 0.5,
    site_layer.FULL: 0.5,
    site_layer.STRICT: 0.5,
    **{system.name: 0.5 for system in site_layer.site_rows()},
}


def default_systems(with_spamassassin: bool = True, baselines: bool = True) -> tuple[list[System], list[str]]:
    """The systems that can run on this machine, and a note for each one that cannot.
    ``baselines=False``: Rejoinder only (``--site-rows``)."""
    systems: list[System] = []
    notes: list[str] = []
    reason = rejoinder_available()
    if reason is None:
        systems.append(Rejoinder())
    else:
        notes.append(f"Rejoinder skipped: {reason}")
    if not baselines:
        return systems, notes
    systems.append(TfidfNaiveBayes())
    if not with_spamassassin:
        notes.append("SpamAssassin Bayes skipped: --no-spamassassin")
    elif spamassassin.available():
        systems.append(SpamAssassinBayes())
    else:
        notes.append("SpamAssassin Bayes skipped: sa-learn/spamassassin not installed")
    return systems, notes
