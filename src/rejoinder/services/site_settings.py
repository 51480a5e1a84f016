"""The one check of a site's policy, used by every writer (dashboard and ``rejoinder sites``),
and the safe reading of it, used by every spam check.

Validation happens where settings are written, so a contradictory policy is refused with the
field to fix. Reading is forgiving on purpose: a row written before validation existed (or by
hand) must never turn every comment post into a 500, so ``thresholds_of`` clamps and orders.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from rejoinder.domain import SiteSettings
from rejoinder.errors import ValidationError
from rejoinder.services.comment_form import is_address
from rejoinder.spam import Thresholds

THRESHOLDS = ("pending_threshold", "spam_threshold", "discard_threshold")


def validate_site_settings(settings: SiteSettings) -> SiteSettings:
    """Policy that contradicts itself is refused with the field to fix."""
    for name in THRESHOLDS:
        value = getattr(settings, name)
        if not 0.0 < value <= 1.0:
            raise ValidationError(f"{name}: give a number above 0 and at most 1", field=name)
    if not settings.pending_threshold <= settings.spam_threshold <= settings.discard_threshold:
        got = f"{settings.pending_threshold}, {settings.spam_threshold}, {settings.discard_threshold}"
        raise ValidationError(
            f"spam_threshold: thresholds must rise: pending <= spam <= discard (got {got})",
            field="spam_threshold",
        )
    for name, low, high in (
        ("edit_window_seconds", 0, 7 * 24 * 3600),
        ("max_comment_length", 1, 100_000),
        ("retention_days", 0, 36_500),
        ("reports_to_hold", 0, 1000),
    ):
        value = getattr(settings, name)
        if not low <= value <= high:
            raise ValidationError(f"{name}: give a whole number from {low} to {high}", field=name)
    if not 0 <= settings.min_seconds_on_page <= 3600:
        raise ValidationError("min_seconds_on_page: give 0 to 3600 seconds", field="min_seconds_on_page")
    for origin in settings.allowed_origins:
        if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?", origin):
            raise ValidationError(
                f"allowed_origins: {origin!r} is not an origin like https://news.example (no path)",
                field="allowed_origins",
            )
    if settings.privacy_url and not re.fullmatch(r"(https?://|/)\S*", settings.privacy_url):
        raise ValidationError("privacy_url: give an http(s) URL or a path", field="privacy_url")
    if settings.webhook_url and not re.fullmatch(r"https?://[^\s/]+\S*", settings.webhook_url):
        raise ValidationError(
            "webhook_url: give an http(s) URL such as https://hooks.slack.com/services/... (or nothing)",
            field="webhook_url",
        )
    if settings.moderator_email and not is_address(settings.moderator_email):
        raise ValidationError(
            "moderator_email: give one address like moderators@example.org (or nothing)",
            field="moderator_email",
        )
    return settings


_DEFAULTS = SiteSettings()


def thresholds_of(settings: SiteSettings) -> Thresholds:
    """The site's thresholds, clamped to [0, 1] and put in order, whatever the stored row says.

    Every spam check asks, and building the answer (with a default ``SiteSettings`` to fall back
    on) cost ~40 µs, a few percent of a post's CPU; a site keeps a handful of distinct rows, so
    usual values (floats) are answered from a small memo (``Thresholds`` is frozen)."""
    raw = (settings.pending_threshold, settings.spam_threshold, settings.discard_threshold)
    if type(raw[0]) is float and type(raw[1]) is float and type(raw[2]) is float:
        return _ordered(raw)
    return _clamped(raw)


@lru_cache(maxsize=256)
def _ordered(raw: tuple[float, float, float]) -> Thresholds:
    return _clamped(raw)


def _clamped(raw: tuple[object, ...]) -> Thresholds:
    values = []
    for name, value in zip(THRESHOLDS, raw, strict=True):
        if not isinstance(value, (int, float)) or math.isnan(value):
            value = getattr(_DEFAULTS, name)
        values.append(min(max(float(value), 0.0), 1.0))
    pending, spam, discard = sorted(values)
    return Thresholds(pending=pending, spam=spam, discard=discard)
