"""Every timestamp is stored as one text form, whatever zone the datetime was made in: comparing the text
compares the times, so the indexes on `at` serve ranges (retention, /mod stats)."""
import datetime as dt
import zoneinfo

import pytest

from storage.engine import iso, parse_iso

LONDON, NEW_YORK = zoneinfo.ZoneInfo("Europe/London"), zoneinfo.ZoneInfo("America/New_York")
MOMENTS = [dt.datetime(2026, 1, 15, 9, 30, 0, 0, dt.UTC), dt.datetime(2026, 11, 29, 23, 59, 59, 999999, dt.UTC),
           dt.datetime(2026, 1, 15, 9, 30, 0, 123, LONDON), dt.datetime(2026, 7, 15, 9, 30, 0, 5, LONDON),
           dt.datetime(2026, 7, 15, 22, 30, tzinfo=NEW_YORK), dt.datetime(2026, 3, 1, tzinfo=dt.timezone(dt.timedelta(
               hours=5, minutes=30)))]


@pytest.mark.parametrize("at", MOMENTS, ids=str)
def test_a_time_is_written_in_utc_to_the_microsecond_in_any_zone(at):
    text = iso(at)
    assert text == at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert parse_iso(text) == at


def test_text_order_is_time_order():
    assert sorted(MOMENTS) == sorted(MOMENTS, key=iso)
