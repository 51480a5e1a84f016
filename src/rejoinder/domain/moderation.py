"""The people who moderate, what they ban, and the record of what they did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"  # settings, keys, moderators, and everything a moderator may do
    MODERATOR = "moderator"  # comments only


@dataclass(frozen=True, slots=True)
class Moderator:
    id: int
    name: str
    role: Role
    password_hash: str  # Argon2id; never logged, never sent
    created_at: datetime | None = None


class BanKind(StrEnum):
    EMAIL = "email"
    DOMAIN = "domain"  # the website field's host (and its subdomains)
    IP_NETWORK = "ip_network"  # CIDR, e.g. 203.0.113.0/24
    NAME_PATTERN = "name_pattern"  # case-insensitive glob on the author name


@dataclass(frozen=True, slots=True)
class Ban:
    id: int
    site_id: int | None  # None: every site
    kind: BanKind
    value: str
    created_by: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    actor: str
    action: str
    target: str
    detail: str = ""
    created_at: datetime | None = None
