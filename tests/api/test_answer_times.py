"""The API writes times as ``strftime(ISO_FORMAT)`` would: ``_iso`` takes a quicker formatter where
the two agree, and must agree everywhere (aware or naive, any zone, any year, any microsecond)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from rejoinder.web.api.schemas import ISO_FORMAT, _iso

ZONES = st.sampled_from([None, UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=11))])


@settings(max_examples=1000, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)), ZONES)
def test_iso_is_strftime_of_the_api_format(moment: datetime, zone: timezone | None) -> None:
    t = moment.replace(tzinfo=zone)
    assert _iso(t) == t.strftime(ISO_FORMAT)


def test_iso_of_no_time_is_none_and_of_early_years_unpadded_as_strftime_writes_them() -> None:
    assert _iso(None) is None
    early = datetime(999, 3, 4, 5, 6, 7, 890, tzinfo=UTC)
    assert _iso(early) == early.strftime(ISO_FORMAT)
    assert _iso(datetime(2026, 11, 29, 6, 7, 8, 999_999, tzinfo=UTC)) == "2026-11-29T06:07:08Z"
