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
