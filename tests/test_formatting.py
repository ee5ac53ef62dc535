"""One clock and one date format (issue 20): moments in Oslo time, «6. desember 2026 kl. 04.47»."""

from __future__ import annotations

import datetime as dt

import pytest

from indicators.formatting import format_clock, format_date, format_moment, parse_date


def test_a_stored_utc_moment_is_shown_in_oslo_time_winter_and_summer():
    assert format_moment(dt.datetime(2026, 12, 6, 3, 47)) == "6. desember 2026 kl. 04.47"  # UTC+1
    assert format_moment(dt.datetime(2026, 7, 1, 12, 5)) == "1. juli 2026 kl. 14.05"  # UTC+2


def test_iso_text_with_a_zone_and_an_aware_moment():
    assert format_moment("2026-12-06T03:47:00+00:00") == "6. desember 2026 kl. 04.47"
    assert format_moment("2026-12-06T03:47:00Z") == "6. desember 2026 kl. 04.47"
    assert format_moment(dt.datetime(2026, 12, 6, 4, 47, tzinfo=dt.timezone(dt.timedelta(hours=1)))) == (
        "6. desember 2026 kl. 04.47")
    assert format_moment(None) == ""


def test_the_day_of_a_moment_is_the_day_in_oslo():
    assert format_date("2026-12-05T23:30:00+00:00") == "6. desember 2026"  # already the 6th in Oslo
    assert format_date(dt.date(2026, 12, 5)) == "5. desember 2026"
    assert format_date("2026-12-05") == "5. desember 2026"


@pytest.mark.parametrize("text", ["6.12.2026", "06.12.2026", "2026-12-06", " 6.12.2026. "])
def test_dates_typed_the_norwegian_way(text):
    assert parse_date(text) == dt.date(2026, 12, 6)


def test_an_impossible_date_is_refused():
    with pytest.raises(ValueError):
        parse_date("31.2.2026")


def test_the_time_of_day_in_oslo():
    assert format_clock(dt.datetime(2026, 12, 6, 3, 47)) == "04.47"
    assert format_clock("2026-07-01T12:05:00Z") == "14.05"
