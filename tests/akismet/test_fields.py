"""From Akismet's fields to the engine's, and the documented test values."""

from __future__ import annotations

from datetime import UTC, datetime

from rejoinder.domain import Decision
from rejoinder.services.akismet_fields import engine_fields, forced_verdict, seconds_on_page, truthy

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def test_documented_fields_pass_through_and_unknown_ones_are_dropped() -> None:
    form = {
        "comment_content": "Nice post",
        "comment_author": "Ann",
        "user_ip": "203.0.113.7",
        "referrer": "https://example.org/",
        "POST_submit": "Post Comment",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "comment_context": ["news", "politics"],
    }
    fields = engine_fields(form, NOW)
    assert fields == {
        "comment_content": "Nice post",
        "comment_author": "Ann",
        "user_ip": "203.0.113.7",
        "referrer": "https://example.org/",
        "comment_context": ["news", "politics"],
    }


def test_wordpress_names_fill_in_missing_documented_ones() -> None:
    form = {
        "HTTP_USER_AGENT": "Mozilla/5.0",
        "HTTP_REFERER": "https://example.org/a",
        "REMOTE_ADDR": "192.0.2.1",
    }
    fields = engine_fields(form, NOW)
    assert fields["user_agent"] == "Mozilla/5.0"
    assert fields["referrer"] == "https://example.org/a"
    assert fields["user_ip"] == "192.0.2.1"


def test_honeypots_documented_akismets_own_and_native() -> None:
    assert engine_fields({"honeypot_field_name": "hp", "hp": "http://spam"}, NOW)["honeypot"] == "http://spam"
    assert engine_fields({"honeypot_field_name": "hp", "POST_hp": "x"}, NOW)["honeypot"] == "x"
    assert engine_fields({"POST_ak_hp_textarea": "buy"}, NOW)["honeypot"] == "buy"
    assert engine_fields({"honeypot": "bot"}, NOW)["honeypot"] == "bot"
    assert "honeypot" not in engine_fields(
        {"honeypot_field_name": "hp", "hp": "  ", "ak_hp_textarea": ""}, NOW
    )


def test_ak_js_gives_the_time_on_page() -> None:
    loaded_ms = int(datetime(2026, 11, 28, 7, 59, 30, tzinfo=UTC).timestamp() * 1000)
    assert seconds_on_page({"POST_ak_js": str(loaded_ms)}, NOW) == 30.0
    posted = {"ak_js": str(loaded_ms), "comment_date_gmt": "2026-11-28 07:59:32"}
    assert seconds_on_page(posted, NOW) == 2.0
    assert seconds_on_page({"ak_js": "137"}, NOW) is None  # the script never ran
    assert seconds_on_page({"ak_js": str(loaded_ms + 3_600_000)}, NOW) is None  # browser clock ahead
    assert seconds_on_page({"ak_js": "not a number"}, NOW) is None
    assert seconds_on_page({"seconds_on_page": 4.5}, NOW) == 4.5


def test_test_values() -> None:
    spam_author = forced_verdict({"comment_author": "viagra-test-123"})
    spam_email = forced_verdict({"comment_author_email": " Akismet-Guaranteed-Spam@Example.com "})
    assert spam_author is not None
    assert spam_author.decision is Decision.SPAM
    assert spam_email is not None
    assert spam_email.decision is Decision.SPAM
    for role in ("administrator", "editor,administrator", "Administrator , super_admin"):
        admin = forced_verdict({"user_role": role, "comment_author": "viagra-test-123"})
        assert admin is not None
        assert admin.decision is Decision.HAM
    assert forced_verdict({"user_role": "editor", "comment_author": "viagra-test-1234"}) is None


def test_truthy() -> None:
    assert all(truthy(v) for v in ("1", "true", "TRUE", "yes", True))
    assert not any(truthy(v) for v in ("0", "false", "", "no", False))
