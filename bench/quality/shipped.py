"""The shipped model, measured only on corpora it did not train on.

The shipped model is trained on the public corpora, so scoring it on their rows would measure
memory, not filtering. Its ``manifest.json`` records what it trained on; a corpus whose file name
appears nowhere in the manifest is fair test data, and only those are scored here. When every
corpus is named (the expected case) this section says so and reports nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from bench.quality import corpora
from bench.quality.report import metrics_table
from rejoinder.spam.metrics import report

ALL_CORPORA = (
    "youtube_spam_collection",
    "youtube_spam_extra",
    "datacamp_blog_comments",
    "wordpress_queue_spam",
    "instagram_scam_comments",
    "sms_spam_collection",
    "indonesian_sms_spam",
)
TITLE = "#### The shipped model (trained on the public corpora), on data it has not seen"


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def unseen_corpora(manifest: dict[str, Any]) -> list[str]:
    """Corpora the manifest never mentions (by file name without ``.jsonl``)."""
    text = "\n".join(_strings(manifest))
    return [name for name in ALL_CORPORA if name not in text]


def _manifest_path() -> Path:
    import rejoinder.spam

    return Path(rejoinder.spam.__file__).parent / "models" / "default" / "manifest.json"


def evaluate() -> str:
    """Markdown for the shipped-model section; never raises for a missing model, it says why."""
    path = _manifest_path()
    if not path.exists():
        return f"{TITLE}\n\nSkipped: no shipped model at `{path}` when this ran.\n"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    unseen = unseen_corpora(manifest)
    if not unseen:
        return (
            f"{TITLE}\n\nSkipped: its manifest lists every public corpus as training data, so no test row "
            "here is unseen. It is judged on held-out comments outside this repository instead.\n"
        )
    from rejoinder.spam import Engine

    engine = Engine.load()
    rows: list[tuple[str, dict[str, float]]] = []
    for name in unseen:
        data = corpora.load(name)
        y = corpora.labels(data)
        if y.min() == y.max():
            continue
        verdicts = engine.check_many([corpora.comment(r) for r in data])
        scores = np.array([v.score for v in verdicts], dtype=np.float64)
        rows.append((name, report(y, scores, 0.5).as_dict()))
    if not rows:
        return f"{TITLE}\n\nSkipped: the only unseen corpora ({', '.join(unseen)}) hold a single class.\n"
    return f"{TITLE}\n\nCorpora absent from its manifest: {', '.join(unseen)}.\n\n{metrics_table(rows)}\n"
