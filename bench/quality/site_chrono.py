"""YouTube in time order as one site would live it: one model for all five videos.

The per-video row trains a fresh model on one video's earliest 70% only, as if each video were a
site of its own with no past. A site that hosts all five videos has seen, by the time one video's
test window opens, every comment posted on *any* of its videos before that moment. This system
trains a fresh ``SpamModel()`` per video on exactly that: the video's own training rows plus every
row of the other videos older than the first comment of the video's test window, and scores the
same per-video test rows. It is an *additional* row beside the per-video one, not a replacement.

Undated rows (Eminem's spam) take the time of their later dated neighbour
(``splits.site_times``), an upper bound, so no row from after a window's start can enter its
training; ``train_indices`` asserts that for every split it builds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np

from bench.quality.corpora import Row
from bench.quality.splits import Split, site_times

NAME = "Rejoinder, one model per site (every video's comments before the test window)"


class LeakError(AssertionError):
    """A training row is not strictly older than the test window it is used for."""


class SiteInTimeOrder:
    """A fresh ``SpamModel()`` per split, trained on the site's comments older than its test window."""

    name = NAME

    def __init__(self, rows: list[Row], splits: Sequence[Split]) -> None:
        self.times = site_times(rows)
        self.sources = [str(r["source"]) for r in rows]
        self.splits = list(splits)

    def window_start(self, split: Split) -> datetime:
        return min(self.times[i] for i in split.test)

    def train_indices(self, split: Split) -> np.ndarray:
        """The split's own training rows and every other video's rows older than its test window."""
        start = self.window_start(split)
        own = {self.sources[i] for i in split.test}
        others = [i for i, t in enumerate(self.times) if t < start and self.sources[i] not in own]
        train = np.array(sorted({*split.train.tolist(), *others}), dtype=np.int64)
        self.check(split, train)
        return train

    def check(self, split: Split, train: np.ndarray) -> None:
        """Raise ``LeakError`` unless no test row trains and every training row predates the window."""
        start = self.window_start(split)
        if set(train.tolist()) & set(split.test.tolist()):
            raise LeakError(f"{split.name}: a test row is in its own training set")
        late = [
            int(i)
            for i in train
            if self.times[i] > start or (self.times[i] == start and i not in split.train)
        ]
        if late:
            raise LeakError(
                f"{split.name}: {len(late)} training rows are not older than the test window ({start})"
            )

    def fit_score(
        self, train: Sequence[Mapping[str, Any]], y: Sequence[int], test: Sequence[Mapping[str, Any]]
    ) -> np.ndarray:
        from rejoinder.spam import SpamModel

        model = SpamModel().fit(list(train), list(y))
        return np.asarray(model.predict_proba(list(test)), dtype=np.float64)[:, 1]


def note(rows: list[Row], splits: Sequence[Split]) -> str:
    """What the site-wide row trains on per video, in numbers, for the report."""
    system = SiteInTimeOrder(rows, splits)
    parts = []
    for split in splits:
        train = system.train_indices(split)
        start = f"{system.window_start(split):%Y-%m-%d %H:%M}"
        parts.append(f"{split.name} {len(train)} (own {len(split.train)}, window from {start})")
    return (
        f"*{NAME}*: as one site holding all five videos would live it. Per video a fresh `SpamModel()` "
        "trains on that video's earliest 70% plus every comment of the other four videos posted before the "
        "video's test window opens, and scores the same latest 30% as the per-video row. Training rows "
        f"per video: {'; '.join(parts)}. Eminem's 174 spam rows are undated; each takes the time of its "
        "later dated neighbour in time order (an upper bound, so no row enters a window it may postdate), "
        "and the run asserts that every training row is older than the window it trains for."
    )
