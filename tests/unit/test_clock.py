"""rebound.clock: one way to know today, pinned by REBOUND_TODAY for tests and demos."""

from __future__ import annotations

import datetime as dt

import pytest

from rebound import clock


def test_the_session_pins_today(pinned_today):
    assert clock.today() == pinned_today == dt.date.fromisoformat(clock.os.environ[clock.ENV])


def test_pinned_day_wins_over_any_time_zone(monkeypatch):
    monkeypatch.setenv(clock.ENV, "2028-02-29")
    assert clock.today("Pacific/Kiritimati") == clock.today("Etc/GMT+12") == dt.date(2028, 2, 29)


@pytest.mark.parametrize("raw", ["2026-02-30", "tomorrow", "2026-3-1", "20260301", "2026-03-01T10:00"])
def test_an_invalid_pin_is_a_clear_error(monkeypatch, raw):
    monkeypatch.setenv(clock.ENV, raw)
    with pytest.raises(clock.InvalidPinnedToday, match="REBOUND_TODAY=.*YYYY-MM-DD"):
        clock.today()


def test_unpinned_today_follows_the_time_zone(monkeypatch):
    monkeypatch.delenv(clock.ENV)
    # Kiritimati (UTC+14) and GMT+12 (UTC-12) are 26 hours apart: never on the same calendar day.
    east, west = clock.today("Pacific/Kiritimati"), clock.today("Etc/GMT+12")
    assert 1 <= (east - west).days <= 2
    assert west <= clock.today("Not/AZone") <= east  # an unknown zone falls back to the server's date
