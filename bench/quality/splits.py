"""Train/test splits: chronological per video, grouped stratified k-fold, and cross-domain.

Every split is a pair of index arrays into one list of rows, so all systems in a run see exactly
the same training and test rows.

Chronological order of the YouTube collection: Psy and KatyPerry are stored oldest first, LMFAO,
Eminem and Shakira newest first. We detect the direction from the dated rows and read the file
in time order. Every Eminem spam row has an empty date, but the rows sit interleaved with the dated
ham in the file, so the file position *is* the time order; undated rows keep their position.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

from bench.quality.corpora import Row, duplicate_key

SEED = 20261128


@dataclass(frozen=True)
class Split:
    name: str
    train: np.ndarray
    test: np.ndarray


def time_order(rows: list[Row], indices: list[int]) -> list[int]:
    """``indices`` (in file order) rearranged oldest first, undated rows staying where they sit."""
    dated = [rows[i]["date"] for i in indices if rows[i].get("date")]
    descending = sum(b < a for a, b in pairwise(dated)) > len(dated) // 2
    ordered = list(reversed(indices)) if descending else list(indices)
    last_date = ""
    for i in ordered:
        date = rows[i].get("date") or last_date
        if date < last_date:
            raise ValueError(f"row {rows[i]['id']} breaks the time order ({date} < {last_date})")
        last_date = date
    return ordered


def site_times(rows: list[Row]) -> list[datetime]:
    """Each row's time, comparable across sources: its own date, or for an undated row (Eminem's spam)
    the date of the next dated row of its source in time order.

    An undated row sits between two dated neighbours, so its true time is at most the later
    neighbour's: giving it that time can only keep it *out* of a training window it truly belongs
    to, never let a row from after a test window's start into it. A source whose last rows are
    undated has no upper bound; those rows get ``datetime.max`` and never train another source.
    """
    by_source: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_source[row["source"]].append(i)
    times: list[datetime | None] = [None] * len(rows)
    for indices in by_source.values():
        upper = datetime.max
        for i in reversed(time_order(rows, indices)):
            if rows[i].get("date"):
                upper = datetime.fromisoformat(str(rows[i]["date"]))
            times[i] = upper
    return [t if t is not None else datetime.max for t in times]


def chronological(rows: list[Row], train_share: float = 0.7) -> list[Split]:
    """Per ``source`` (video): the first ``train_share`` in time order trains, the rest tests."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_source[row["source"]].append(i)
    splits = []
    for source, indices in by_source.items():
        ordered = time_order(rows, indices)
        cut = round(len(ordered) * train_share)
        name = source.split("(")[-1].rstrip(")") if "(" in source else source
        splits.append(Split(name, np.array(ordered[:cut]), np.array(ordered[cut:])))
    return splits


def grouped_kfold(rows: list[Row], y: np.ndarray, k: int = 10, seed: int = SEED) -> list[Split]:
    """Stratified k-fold where rows with the same text always land in the same fold."""
    groups = [duplicate_key(str(r.get("content") or "")) for r in rows]
    folder = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    return [
        Split(f"fold {n + 1}", train, test)
        for n, (train, test) in enumerate(folder.split(np.zeros(len(rows)), y, groups))
    ]
