"""Effort aggregations: weeks, goals, rest days, streaks, active days, conversion.

Every expectation is worked out by hand in the comments next to it.
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from rebound.insights import effort

D = dt.date


def act(day: str, kind: str = "application", count: int = 1, minutes: int | None = None) -> dict:
    return {"date": day, "kind": kind, "count": count, "minutes": minutes}


def rest(day: str) -> dict:
    return act(day, "rest", 1)


def rows(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    return frame[frame["kind"] == kind].reset_index(drop=True)


# --- weeks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "monday", "label"),
    [
        (D(2026, 12, 28), D(2026, 12, 28), "2026-W53"),  # Monday of ISO week 53 (2026 starts on a Thursday)
        (D(2027, 1, 1), D(2026, 12, 28), "2026-W53"),  # New Year's Day (Friday) still belongs to 2026-W53
        (D(2027, 1, 3), D(2026, 12, 28), "2026-W53"),  # Sunday: last day of that week
        (D(2027, 1, 4), D(2027, 1, 4), "2027-W01"),  # the next Monday opens 2027-W01
        (D(2025, 12, 29), D(2025, 12, 29), "2026-W01"),  # 2026-W01 starts in December 2025
        (D(2021, 1, 3), D(2020, 12, 28), "2020-W53"),
    ],
)
def test_iso_weeks_at_year_boundaries(day, monday, label):
    assert effort.week_start(day) == monday
    assert effort.week_label(day) == label


def test_weekly_effort_spans_the_year_boundary_without_gaps():
    acts = [
        act("2026-12-22", count=2, minutes=40),  # Tue, 2026-W52
        act("2026-12-24", count=1),  # Thu, 2026-W52 -> 3
        act("2027-01-01", count=4, minutes=10),  # Fri, 2026-W53
        # 2027-W01 (Jan 4-10): nothing
        act("2027-01-12", "learning", count=1, minutes=25),  # Tue, 2027-W02
    ]
    w = effort.weekly_effort(acts, {"application": 3}, D(2027, 1, 13))
    assert list(w.columns) == effort.WEEK_COLUMNS
    apps = rows(w, "application")
    assert apps["week"].tolist() == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    assert apps["week_start"].dt.date.tolist() == [D(2026, 12, 21), D(2026, 12, 28), D(2027, 1, 4), D(2027, 1, 11)]
    assert apps["count"].tolist() == [3, 4, 0, 0]
    assert apps["minutes"].tolist() == [40, 10, 0, 0]
    assert apps["status"].tolist() == ["met", "met", "missed", "open"]
    assert apps["current"].tolist() == [False, False, False, True]
    learning = rows(w, "learning")  # a kind with activity but no goal is listed, without status
    assert learning["count"].tolist() == [0, 0, 0, 1]
    assert learning["goal"].tolist() == [0, 0, 0, 0]
    assert set(learning["status"]) == {"no_goal"}
    assert not learning["met"].any()
    # kinds ordered as GOAL_KINDS, weeks oldest first within kind order per week
    assert w["kind"].tolist()[:2] == ["application", "learning"]


def test_weekly_effort_empty_and_goals_only():
    empty = effort.weekly_effort([], {}, D(2026, 3, 4))
    assert empty.empty and list(empty.columns) == effort.WEEK_COLUMNS
    only = effort.weekly_effort([], {"networking": 2, "rest": 3, "bogus": 4, "learning": 0}, D(2026, 3, 4))
    # only networking has a real goal; the frame is this week alone
    assert only["kind"].tolist() == ["networking"]
    assert only["week"].tolist() == ["2026-W10"]
    assert only["status"].tolist() == ["open"]
    assert only["target"].tolist() == [2]


def test_rest_days_lower_the_target_and_a_fully_rested_week_is_a_rest_week():
    goals = {"application": 5}
    # 2026-W10 = Mon 2 Mar .. Sun 8 Mar: two rest days (a duplicate record on one day counts once)
    acts = [rest("2026-03-03"), rest("2026-03-03"), rest("2026-03-05"), act("2026-03-06", count=4)]
    # 2026-W11 = 9..15 Mar: rest every day
    acts += [rest(f"2026-03-{d:02d}") for d in range(9, 16)]
    w = rows(effort.weekly_effort(acts, goals, D(2026, 3, 16)), "application")
    assert w["rest_days"].tolist() == [2, 7, 0]
    # ceil(5 * 5 / 7) = ceil(3.57) = 4 ; ceil(5 * 0 / 7) = 0 ; full goal this week
    assert w["target"].tolist() == [4, 0, 5]
    assert w["status"].tolist() == ["met", "rest", "open"]
    assert w["met"].tolist() == [True, False, False]
    assert "rest" not in set(w["kind"])


def test_future_and_unreadable_activities_are_ignored():
    acts = [act("2026-03-09", count=5), act("not a date", count=9), act("2026-03-02", count=1), {"kind": "learning"}]
    w = effort.weekly_effort(acts, {"application": 1}, D(2026, 3, 8))
    assert w["week"].tolist() == ["2026-W10"]  # nothing from 2026-W11 (tomorrow's week)
    assert w["count"].tolist() == [1]


def test_weeks_keeps_only_the_latest_weeks():
    acts = [act("2026-01-05"), act("2026-02-02")]
    w = effort.weekly_effort(acts, {"application": 1}, D(2026, 2, 4), weeks=2)
    assert w["week"].tolist() == ["2026-W05", "2026-W06"]
    assert w["status"].tolist() == ["missed", "met"]  # W05 had nothing; Monday 2 Feb opens W06 and meets it


# --- week streaks -------------------------------------------------------------------------


def weekly(counts: list[int], first_monday: dt.date, kind: str = "application") -> list[dict]:
    """One activity on the Wednesday of each consecutive week with the given count (0 = nothing)."""
    out = []
    for i, n in enumerate(counts):
        if n:
            out.append(act((first_monday + dt.timedelta(weeks=i, days=2)).isoformat(), kind, n))
    return out


def test_streak_counts_met_weeks_and_a_missed_week_resets_it():
    # weeks: met, met, missed, met, met, met, this week 1 of 2 (open)
    acts = weekly([2, 3, 1, 2, 2, 5, 1], D(2026, 1, 5))
    today = D(2026, 2, 16) + dt.timedelta(days=3)  # Thursday of the 7th week
    s = effort.week_streak(acts, {"application": 2}, today, kind="application")
    assert (s.current, s.best) == (3, 3)
    assert not s.this_week_met and (s.this_week_count, s.this_week_target) == (1, 2)
    assert s.remaining == 1
    assert not s.last_week_missed
    assert "3-week run" in s.message and "1 more" in s.message


def test_best_streak_can_be_longer_than_the_current_one():
    # met x4, missed, met, this week met
    acts = weekly([1, 1, 1, 1, 0, 1, 1], D(2026, 1, 5))  # the 7th week's entry is on Wednesday 18 Feb
    s = effort.week_streak(acts, {"application": 1}, D(2026, 2, 18), kind="application")
    assert (s.current, s.best) == (2, 4)
    assert s.this_week_met
    assert "2 weeks in a row" in s.message


def test_a_missed_week_gets_a_kind_message_not_a_zero():
    acts = weekly([2, 2, 0], D(2026, 1, 5))  # met, met, missed; this week (4th) nothing yet
    s = effort.week_streak(acts, {"application": 2}, D(2026, 1, 26), kind="application")
    assert s.current == 0 and s.best == 2
    assert s.last_week_missed
    assert "fresh start" in s.message and "2 to go" in s.message
    assert "0" not in s.message


def test_rest_week_bridges_a_streak_without_lengthening_it():
    acts = weekly([1], D(2026, 3, 2))  # 2026-W10 met
    acts += [rest(f"2026-03-{d:02d}") for d in range(9, 16)]  # 2026-W11 rested
    acts += [act("2026-03-17")]  # 2026-W12 met
    acts += [act("2026-03-23")]  # 2026-W13 (this week) met
    s = effort.week_streak(acts, {"application": 1}, D(2026, 3, 24), kind="application")
    assert (s.current, s.best, s.rest_weeks) == (3, 3, 1)
    # the same without the rest: W11 is missed and breaks the run
    no_rest = [a for a in acts if a["kind"] != "rest"]
    s2 = effort.week_streak(no_rest, {"application": 1}, D(2026, 3, 24), kind="application")
    assert (s2.current, s2.best, s2.rest_weeks) == (2, 2, 0)


def test_rest_days_keep_a_week_with_less_effort_in_the_streak():
    # goal 3; W10 has 2 applications and 3 rest days: ceil(3 * 4 / 7) = ceil(1.71) = 2 -> met
    acts = [act("2026-03-02", count=2), rest("2026-03-06"), rest("2026-03-07"), rest("2026-03-08")]
    acts += [act("2026-03-10", count=3)]  # W11 met
    s = effort.week_streak(acts, {"application": 3}, D(2026, 3, 11), kind="application")
    assert (s.current, s.best) == (2, 2)
    # without the rest days W10 is 2 of 3: missed
    s2 = effort.week_streak(acts[:1] + acts[4:], {"application": 3}, D(2026, 3, 11), kind="application")
    assert (s2.current, s2.best) == (1, 1)


def test_streak_across_iso_week_53_into_the_new_year():
    acts = [act("2026-12-23"), act("2027-01-01"), act("2027-01-05")]  # W52, W53, 2027-W01
    s = effort.week_streak(acts, {"application": 1}, D(2027, 1, 6), kind="application")
    assert (s.current, s.best) == (3, 3)
    assert s.this_week_met


def test_all_goals_streak_needs_every_goal():
    goals = {"application": 2, "learning": 1}
    acts = [act("2026-03-03", count=2), act("2026-03-04", "learning")]  # W10: both met
    acts += [act("2026-03-10", count=2)]  # W11: learning missed
    acts += [act("2026-03-17", count=3), act("2026-03-18", "learning", 2)]  # W12: both met
    acts += [act("2026-03-23", count=2)]  # W13 (this week): learning still open
    s = effort.week_streak(acts, goals, D(2026, 3, 24))
    assert s.kind is None
    assert (s.current, s.best) == (1, 1)
    assert s.goal == 3 and (s.this_week_count, s.this_week_target) == (2, 3)
    assert not s.this_week_met
    by_kind = effort.kind_streaks(effort.weekly_effort(acts, goals, D(2026, 3, 24)))
    assert list(by_kind) == ["application", "learning"]
    assert (by_kind["application"].current, by_kind["application"].best) == (4, 4)
    assert (by_kind["learning"].current, by_kind["learning"].best) == (1, 1)


def test_no_goal_means_no_streak():
    s = effort.week_streak([act("2026-03-03")], {}, D(2026, 3, 4), kind="application")
    assert (s.goal, s.current, s.best) == (0, 0, 0)
    assert "No weekly goal" in s.message
    assert effort.kind_streaks(effort.weekly_effort([], {}, D(2026, 3, 4))) == {}


# --- today decides the current week (time zones) ------------------------------------------


def local_today(instant: dt.datetime, zone: str) -> dt.date:
    return instant.astimezone(ZoneInfo(zone)).date()


def test_the_browsers_date_decides_which_week_is_current():
    # Sunday 8 March 2026, 23:30 UTC: still Sunday in New York, already Monday in Berlin and Tokyo.
    instant = dt.datetime(2026, 3, 8, 23, 30, tzinfo=dt.UTC)
    new_york, berlin = local_today(instant, "America/New_York"), local_today(instant, "Europe/Berlin")
    assert (new_york, berlin) == (D(2026, 3, 8), D(2026, 3, 9))
    acts = [act("2026-03-03", count=2)]  # 2026-W10 meets the goal of 2
    ny = effort.week_streak(acts, {"application": 2}, new_york, kind="application")
    de = effort.week_streak(acts, {"application": 2}, berlin, kind="application")
    # New York: W10 is this week and it is met
    assert ny.this_week_met and ny.current == 1 and ny.this_week_count == 2
    # Berlin: W10 is finished (still counts), W11 has just begun and is open
    assert not de.this_week_met and de.current == 1 and de.this_week_count == 0
    assert de.this_week_target == 2


def test_an_entry_dated_in_a_zone_ahead_counts_from_its_own_day():
    # Logged on Monday 9 March from Tokyo; the person now opens the app in New York on Sunday 8 March.
    acts = [act("2026-03-09", count=2)]
    earlier = effort.week_streak(acts, {"application": 2}, D(2026, 3, 8), kind="application")
    later = effort.week_streak(acts, {"application": 2}, D(2026, 3, 9), kind="application")
    assert earlier.this_week_count == 0 and not earlier.this_week_met
    assert later.this_week_count == 2 and later.this_week_met


def test_one_day_later_or_earlier_moves_the_week_at_monday_boundaries():
    acts = weekly([1, 1, 0], D(2026, 12, 21))  # W52 met, W53 met, 2027-W01 nothing
    sunday = effort.week_streak(acts, {"application": 1}, D(2027, 1, 3), kind="application")
    monday = effort.week_streak(acts, {"application": 1}, D(2027, 1, 4), kind="application")
    # Sunday 3 Jan: W53 is current and met -> 2 ; Monday 4 Jan: 2027-W01 is open, run still 2
    assert (sunday.current, sunday.this_week_met) == (2, True)
    assert (monday.current, monday.this_week_met, monday.last_week_missed) == (2, False, False)
    # Monday 11 Jan: 2027-W01 finished without effort -> missed -> run broken
    next_monday = effort.week_streak(acts, {"application": 1}, D(2027, 1, 11), kind="application")
    assert (next_monday.current, next_monday.best, next_monday.last_week_missed) == (0, 2, True)


# --- days -------------------------------------------------------------------------------


def test_active_days_sums_per_day_and_marks_rest():
    acts = [
        act("2026-03-02", count=2, minutes=30),
        act("2026-03-02", "learning", count=1, minutes=45),
        rest("2026-03-03"),
        act("2026-03-04", "learning", count=0, minutes=20),  # minutes only still counts as effort
        act("2026-03-05", count=0),  # nothing done: listed, not effort
    ]
    days = effort.active_days(acts)
    assert days["date"].dt.date.tolist() == [D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 4), D(2026, 3, 5)]
    assert days["count"].tolist() == [3, 0, 0, 0]
    assert days["minutes"].tolist() == [75, 0, 20, 0]
    assert days["entries"].tolist() == [2, 0, 1, 1]
    assert days["effort"].tolist() == [True, False, True, False]
    assert days["rest"].tolist() == [False, True, False, False]
    assert effort.active_days([]).empty


def test_day_streak_steps_over_rest_days_and_breaks_on_empty_days():
    acts = [
        act("2026-03-01"),  # Sun
        # Mon 2 nothing -> break
        act("2026-03-03"),
        act("2026-03-04"),
        rest("2026-03-05"),  # rest: neither breaks nor counts
        act("2026-03-06"),
        act("2026-03-07"),
    ]
    s = effort.day_streak(acts, D(2026, 3, 7))
    assert (s.current, s.best, s.active_today, s.rest_days) == (4, 4, True, 1)
    assert "4 days in a row" in s.message and "today included" in s.message
    # Sunday 8th without effort yet: today is not a break
    s2 = effort.day_streak(acts, D(2026, 3, 8))
    assert (s2.current, s2.active_today) == (4, False)
    assert "up to yesterday" in s2.message
    # Monday 9th: Sunday 8th was empty -> the run is over, the best stays
    s3 = effort.day_streak(acts, D(2026, 3, 9))
    assert (s3.current, s3.best) == (0, 4)


def test_day_streak_ignores_future_days_and_handles_none():
    assert effort.day_streak([], D(2026, 3, 7)).current == 0
    only_rest = effort.day_streak([rest("2026-03-06")], D(2026, 3, 7))
    assert (only_rest.current, only_rest.best) == (0, 0)
    s = effort.day_streak([act("2026-03-06"), act("2026-03-08")], D(2026, 3, 7))
    assert (s.current, s.best, s.active_today) == (1, 1, False)
    assert s.message.startswith("1 day in a row")


def test_best_day_streak_before_a_long_gap():
    acts = [act(f"2026-01-{d:02d}") for d in range(1, 8)] + [act("2026-02-10")]
    s = effort.day_streak(acts, D(2026, 2, 10))
    assert (s.current, s.best) == (1, 7)


# --- monthly review numbers ----------------------------------------------------------------


def test_effort_summary_uses_the_last_finished_weeks():
    acts = weekly([9, 1, 2, 3, 4, 5], D(2026, 1, 5))  # six weeks; the sixth is this week
    w = effort.weekly_effort(acts, {"application": 2}, D(2026, 2, 9))
    summary = effort.effort_summary(w, weeks=4)
    row = summary.iloc[0]
    # finished weeks 2..5 -> counts 1, 2, 3, 4 = 10 in 4 weeks; goal met in 3 of them
    assert (row["kind"], row["label"], row["count"], row["weeks"], row["weeks_met"]) == (
        "application",
        "Applications",
        10,
        4,
        3,
    )
    assert row["average"] == 2.5
    assert effort.effort_summary(effort.weekly_effort([], {}, D(2026, 2, 9))).empty


# --- conversion ---------------------------------------------------------------------------


def rej(stage: str, channel: str | None = None, source: str | None = None, on: str = "2026-03-01") -> dict:
    return {"stage": stage, "channel": channel, "source": source, "rejected_on": on}


def test_conversion_by_stage_counts_the_furthest_stage():
    rejections = [
        rej("applied"),
        rej("applied"),
        rej("applied"),
        rej("applied"),
        rej("screen"),
        rej("screen"),
        rej("interview"),
        rej("final"),
    ]
    c = effort.conversion(rejections)
    assert c.total == 8
    st = c.by_stage.set_index("stage")
    # reached: applied 8, screen 4 (2 screen + interview + final), interview 2, final 1, offer 0
    assert st["reached"].tolist() == [8, 4, 2, 1, 0]
    assert st["share"].tolist() == [1.0, 0.5, 0.25, 0.125, 0.0]
    assert st["step_rate"].tolist() == [1.0, 0.5, 0.5, 0.5, 0.0]


def test_conversion_by_channel_and_source():
    rejections = [
        rej("applied", "job board", "LinkedIn"),
        rej("applied", "job board", "linkedin "),
        rej("screen", "job board", "LinkedIn"),
        rej("interview", "referral", "Ana"),
        rej("final", "referral", None),
        rej("applied", None, ""),
    ]
    c = effort.conversion(rejections)
    ch = c.by_channel.set_index("channel")
    assert c.by_channel["channel"].tolist() == ["job board", "referral", "Not recorded"]
    assert ch.loc["job board", ["applications", "screens", "interviews"]].tolist() == [3, 1, 0]
    assert ch.loc["referral", ["applications", "screens", "interviews"]].tolist() == [2, 2, 2]
    assert ch.loc["job board", "screen_rate"] == pytest.approx(1 / 3)
    assert ch.loc["referral", "interview_rate"] == 1.0
    src = c.by_source.set_index("source")
    # "LinkedIn" and "linkedin " are one source, shown as first written
    assert c.by_source["source"].tolist() == ["LinkedIn", "Ana", "Not recorded"]
    assert src.loc["LinkedIn", "applications"] == 3
    assert src.loc["Not recorded", ["applications", "screens"]].tolist() == [2, 1]


def test_conversion_since_and_empty():
    rejections = [rej("interview", on="2026-01-10"), rej("applied", on="2026-03-01")]
    c = effort.conversion(rejections, since=D(2026, 2, 1))
    assert c.total == 1 and c.by_stage["reached"].tolist() == [1, 0, 0, 0, 0]
    empty = effort.conversion([])
    assert empty.total == 0
    assert empty.by_stage["reached"].tolist() == [0] * 5
    assert np.isnan(empty.by_stage["share"]).all()
    assert empty.by_channel.empty and empty.by_source.empty


# --- scale -----------------------------------------------------------------------------------


def test_heavy_journal_is_quick():
    rng = np.random.default_rng(5)
    start = D(2024, 3, 1)
    kinds = [*effort.GOAL_KINDS, "rest"]
    acts = [
        act((start + dt.timedelta(days=int(d))).isoformat(), kinds[int(k)], int(c), int(m))
        for d, k, c, m in zip(
            rng.integers(0, 730, 4000),
            rng.integers(0, len(kinds), 4000),
            rng.integers(0, 5, 4000),
            rng.integers(0, 90, 4000),
            strict=True,
        )
    ]
    goals = {k: 2 for k in effort.GOAL_KINDS}
    t0 = time.perf_counter()
    w = effort.weekly_effort(acts, goals, D(2026, 3, 1))
    effort.kind_streaks(w)
    effort.streak_from_weeks(w)
    effort.day_streak(acts, D(2026, 3, 1))
    elapsed = time.perf_counter() - t0
    assert w["count"].sum() == sum(a["count"] for a in acts if a["kind"] != "rest")
    assert elapsed < 2.0, elapsed
