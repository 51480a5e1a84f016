"""The labelled corpora (``/work/shared/data``): loading, labels, and the fields a model may see.

Rows carry ``label``, ``id``, ``date`` and ``source`` besides the comment. Only the five comment
fields a site would send (``COMMENT_FIELDS``) ever reach a system under test, so no model can
learn from the label, the dataset's id scheme or the name of the video a row came from.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np

# The shared corpora sit beside the repository (../shared/data), as on every developer machine and in CI.
DATA_DIR = Path(
    os.environ.get("REJOINDER_DATA_DIR", Path(__file__).resolve().parents[2].parent / "shared" / "data")
)
COMMENT_FIELDS = ("content", "author", "author_email", "author_url", "author_ip")

Row = dict[str, Any]


def load(name: str, data_dir: Path = DATA_DIR) -> list[Row]:
    """All rows of ``<name>.jsonl`` in file order."""
    path = data_dir / f"{name}.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def labels(rows: list[Row]) -> np.ndarray:
    """1 for spam, 0 for ham; any other label is a data error worth stopping for."""
    bad = {r["label"] for r in rows} - {"spam", "ham"}
    if bad:
        raise ValueError(f"unknown labels {sorted(bad)}")
    return np.array([1 if r["label"] == "spam" else 0 for r in rows], dtype=np.int64)


def comment(row: Row) -> dict[str, Any]:
    """The part of a row a comment form would submit."""
    return {key: row[key] for key in COMMENT_FIELDS if row.get(key) is not None}


def duplicate_key(text: str) -> str:
    """The data README's notion of 'the same text': NFKC, lower-cased, whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()
