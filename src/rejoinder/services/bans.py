"""Which ban, if any, a comment's author falls under.

Bans are the moderators' blunt instrument: a match forces the spam decision and the ban is named
as the first reason, so the dashboard can say why. Matching is deliberately simple and exact.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from rejoinder.domain import Ban, BanKind
from rejoinder.services.ip import in_network
from rejoinder.storage.hosts import url_host


def matching_ban(bans: Iterable[Ban], *, name: str, email: str, url: str, ip: str) -> str | None:
    """A sentence naming the first ban that matches, or ``None``."""
    email = email.strip().lower()
    host = url_host(url)
    name = name.strip().lower()
    for ban in bans:
        value = ban.value.strip().lower()
        if not value:
            continue
        if ban.kind is BanKind.EMAIL and email and email == value:
            return f"banned e-mail {ban.value}"
        if ban.kind is BanKind.DOMAIN and host and (host == value or host.endswith("." + value)):
            return f"banned website domain {ban.value}"
        if ban.kind is BanKind.IP_NETWORK and ip and in_network(ip, value):
            return f"banned IP network {ban.value}"
        if ban.kind is BanKind.NAME_PATTERN and name and fnmatch.fnmatchcase(name, value):
            return f"banned name pattern {ban.value}"
    return None
