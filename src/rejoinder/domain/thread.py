"""A thread is the comment section of one page, keyed by the page's URI within a site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Thread:
    id: int
    site_id: int
    uri: str
    title: str = ""
    closed: bool = False
    created_at: datetime | None = None
