"""From what an Akismet client sends to what the spam engine reads, and the documented test values.

Both the Akismet protocol and the native ``/api/v1/check`` hand their fields to
``AkismetService`` in Akismet's names; this module is the one place that maps them, so the two
APIs cannot disagree. WordPress sends far more than the documented fields: the original form
as ``POST_*`` and the request headers as ``HTTP_*``. Three of those carry strong signals and
are used: Akismet's own honeypot textarea (``ak_hp_textarea``), the ``ak_js`` timestamp that
the plugin's script writes when the page loads (so ``comment time - ak_js`` is the time spent
on the page), and the field named by ``honeypot_field_name``. Everything else is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from rejoinder.domain import Decision, Reason, Verdict

FieldValue = str | list[str]

# Copied to the engine as they are (the engine reads Akismet's names).
ENGINE_FIELDS = (
    "comment_content",
    "comment_author",
    "comment_author_email",
    "comment_author_url",
    "user_ip",
    "user_agent",
    "referrer",
    "permalink",
    "comment_type",
    "comment_date_gmt",
    "comment_post_modified_gmt",
    "blog_lang",
)
# Where WordPress and the client libraries put the same thing under another name.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "user_agent": ("HTTP_USER_AGENT", "comment_agent"),
    "referrer": ("referer", "HTTP_REFERER"),
    "user_ip": ("comment_author_IP", "REMOTE_ADDR"),
}
HONEYPOTS = ("honeypot", "ak_hp_textarea", "POST_ak_hp_textarea")
PAGE_LOAD_STAMPS = ("ak_js", "POST_ak_js")
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})

SPAM_TEST_AUTHOR = "viagra-test-123"
SPAM_TEST_EMAIL = "akismet-guaranteed-spam@example.com"
ADMIN_ROLE = "administrator"


def comment_fields(
    *, content: str, author: str, email: str, url: str, ip: str, user_agent: str, permalink: str, reply: bool
) -> dict[str, str]:
    """A stored or imported comment in the Akismet names the engine reads: what a moderator's mark
    (``learning_fields``) and an import (``importing.importer``) both teach and score with, so the
    two cannot name a field differently."""
    return {
        "comment_content": content,
        "comment_author": author,
        "comment_author_email": email,
        "comment_author_url": url,
        "user_ip": ip,
        "user_agent": user_agent,
        "permalink": permalink,
        "comment_type": "reply" if reply else "comment",
    }


def text(form: Mapping[str, Any], name: str) -> str:
    """The field as one string: a list's last item, ``""`` when absent or not text."""
    value = form.get(name, "")
    if type(value) is str:  # nearly always: the fast way out (called ~25 times per check)
        return value
    if isinstance(value, list):
        value = value[-1] if value else ""
    return value if isinstance(value, str) else str(value)


def truthy(value: Any) -> bool:
    """Akismet booleans arrive as ``1``, ``true``, ``yes`` (any case), or a JSON boolean."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_WORDS


def first_text(form: Mapping[str, Any], *names: str) -> str:
    for name in names:
        value = text(form, name)
        if value:
            return value
    return ""


def engine_fields(form: Mapping[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """The comment as the engine reads it: Akismet names plus ``honeypot`` and ``seconds_on_page``."""
    fields: dict[str, Any] = {}
    for name in ENGINE_FIELDS:
        value = first_text(form, name, *FALLBACKS.get(name, ()))
        if value:
            fields[name] = value
    context = form.get("comment_context")
    if context:
        fields["comment_context"] = [str(c) for c in context] if isinstance(context, list) else [str(context)]
    honeypot = honeypot_value(form)
    if honeypot:
        fields["honeypot"] = honeypot
    seconds = seconds_on_page(form, now or datetime.now(UTC))
    if seconds is not None:
        fields["seconds_on_page"] = seconds
    return fields


def honeypot_value(form: Mapping[str, Any]) -> str:
    """What a bot typed into a field no human sees, or ``""``.

    ``honeypot_field_name=hp&hp=...`` (the documented style), Akismet's own ``ak_hp_textarea``
    (which WordPress forwards as ``POST_ak_hp_textarea``) and the native API's ``honeypot``.
    """
    values = [text(form, name) for name in HONEYPOTS]
    field_name = text(form, "honeypot_field_name").strip()
    if field_name and field_name not in {"honeypot_field_name", "api_key", "key"}:
        values += [text(form, field_name), text(form, f"POST_{field_name}")]
    return " ".join(v for v in values if v.strip())


def seconds_on_page(form: Mapping[str, Any], now: datetime) -> float | None:
    """Seconds between page load (``ak_js``, browser milliseconds) and the comment, or None.

    The plugin's script overwrites ``ak_js`` with ``Date.getTime()``; its initial value is a
    random 0-250, so a small value means the script never ran (not a signal by itself: readers
    block scripts). A negative difference means the browser's clock is ahead: no signal either.
    """
    given = form.get("seconds_on_page")
    if isinstance(given, int | float) and not isinstance(given, bool) and 0 <= given < 7 * 86400:
        return float(given)  # the native API measures it itself
    raw = first_text(form, *PAGE_LOAD_STAMPS).strip()
    if not raw.isdigit() or len(raw) < 12:
        return None
    loaded = int(raw) / 1000.0
    posted = parse_gmt(text(form, "comment_date_gmt")) or now
    seconds = posted.timestamp() - loaded
    if seconds < 0 or seconds > 7 * 86400:
        return None
    return round(seconds, 3)


def parse_gmt(value: str) -> datetime | None:
    """WordPress's ``2026-11-28 07:00:00``, ISO 8601 with ``T`` and ``Z``, or None."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def roles(form: Mapping[str, Any]) -> set[str]:
    """``user_role`` as a set: WordPress joins several roles with commas."""
    return {r.strip().lower() for r in text(form, "user_role").split(",") if r.strip()}


def forced_verdict(form: Mapping[str, Any]) -> Verdict | None:
    """The verdict Akismet's documented test values force, or None for ordinary traffic.

    ``user_role`` containing ``administrator`` wins over the spam values: Akismet documents it as
    "always false", and an administrator testing the spam values sees that the override works.
    """
    if ADMIN_ROLE in roles(form):
        reason = Reason("the commenter is a logged-in administrator (user_role)", -1.0)
        return Verdict(0.0, Decision.HAM, (reason,))
    if text(form, "comment_author").strip().lower() == SPAM_TEST_AUTHOR:
        reason = Reason(f"Akismet test value: comment_author {SPAM_TEST_AUTHOR}", 1.0)
        return Verdict(1.0, Decision.SPAM, (reason,))
    if text(form, "comment_author_email").strip().lower() == SPAM_TEST_EMAIL:
        reason = Reason(f"Akismet test value: comment_author_email {SPAM_TEST_EMAIL}", 1.0)
        return Verdict(1.0, Decision.SPAM, (reason,))
    return None


def comment_identity(fields: Mapping[str, Any]) -> tuple[str, str, str]:
    """What makes two reports "the same comment" when no guid joins them."""
    return (
        text(fields, "comment_content").strip(),
        text(fields, "comment_author").strip().lower(),
        text(fields, "comment_author_email").strip().lower(),
    )
