"""The JSON columns tolerate what other releases wrote, and times always leave as aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rejoinder.domain import ModerationPolicy, Reason, RequiredField, SiteSettings
from rejoinder.storage import rows
from rejoinder.storage.rows import to_db_time
from rejoinder.storage.sql_base import SQLITE_TIME_FORMAT, _sqlite_param


def test_settings_round_trip() -> None:
    settings = SiteSettings(
        required_fields=(RequiredField.WEBSITE,),
        moderation=ModerationPolicy.HOLD_FIRST_TIME,
        allowed_origins=("https://a.example",),
        min_seconds_on_page=0.5,
    )
    assert rows.settings_from_json(rows.settings_to_json(settings)) == settings


def test_settings_ignore_unknown_and_fill_missing_keys() -> None:
    stored = {"moderation": "hold_all", "a_setting_from_the_future": {"x": 1}}
    assert rows.settings_from_json(stored) == SiteSettings(moderation=ModerationPolicy.HOLD_ALL)
    assert rows.settings_from_json({}) == SiteSettings()
    assert rows.settings_from_json(None) == SiteSettings()
    assert rows.settings_from_json("not an object") == SiteSettings()


def test_malformed_setting_values_keep_their_defaults() -> None:
    stored = {
        "moderation": "publish_everything",  # not a policy
        "required_fields": ["name", "shoe_size"],  # one unknown field spoils the list
        "pending_threshold": "high",
        "edit_window_seconds": True,  # a bool is not a number here
        "retention_days": 30.0,  # a whole float is fine
        "allowed_origins": "https://a.example",  # a string is not a list
        "privacy_url": "https://a.example/privacy",
    }
    assert rows.settings_from_json(stored) == SiteSettings(
        retention_days=30, privacy_url="https://a.example/privacy"
    )


def test_reasons_tolerate_junk() -> None:
    stored = [
        {"text": "ok", "weight": 0.5},
        {"weight": 1},
        "junk",
        {"text": "no weight"},
        {"text": "x", "weight": "?"},
    ]
    assert rows.reasons_from_json(stored) == (Reason("ok", 0.5), Reason("no weight", 0.0))
    assert rows.reasons_from_json(None) == ()


@given(
    st.lists(st.tuples(st.text(max_size=40), st.floats(allow_nan=False, allow_infinity=False)), max_size=5)
)
def test_reasons_round_trip(pairs: list[tuple[str, float]]) -> None:
    reasons = tuple(Reason(text, weight) for text, weight in pairs)
    assert rows.reasons_from_json(rows.reasons_to_json(reasons)) == reasons


@given(
    st.datetimes(
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=-7)), timezone(timedelta(hours=5, minutes=30))]
        )
    )
)
def test_times_go_in_and_out_as_the_same_utc_instant(moment: datetime) -> None:
    stored = rows.to_db_time(moment)
    assert stored.utcoffset() == timedelta(0)
    assert stored == moment
    naive_from_sqlite = stored.replace(tzinfo=None)
    out = rows.from_db_time(naive_from_sqlite)
    assert out == moment
    assert out is not None
    assert out.tzinfo is UTC


def test_naive_input_is_taken_as_utc() -> None:
    assert rows.to_db_time(datetime(2026, 1, 1, 12, 0)) == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert rows.from_db_time(None) is None


@pytest.mark.parametrize(
    "when",
    [
        datetime(2026, 11, 29, 1, 2, 3, 456789, tzinfo=UTC),
        datetime(2026, 1, 1, tzinfo=UTC),  # no microseconds: still written with six digits
        datetime(2026, 1, 1, 5, 4, 3, 7),  # naive: taken as UTC
        datetime(2026, 6, 1, 23, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        datetime(999, 1, 1, tzinfo=UTC),
    ],
)
def test_a_time_is_bound_for_sqlite_as_sqlalchemy_writes_it(when: datetime) -> None:
    assert _sqlite_param(when) == to_db_time(when).replace(tzinfo=None).strftime(SQLITE_TIME_FORMAT)
