"""Turning the dashboard's query strings and forms into typed values, with messages that say
which field to fix (made with ``phrase``, so the error page says them in the moderator's language;
the field's name stays the form's own). Everything arrives as text; nothing here trusts it."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from rejoinder.domain import (
    CommentStatus,
    Decision,
    ModerationPolicy,
    ModeratorMail,
    RequiredField,
    SiteSettings,
)
from rejoinder.errors import ValidationError
from rejoinder.i18n.dashboard import dashboard_text, phrase
from rejoinder.storage.base import CommentFilter

PAGE_SIZE = 50
MAX_FILTER_LENGTH = 500


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """The queue page's URL state: which tab, which filters, which page."""

    status: CommentStatus = CommentStatus.PENDING
    site: int | None = None
    thread: int | None = None
    author: str = ""
    email: str = ""
    ip: str = ""
    decision: Decision | None = None
    since: str = ""
    until: str = ""
    q: str = ""
    reported: bool = False
    page: int = 1

    def to_filter(self) -> CommentFilter:
        since = _date(self.since, "since") if self.since else None
        until = _date(self.until, "until") + timedelta(days=1) if self.until else None
        return CommentFilter(
            site_id=self.site,
            thread_id=self.thread,
            statuses=(self.status,),
            decision=self.decision,
            author=self.author,
            email=self.email,
            ip_network=self.ip,
            text=self.q,
            since=since,
            until=until,
            reported=self.reported,
            limit=PAGE_SIZE,
            offset=(self.page - 1) * PAGE_SIZE,
        )

    def url(self, **changes: Any) -> str:
        """This query with ``changes``, as a dashboard URL; empty values are left out."""
        values = {
            "status": self.status.value,
            "site": self.site,
            "thread": self.thread,
            "author": self.author,
            "email": self.email,
            "ip": self.ip,
            "decision": self.decision.value if self.decision else "",
            "since": self.since,
            "until": self.until,
            "q": self.q,
            "reported": "1" if self.reported else "",
            "page": self.page if self.page != 1 else "",
        }
        values.update(changes)
        query = urlencode({k: v for k, v in values.items() if v not in (None, "")})
        return f"/admin/comments?{query}"


def parse_queue(params: Mapping[str, str]) -> QueueQuery:
    text = {k: _text(params, k) for k in ("author", "email", "ip", "since", "until", "q")}
    if text["ip"]:
        _network(text["ip"])
    for key in ("since", "until"):
        if text[key]:
            _date(text[key], key)
    return QueueQuery(
        status=enum_field(CommentStatus, params.get("status") or "pending", "status"),
        site=optional_int(params.get("site"), "site"),
        thread=optional_int(params.get("thread"), "thread"),
        decision=enum_field(Decision, params["decision"], "decision") if params.get("decision") else None,
        page=optional_int(params.get("page"), "page", low=1, high=100_000) or 1,
        reported=params.get("reported", "") not in ("", "0"),
        **text,
    )


def parse_ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        parsed = optional_int(value, "ids")
        if parsed is not None:
            ids.append(parsed)
    return ids


def parse_site_settings(form: Mapping[str, Any], current: SiteSettings) -> SiteSettings:
    """The settings form, field by field; the service then checks that the policy hangs together."""
    getlist = getattr(form, "getlist", None)
    required = getlist("required_fields") if getlist else []
    origins = [o.strip().rstrip("/") for o in str(form.get("allowed_origins", "")).split() if o.strip()]
    return replace(
        current,
        required_fields=tuple(enum_field(RequiredField, r, "required_fields") for r in required),
        moderation=enum_field(ModerationPolicy, str(form.get("moderation", "")), "moderation"),
        pending_threshold=_float(form, "pending_threshold"),
        spam_threshold=_float(form, "spam_threshold"),
        discard_threshold=_float(form, "discard_threshold"),
        edit_window_seconds=_required_int(form, "edit_window_seconds"),
        max_comment_length=_required_int(form, "max_comment_length"),
        retention_days=_required_int(form, "retention_days"),
        min_seconds_on_page=_float(form, "min_seconds_on_page"),
        trust_approved_commenters=form.get("trust_approved_commenters") == "on",
        allowed_origins=tuple(origins),
        privacy_url=str(form.get("privacy_url", "")).strip(),
        webhook_url=str(form.get("webhook_url", "")).strip(),
        moderator_email=str(form.get("moderator_email", "")).strip(),
        moderator_mail=enum_field(ModeratorMail, str(form.get("moderator_mail", "held")), "moderator_mail"),
        reply_notifications=form.get("reply_notifications") == "on",
        likes=form.get("likes") == "on",
        reports_to_hold=_required_int(form, "reports_to_hold"),
    )


def _text(params: Mapping[str, str], key: str) -> str:
    value = (params.get(key) or "").strip()
    if len(value) > MAX_FILTER_LENGTH:
        raise ValidationError(
            phrase("%(key)s: at most %(limit)s characters", key=key, limit=MAX_FILTER_LENGTH), field=key
        )
    return value


def optional_int(raw: str | None, key: str, low: int = 1, high: int = 2**62) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError(
            phrase("%(key)s: %(raw)s is not a whole number", key=key, raw=repr(raw[:40])), field=key
        ) from None
    if not low <= value <= high:
        raise ValidationError(
            phrase("%(key)s: give a number from %(low)s to %(high)s", key=key, low=low, high=high), field=key
        )
    return value


def _required_int(form: Mapping[str, Any], key: str) -> int:
    value = optional_int(str(form.get(key, "")).strip(), key, low=-(2**62))
    if value is None:
        raise ValidationError(phrase("%(key)s: give a whole number", key=key), field=key)
    return value


def _float(form: Mapping[str, Any], key: str) -> float:
    raw = str(form.get(key, "")).strip()
    try:
        value = float(raw)
    except ValueError:
        raise ValidationError(
            phrase("%(key)s: %(raw)s is not a number", key=key, raw=repr(raw[:40])), field=key
        ) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(phrase("%(key)s: give a finite number", key=key), field=key)
    return value


def enum_field(cls: Any, raw: str, key: str) -> Any:
    try:
        return cls(raw)
    except ValueError:
        choices = ", ".join(m.value for m in cls)
        raise ValidationError(
            phrase(
                "%(key)s: %(raw)s is not one of %(choices)s", key=key, raw=repr(raw[:40]), choices=choices
            ),
            field=key,
        ) from None


def _date(raw: str, key: str) -> datetime:
    try:
        day = datetime.strptime(raw, "%Y-%m-%d")
    except ValueError:
        raise ValidationError(phrase("%(key)s: give a date as YYYY-MM-DD", key=key), field=key) from None
    return day.replace(tzinfo=UTC)


def _network(raw: str) -> None:
    try:
        ipaddress.ip_network(raw, strict=False)
    except ValueError:
        if not all(part.isdigit() or part == "" for part in raw.split(".")) and ":" not in raw:
            raise ValidationError(
                dashboard_text(
                    "ip: give an address, a network like 203.0.113.0/24 or a prefix like 203.0.113."
                ),
                field="ip",
            ) from None
