"""What the comment service knows from the site's own history, and the thresholds it sets.

The engine has no database; the service looks these facts up and passes them in. Each one is a
strong, explainable signal that no training corpus can provide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rejoinder.spam.signals import Prior


@dataclass(frozen=True, slots=True)
class SiteContext:
    """All optional; the defaults mean "nothing known"."""

    duplicates_on_site: int = 0  # comments with the same fingerprint() on this site in the last days
    author_url_host_seen: int | None = None  # approved comments whose website has this host; None = unknown
    author_trusted: bool = False  # a previously approved (name, email, website) triple
    ban: str | None = None  # e.g. "banned e-mail x@y.z": forces decision spam, named first in reasons


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Scores at or above each threshold get that decision. Site policy, never part of the model."""

    pending: float = 0.5
    spam: float = 0.9
    discard: float = 0.995

    def __post_init__(self) -> None:
        values = (self.pending, self.spam, self.discard)
        if not all(isinstance(v, (int, float)) and 0.0 <= v <= 1.0 for v in values):
            raise ValueError(f"thresholds must be numbers from 0 to 1, got {values}")
        if not self.pending <= self.spam <= self.discard:
            raise ValueError(f"thresholds must satisfy pending <= spam <= discard, got {values}")


def context_priors(context: SiteContext, has_website: bool) -> list[Prior]:
    out = []
    if context.duplicates_on_site > 0:
        n = context.duplicates_on_site
        out.append(Prior(f"same text posted {n} times on this site recently", 1.5 + 0.5 * math.log2(n)))
    if has_website and context.author_url_host_seen is not None:
        if context.author_url_host_seen == 0:
            out.append(Prior("website field points at a newly seen domain", 0.7))
        else:
            seen = context.author_url_host_seen
            out.append(Prior(f"website seen on {seen} approved comments here", -min(1.0 + 0.3 * seen, 2.5)))
    if context.author_trusted:
        out.append(Prior("a previously approved commenter", -3.0))
    return out
