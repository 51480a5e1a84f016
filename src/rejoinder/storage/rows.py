"""Row <-> domain conversion, in one place: times, enums and JSON columns.

SQLite hands back naive datetimes (it stores text without an offset) and PostgreSQL hands back
aware ones in the session's zone; both leave here as timezone-aware UTC. Going in, every time is
converted to UTC first, so SQLite's text comparisons order correctly. JSON columns tolerate
what an older or newer release wrote: unknown keys are ignored, missing or malformed ones fall
back to the dataclass default, so ``SiteSettings`` can grow without a migration.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import typing
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Row

from rejoinder.domain import (
    ApiKey,
    AuditEntry,
    Ban,
    BanKind,
    Comment,
    CommentStatus,
    Decision,
    Moderator,
    NewComment,
    Reason,
    Role,
    Site,
    SiteSettings,
    Thread,
)
from rejoinder.storage import schema
from rejoinder.storage.base import LearningEvent, SpamCheckRecord
from rejoinder.storage.hosts import stored_host


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_db_time(value: datetime) -> datetime:
    """UTC before it is stored; a naive time is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def from_db_time(value: datetime | str | None) -> datetime | None:
    """Aware UTC on the way out, whatever the driver returned (SQLite's raw rows hold ISO text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


# -- JSON columns ---------------------------------------------------------------------------------


def reasons_to_json(reasons: Sequence[Reason]) -> list[dict[str, object]]:
    return [{"text": r.text, "weight": float(r.weight)} for r in reasons]


def reasons_from_json(value: Any) -> tuple[Reason, ...]:
    value = _json(value)  # a raw row holds the JSON text itself
    try:  # the fast path: what ``reasons_to_json`` wrote
        return tuple([Reason(item["text"], float(item["weight"])) for item in value])
    except (TypeError, KeyError, ValueError):
        pass
    if not isinstance(value, list):
        return ()
    out: list[Reason] = []
    for item in value:
        if isinstance(item, Mapping) and "text" in item:
            try:
                out.append(Reason(str(item["text"]), float(item.get("weight", 0.0))))
            except (TypeError, ValueError):
                continue
    return tuple(out)


def settings_to_json(settings: SiteSettings) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        return value

    return {f.name: plain(getattr(settings, f.name)) for f in dataclasses.fields(SiteSettings)}


_SETTINGS_HINTS = typing.get_type_hints(SiteSettings)


def _coerce(hint: Any, value: Any) -> Any:
    """Convert one JSON value to the field's declared type; raise on anything that does not fit."""
    origin = typing.get_origin(hint)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise TypeError(value)
        (item_hint, _ellipsis) = typing.get_args(hint)
        return tuple(_coerce(item_hint, v) for v in value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError(value)
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(value)
        return int(value)
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(value)
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise TypeError(value)
        return value
    raise TypeError(hint)


def settings_from_json(value: Any) -> SiteSettings:
    if not isinstance(value, Mapping):
        return SiteSettings()
    known: dict[str, Any] = {}
    for f in dataclasses.fields(SiteSettings):
        if f.name not in value:
            continue
        try:
            known[f.name] = _coerce(_SETTINGS_HINTS[f.name], value[f.name])
        except (TypeError, ValueError):
            continue  # a malformed value keeps the default rather than breaking the site
    return SiteSettings(**known)


def string_tuple(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v) for v in value)


# -- rows -----------------------------------------------------------------------------------------
#
# The converters of rows that hot paths read (site, key, thread, comment, ban) unpack by position:
# they accept SQLAlchemy rows and the raw driver rows of ``SqlBase._fetch_plain`` alike (where
# times, JSON and booleans are still text and integers). Each field order is checked against the
# table once, at import, so a schema change cannot silently shift fields.


def _columns(table: Any) -> tuple[str, ...]:
    return tuple(c.name for c in table.c)


SITE_FIELDS = ("id", "name", "url", "settings", "created_at")
API_KEY_FIELDS = ("key", "site_id", "allowed_urls", "created_at", "revoked_at")
THREAD_FIELDS = ("id", "site_id", "uri", "title", "closed", "created_at")  # threads.version left out
BAN_FIELDS = ("id", "site_id", "kind", "value", "created_by", "created_at")
assert _columns(schema.sites) == SITE_FIELDS, "rows.SITE_FIELDS is out of date"
assert _columns(schema.api_keys) == API_KEY_FIELDS, "rows.API_KEY_FIELDS is out of date"
assert _columns(schema.threads) == (*THREAD_FIELDS[:5], "version", "created_at"), "rows.THREAD_FIELDS"
assert _columns(schema.bans) == BAN_FIELDS, "rows.BAN_FIELDS is out of date"


def _json(value: Any) -> Any:
    if isinstance(value, str | bytes):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def site(row: Sequence[Any]) -> Site:
    id_, name, url, settings, created = row[:5]
    return Site(
        id=id_,
        name=name,
        url=url,
        settings=settings_from_json(_json(settings)),
        created_at=from_db_time(created),
    )


def api_key(row: Sequence[Any]) -> ApiKey:
    key, site_id, allowed_urls, created, revoked = row[:5]
    return ApiKey(
        key=key,
        site_id=site_id,
        allowed_urls=string_tuple(_json(allowed_urls)),
        created_at=from_db_time(created),
        revoked_at=from_db_time(revoked),
    )


