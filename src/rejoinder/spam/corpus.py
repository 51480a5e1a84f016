"""Labelled JSONL corpora -> weighted training examples.

Each source gets a weight per class so that no single corpus (5,000 SMS, 2,000 WordPress spam)
dominates, and the classes end up with equal total weight. Row order is fixed by (source, id),
so the same files give the same training set in any process.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rejoinder.spam.augment import augment

_LABELS = {"spam": 1, "ham": 0, "1": 1, "0": 0, "true": 1, "false": 0}


def label_of(row: Mapping[str, Any]) -> int | None:
    value = row.get("label", row.get("is_spam"))
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and value in (0, 1):
        return value
    return _LABELS.get(str(value).strip().lower()) if value is not None else None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Labelled rows of one file; unlabelled or broken lines are skipped."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict) and label_of(row) is not None:
                rows.append(row)
    return rows


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def in_holdout(row_id: str, percent: int) -> bool:
    """A fixed pseudo-random split by id, so a model is selected on rows it never saw."""
    digest = hashlib.blake2b(row_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 100 < percent


@dataclass
class TrainingSet:
    comments: list[dict[str, Any]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def subset(self, keep: Iterable[int]) -> TrainingSet:
        idx = list(keep)
        return TrainingSet(
            [self.comments[i] for i in idx],
            [self.labels[i] for i in idx],
            [self.weights[i] for i in idx],
            [self.sources[i] for i in idx],
        )


def build(
    sources: Mapping[str, list[dict[str, Any]]], source_weight: Mapping[str, float], seed: int
) -> TrainingSet:
    """Augment, weight and order the rows of every source.

    ``source_weight`` keys are a source name ("sms_spam_collection") or a source and class
    ("sms_spam_collection:ham"); the more specific key wins; unnamed sources weigh 1.
    """
    rng = random.Random(seed)
    out = TrainingSet()
    for name in sorted(sources):
        rows = sorted(sources[name], key=lambda r: str(r.get("id", "")))
        for row in rows:
            label = label_of(row)
            if label is None:
                continue
            out.comments.append(augment(row, label, name, rng))
            out.labels.append(label)
            kind = "spam" if label else "ham"
            out.weights.append(source_weight.get(f"{name}:{kind}", source_weight.get(name, 1.0)))
            out.sources.append(name)
    _balance(out)
    return out


def _balance(data: TrainingSet) -> None:
    """Scale weights so spam and ham each sum to half the number of rows."""
    totals = [0.0, 0.0]
    for label, weight in zip(data.labels, data.weights, strict=True):
        totals[label] += weight
    n = len(data.labels)
    for i, label in enumerate(data.labels):
        if totals[label]:
            data.weights[i] *= n / 2 / totals[label]
