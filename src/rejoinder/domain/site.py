"""A site that embeds Rejoinder, its settings, and the Akismet-style API keys bound to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class RequiredField(StrEnum):
    NAME = "name"
    EMAIL = "email"
    WEBSITE = "website"


class ModeratorMail(StrEnum):
    """Which new comments are e-mailed to the site's moderator address."""

    OFF = "off"
    HELD = "held"  # only those waiting for a moderator
    ALL = "all"  # every published or held comment (never spam)


class ModerationPolicy(StrEnum):
    """What happens to a comment the spam engine calls ham."""

    PUBLISH_HAM = "publish_ham"  # ham goes live at once
    HOLD_FIRST_TIME = "hold_first_time"  # ham from a first-time commenter waits for a moderator
    HOLD_ALL = "hold_all"  # every comment waits for a moderator


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """Per-site policy. Stored as JSON on the site row; every field has a safe default."""

    required_fields: tuple[RequiredField, ...] = (RequiredField.NAME, RequiredField.EMAIL)
    moderation: ModerationPolicy = ModerationPolicy.PUBLISH_HAM
    pending_threshold: float = 0.5  # score at or above: hold for a moderator
    spam_threshold: float = 0.9  # score at or above: spam folder
    discard_threshold: float = 0.995  # score at or above (or blatant signals): not stored
    edit_window_seconds: int = 15 * 60
    allowed_origins: tuple[str, ...] = ()
    trust_approved_commenters: bool = True
    max_comment_length: int = 10_000
    retention_days: int = 0  # 0 keeps comments for ever; spam and deleted are purged after 30 days
    privacy_url: str = ""
    min_seconds_on_page: float = 3.0
    webhook_url: str = ""  # new approved and held comments are POSTed here as JSON ("" = off)
    moderator_email: str = ""  # where held (or all) new comments are e-mailed ("" = nobody)
    moderator_mail: ModeratorMail = ModeratorMail.HELD
    reply_notifications: bool = False  # offer commenters "e-mail me replies to my comment"
    likes: bool = True  # readers may like comments (the "best" sort orders by likes)
    reports_to_hold: int = 3  # a published comment this many readers report waits for a moderator (0: never)


@dataclass(frozen=True, slots=True)
class Site:
    id: int
    name: str
    url: str
    settings: SiteSettings = field(default_factory=SiteSettings)
    created_at: datetime | None = None

    def page_url(self, uri: str) -> str:
        """The absolute address of the page a thread is on (a thread's ``uri`` is the page's path)."""
        return self.url.rstrip("/") + uri

    def comment_url(self, uri: str, comment_id: int) -> str:
        """A comment's permalink: the widget scrolls to ``#comment-ID`` and highlights it."""
        return f"{self.page_url(uri)}#comment-{comment_id}"


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An Akismet-compatible key: 12 lowercase alphanumerics, bound to a site (and its URLs)."""

    key: str
    site_id: int
    allowed_urls: tuple[str, ...] = ()
    created_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None
