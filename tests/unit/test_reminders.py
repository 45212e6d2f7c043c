"""rebound.reminders: when to nudge someone to download a backup."""

from __future__ import annotations

import datetime as dt

import pytest

from rebound.reminders import STALE_AFTER_DAYS, backup_reminder

TODAY = dt.date(2026, 3, 31)


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


@pytest.mark.parametrize("ephemeral", [True, False])
@pytest.mark.parametrize("last", [None, days_ago(0), days_ago(400)])
def test_nothing_to_back_up_means_no_reminder(ephemeral, last):
    assert backup_reminder(last, TODAY, has_data=False, ephemeral=ephemeral) is None


@pytest.mark.parametrize("last", [None, days_ago(1), days_ago(30)])
def test_ephemeral_host_reminds_until_backed_up_today(last):
    text = backup_reminder(last, TODAY, has_data=True, ephemeral=True)
    assert text and "forget" in text and "backup" in text.lower()


def test_ephemeral_host_is_quiet_after_todays_backup():
    assert backup_reminder(days_ago(0), TODAY, has_data=True, ephemeral=True) is None


def test_never_backed_up_on_a_lasting_disk():
    text = backup_reminder(None, TODAY, has_data=True, ephemeral=False)
    assert text and "not downloaded a backup yet" in text


@pytest.mark.parametrize("days", [0, 1, STALE_AFTER_DAYS - 1])
def test_recent_backup_on_a_lasting_disk_is_quiet(days):
    assert backup_reminder(days_ago(days), TODAY, has_data=True, ephemeral=False) is None


@pytest.mark.parametrize("days", [STALE_AFTER_DAYS, STALE_AFTER_DAYS + 1, 90])
def test_old_backup_on_a_lasting_disk_says_how_old(days):
    text = backup_reminder(days_ago(days), TODAY, has_data=True, ephemeral=False)
    assert text and f"{days} days ago" in text


def test_two_weeks():
    assert STALE_AFTER_DAYS == 14


def test_a_backup_dated_tomorrow_does_not_crash():
    # a browser ahead of the server's time zone may have stored "tomorrow"
    assert backup_reminder(days_ago(-1), TODAY, has_data=True, ephemeral=False) is None
    assert backup_reminder(days_ago(-1), TODAY, has_data=True, ephemeral=True)


@pytest.mark.parametrize("damaged", ["garbage", 5, ["2026-01-01"], "2026-13-45"])
def test_a_damaged_backup_date_counts_as_no_backup_and_never_raises(damaged):
    text = backup_reminder(damaged, dt.date(2026, 3, 12), has_data=True, ephemeral=False)
    assert text is not None and "not downloaded a backup yet" in text