def thread(row: Sequence[Any], start: int = 0) -> Thread:
    """``start``: where the thread's columns begin in a joined row (``JOINED_THREAD``)."""
    id_, site_id, uri, title, closed, created = row[start : start + 6]
    return Thread(
        id=id_, site_id=site_id, uri=uri, title=title, closed=bool(closed), created_at=from_db_time(created)
    )


# ``comment`` is the hottest: a 200-comment thread is 200 calls per uncached read.
COMMENT_FIELDS = (
    "id", "thread_id", "parent_id", "author_name", "author_email", "author_url", "text", "html",
    "status", "score", "decision", "reasons", "ip", "user_agent", "text_hash", "likes",
    "created_at", "edited_at", "author_host",
)  # fmt: skip
assert tuple(c.name for c in schema.comments.c) == COMMENT_FIELDS, "rows.COMMENT_FIELDS is out of date"
JOINED_THREAD = len(COMMENT_FIELDS)  # where a thread starts in a (comment, thread) row
_STATUSES = {s.value: s for s in CommentStatus}
_DECISIONS = {d.value: d for d in Decision}


def comment(row: Sequence[Any]) -> Comment:
    """A ``Comment`` from a row that starts with all of ``comments``' columns (joined rows may go on):
    a SQLAlchemy row, or a raw driver row with times and reasons still as text."""
    (
        id_, thread_id, parent_id, name, email, url, text, html,
        status, score, decision, reasons, ip, user_agent, _hash, likes, created, edited,
    ) = row[:18]  # fmt: skip
    return Comment(
        id=id_,
        thread_id=thread_id,
        parent_id=parent_id,
        author_name=name,
        author_email=email,
        author_url=url,
        text=text,
        html=html,
        status=_STATUSES[status],
        score=float(score),
        decision=_DECISIONS[decision],
        reasons=reasons_from_json(reasons),
        ip=ip,
        user_agent=user_agent,
        created_at=from_db_time(created),
        edited_at=from_db_time(edited) if edited is not None else None,
        likes=likes,
    )


def comment_values(new: NewComment, text_hash: str, created: datetime) -> dict[str, Any]:
    """The ``comments`` row an insert writes, shared by the plain and the checked insert paths."""
    return {
        "thread_id": new.thread_id,
        "parent_id": new.parent_id,
        "author_name": new.author_name,
        "author_email": new.author_email,
        "author_url": new.author_url,
        "text": new.text,
        "html": new.html,
        "status": new.status.value,
        "score": float(new.score),
        "decision": new.decision.value,
        "reasons": reasons_to_json(new.reasons),
        "ip": new.ip,
        "user_agent": new.user_agent,
        "text_hash": text_hash,
        "likes": 0,
        "created_at": created,
        "author_host": stored_host(new.author_url),
    }


def inserted_comment(new: NewComment, comment_id: int, created: datetime) -> Comment:
    """The comment as stored by an insert, built from what was written instead of read back."""
    return Comment(
        id=comment_id,
        thread_id=new.thread_id,
        parent_id=new.parent_id,
        author_name=new.author_name,
        author_email=new.author_email,
        author_url=new.author_url,
        text=new.text,
        html=new.html,
        status=new.status,
        score=float(new.score),
        decision=new.decision,
        reasons=tuple(new.reasons),
        ip=new.ip,
        user_agent=new.user_agent,
        created_at=created,
    )


def moderator(row: Row[Any], prefix: str = "") -> Moderator:
    m = row._mapping
    return Moderator(
        id=m[prefix + "id"],
        name=m[prefix + "name"],
        role=Role(m[prefix + "role"]),
        password_hash=m[prefix + "password_hash"],
        created_at=from_db_time(m[prefix + "created_at"]),
    )


def ban(row: Sequence[Any]) -> Ban:
    id_, site_id, kind, value, created_by, created = row[:6]
    return Ban(
        id=id_,
        site_id=site_id,
        kind=BanKind(kind),
        value=value,
        created_by=created_by,
        created_at=from_db_time(created),
    )


def audit(row: Row[Any]) -> AuditEntry:
    m = row._mapping
    return AuditEntry(
        id=m["id"],
        actor=m["actor"],
        action=m["action"],
        target=m["target"],
        detail=m["detail"],
        created_at=from_db_time(m["created_at"]),
    )


def spam_check(row: Row[Any]) -> SpamCheckRecord:
    m = row._mapping
    payload = m["payload"]
    return SpamCheckRecord(
        guid=m["guid"],
        site_id=m["site_id"],
        api_key=m["api_key"],
        comment_id=m["comment_id"],
        payload=payload if isinstance(payload, dict) else {},
        score=float(m["score"]),
        decision=Decision(m["decision"]),
        is_test=bool(m["is_test"]),
        created_at=from_db_time(m["created_at"]),
    )


def learning_event(row: Row[Any]) -> LearningEvent:
    m = row._mapping
    payload = m["payload"]
    return LearningEvent(
        id=m["id"],
        site_id=m["site_id"],
        guid=m["guid"],
        comment_id=m["comment_id"],
        payload=payload if isinstance(payload, dict) else {},
        is_spam=bool(m["is_spam"]),
        source=m["source"],
        actor=m["actor"],
        created_at=from_db_time(m["created_at"]),
        undone_at=from_db_time(m["undone_at"]),
    )


__all__ = [
    "api_key",
    "audit",
    "ban",
    "comment",
    "from_db_time",
    "learning_event",
    "moderator",
    "reasons_from_json",
    "reasons_to_json",
    "settings_from_json",
    "settings_to_json",
    "site",
    "spam_check",
    "string_tuple",
    "thread",
    "to_db_time",
    "utcnow",
]
