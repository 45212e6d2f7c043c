"""The counting rule: per day, max(application records sent, "application" activities logged)."""

from __future__ import annotations

import datetime as dt

from rebound.insights import effort

TODAY = dt.date(2026, 3, 12)  # a Thursday


def act(day: str, count: int, kind: str = "application", **extra) -> dict:
    return {"id": f"{kind}-{day}-{count}", "date": day, "kind": kind, "count": count, **extra}


def app(day: str | None) -> dict:
    return {"company": "C", "role": "R", "applied_on": day}


def per_day(activities, applications) -> dict[str, int]:
    days = effort.active_days(effort.counted_activities(activities, applications), TODAY)
    return dict(zip(days["date"].dt.strftime("%Y-%m-%d"), days["count"].astype(int), strict=True))


def test_records_and_logged_activities_on_one_day_count_once():
    # 3 logged in the activity log and the same 3 as records: 3, not 6
    assert per_day([act("2026-03-09", 3)], [app("2026-03-09")] * 3) == {"2026-03-09": 3}


def test_more_logged_than_recorded_keeps_the_logged_number():
    assert per_day([act("2026-03-09", 5)], [app("2026-03-09")] * 2) == {"2026-03-09": 5}


def test_more_recorded_than_logged_counts_the_records():
    assert per_day([act("2026-03-09", 1)], [app("2026-03-09")] * 4) == {"2026-03-09": 4}


def test_records_alone_count_on_the_day_sent_and_other_kinds_are_untouched():
    got = per_day([act("2026-03-10", 2, kind="networking")], [app("2026-03-09"), app("2026-03-11"), app(None)])
    assert got == {"2026-03-09": 1, "2026-03-10": 2, "2026-03-11": 1}


def test_weekly_goals_see_the_records():
    counted = effort.counted_activities([act("2026-03-09", 1)], [app("2026-03-10")] * 2 + [app("2026-03-09")])
    weekly = effort.weekly_effort(counted, {"application": 3}, TODAY)
    this_week = weekly[(weekly["kind"] == "application") & weekly["current"]].iloc[0]
    assert int(this_week["count"]) == 3 and bool(this_week["met"])


def test_no_records_leaves_the_log_as_it_is():
    acts = [act("2026-03-09", 2)]
    assert effort.counted_activities(acts, []) == acts
