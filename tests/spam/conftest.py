"""Fixtures for the spam engine tests: the shipped engine, and realistic comments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rejoinder.spam import Engine

ROOT = Path(__file__).resolve().parents[2]
HANDWRITTEN = ROOT / "training" / "data" / "handwritten" / "news_comments.jsonl"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.load()


def handwritten(label: str) -> list[dict[str, Any]]:
    """Our own realistic news-site comments (all form fields), if the file has landed."""
    if not HANDWRITTEN.exists():
        return []
    rows = [json.loads(line) for line in HANDWRITTEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("label") == label]


ANGRY_POLITICAL = {
    "comment_content": (
        "This is an absolute disgrace. The council has spent three years promising to fix the housing "
        "crisis and what have they delivered? Nothing. Rents in this city went up 18% last year while wages "
        "stood still, and the mayor has the nerve to call it progress. I have voted for this party my whole "
        "life and I will not do it again. Whoever wrote this article should be asking the hard questions "
        "instead of reprinting the press release. People are sleeping in their cars!"
    ),
    "comment_author": "Margaret Oduya",
    "comment_author_email": "m.oduya@gmail.com",
    "comment_author_url": "https://margaretoduya.net",
}

BLAND_PRAISE_SEO = {
    "comment_content": (
        "Great article, very informative. I will bookmark your site and come back for more useful posts. "
        "Thanks for sharing!"
    ),
    "comment_author": "cheap car insurance quotes",
    "comment_author_email": "marketing.team@gmail.com",
    "comment_author_url": "http://best-cheap-insurance-deals.com",
}
