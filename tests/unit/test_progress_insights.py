"""Progress aggregations against numbers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from rebound.insights import progress as prog

D = dt.date
TODAY = D(2026, 3, 1)  # a Sunday


def ts(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


@pytest.fixture
def tables() -> dict[str, list[dict]]:
    return {
        "profile": [{"weekly_goals": {"application": 2}}],
        "skills": [
            {"id": "sql", "name": "SQL", "level": 3, "target_level": 4, "created_at": "2026-01-01T09:00:00+00:00"},
            {"id": "talk", "name": "Talks", "level": 2, "target_level": 3, "created_at": "2026-02-10T09:00:00+00:00"},
        ],
        "skill_logs": [
            {"skill_id": "sql", "date": "2026-01-05", "level": 2, "minutes": 30, "created_at": "a"},
            {"skill_id": "sql", "date": "2026-02-05", "level": 2, "minutes": None, "created_at": "b"},
            {"skill_id": "sql", "date": "2026-02-05", "level": 3, "minutes": 15, "created_at": "c"},  # later that day
            {"skill_id": "sql", "date": "2026-02-20", "level": 3, "minutes": 45, "created_at": "d"},
        ],
        "checkins": [
            {"date": "2026-02-01", "mood": 4, "confidence": 5},
            {"date": "2026-02-01", "mood": 6, "confidence": 6},
            {"date": "2026-02-03", "mood": 8, "confidence": 7},
            {"date": "2025-12-01", "mood": 1, "confidence": 1},  # outside February
        ],
        "rejections": [
            {"id": "r1", "rejected_on": "2026-02-01", "stage": "interview", "company": "A", "role": "x"},
            {"id": "r2", "rejected_on": "2026-02-01", "stage": "applied", "company": "B", "role": "x"},
            {"id": "r3", "rejected_on": "2026-02-10", "stage": "final", "company": "C", "role": "x"},
            {"id": "r4", "rejected_on": "2026-01-10", "stage": "offer", "company": "D", "role": "x"},
        ],
        "reframes": [
            {"date": "2026-02-03", "intensity_before": 80, "intensity_after": 40},  # week of Mon 2 Feb
            {"date": "2026-02-05", "intensity_before": 60, "intensity_after": 50},
            {"date": "2026-02-10", "intensity_before": 90, "intensity_after": 30},  # week of Mon 9 Feb
        ],
        "reflections": [{"id": "f1", "rejection_id": "r1", "themes": ["preparation", "confidence"]}],
        "feedback_requests": [{"id": "q1", "rejection_id": "r3", "themes": ["preparation"]}],
        "support_log": [{"id": "s1", "date": "2026-02-12", "themes": ["confidence", "preparation"]}],
        "activities": [
            {"date": "2026-02-16", "kind": "application", "count": 2, "minutes": 60},
            {"date": "2026-02-17", "kind": "networking", "count": 1},
            {"date": "2026-02-23", "kind": "application", "count": 1},
            {"date": "2026-02-24", "kind": "rest", "count": 0},
        ],
    }


@pytest.fixture
def frames(tables):
    return prog.prepare(tables, TODAY)


FEB = (D(2026, 2, 1), D(2026, 2, 28))


def test_prepare_types_and_empty_journal():
    empty = prog.prepare({}, TODAY)
    assert all(len(f) == 0 for f in empty.values())
    assert prog.first_record_day({}) is None
    assert prog.skill_levels(empty["skills"], empty["logs"], *FEB).empty
    assert prog.mood_series(empty["checkins"], *FEB).empty
    assert prog.stage_funnel(empty["rejections"], *FEB)["reached"].tolist() == [0, 0, 0, 0, 0]
    assert prog.theme_counts(empty["themes"], *FEB).empty
    assert prog.default_skills(empty["skills"], empty["logs"]) == []
    one = prog.prepare({"skills": [{"id": "a", "name": "A", "level": 1, "target_level": 2}]}, TODAY)
    assert prog.default_skills(one["skills"], one["logs"]) == ["a"]


def test_date_range_and_first_day(tables):
    assert prog.first_record_day(tables) == D(2025, 12, 1)
    assert prog.date_range("Last 4 weeks", TODAY, D(2025, 1, 1)) == (D(2026, 2, 2), TODAY)
    assert prog.date_range("All time", TODAY, D(2025, 12, 1)) == (D(2025, 12, 1), TODAY)
    # A month-old journal: "Last 6 months" starts at its first record, not five empty months earlier.
    assert prog.date_range("Last 6 months", TODAY, D(2026, 2, 1)) == (D(2026, 2, 1), TODAY)
    assert prog.date_range("All time", TODAY, None) == (TODAY, TODAY)


def test_skill_levels_carry_in_last_of_day_and_carry_on(frames):
    lv = prog.skill_levels(frames["skills"], frames["logs"], *FEB)
    sql = lv[lv["skill_id"] == "sql"]
    # carried in from 5 Jan (level 2) at the start; 5 Feb ends at 3 (the later entry); 20 Feb 3; carried to the end.
    assert sql["date"].tolist() == [ts("2026-02-01"), ts("2026-02-05"), ts("2026-02-20"), ts("2026-02-28")]
    assert sql["level"].tolist() == [2.0, 3.0, 3.0, 3.0]
    assert sql["logged"].tolist() == [False, True, True, False]
    assert set(sql["target"]) == {4.0}
    talk = lv[lv["skill_id"] == "talk"]  # never practised: current level from the day it was added
    assert talk["date"].tolist() == [ts("2026-02-10"), ts("2026-02-28")]
    assert talk["level"].tolist() == [2.0, 2.0]


def test_skill_levels_only_chosen_skills_and_not_before_created(frames):
    lv = prog.skill_levels(frames["skills"], frames["logs"], D(2026, 1, 1), D(2026, 1, 31), ["talk", "sql"])
    assert set(lv["skill_id"]) == {"sql"}  # "talk" did not exist yet in January
    assert prog.skill_levels(frames["skills"], frames["logs"], *FEB, []).empty


def test_practice_time_daily_and_cumulative(frames):
    pt = prog.practice_time(frames["logs"], *FEB)
    assert pt["date"].tolist() == [ts("2026-02-05"), ts("2026-02-20")]
    assert pt["minutes"].tolist() == [15.0, 45.0]  # a missing minutes counts 0
    assert pt["cumulative"].tolist() == [15.0, 60.0]
    assert prog.practice_summary(pt) == "You practised for 1 h on 2 days in this period."
    assert prog.practice_time(frames["logs"], *FEB, ["talk"]).empty


def test_mood_series_daily_means_and_rejection_days(frames):
    mood = prog.mood_series(frames["checkins"], *FEB)
    assert mood["date"].tolist() == [ts("2026-02-01"), ts("2026-02-03")]
    assert mood["mood"].tolist() == [5.0, 8.0]
    assert mood["confidence"].tolist() == [5.5, 7.0]
    assert mood["checkins"].tolist() == [2, 1]
    # 7-day averages of the day values: 1 Feb alone; 3 Feb with 1 Feb: (5 + 8) / 2, (5.5 + 7) / 2 = 6.25 -> 6.2
    assert mood["mood_7d"].tolist() == [5.0, 6.5]
    assert mood["confidence_7d"].tolist() == [5.5, 6.2]
    late = prog.mood_series(frames["checkins"], D(2025, 12, 1), D(2026, 2, 28))
    assert late["mood_7d"].tolist() == [1.0, 5.0, 6.5]  # 1 Dec is more than a week before: not averaged in
    rej = prog.rejection_days(frames["rejections"], *FEB)
    assert rej["date"].tolist() == [ts("2026-02-01"), ts("2026-02-10")]
    assert rej["rejections"].tolist() == [2, 1]
    assert rej["furthest"].tolist() == ["Interview", "Final round"]
    # weighted by check-ins: mood (4+6+8)/3 = 6.0, confidence (5+6+7)/3 = 6.0
    assert prog.mood_summary(mood, rej) == (
        "Across 3 check-ins, mood averaged 6.0/10 and confidence 6.0/10; 3 rejections marked on the chart."
    )


def test_reframe_weeks(frames):
    wk = prog.reframe_weeks(frames["reframes"], *FEB)
    assert wk["week"].tolist() == [ts("2026-02-02"), ts("2026-02-09")]
    assert wk["before"].tolist() == [70.0, 90.0]
    assert wk["after"].tolist() == [45.0, 30.0]
    assert wk["records"].tolist() == [2, 1]
    # (80+60+90)/3 = 76.7 -> 77; (40+50+30)/3 = 40; 36.7 lower -> 37
    assert prog.reframe_summary(wk) == (
        "Across 3 thought records, how strongly you felt it went from 77 to 40 out of 100 on average (37 points lower)."
    )


def test_stage_funnel(frames):
    f = prog.stage_funnel(frames["rejections"], *FEB)  # applied, interview, final (the offer-stage one is January)
    assert f["stage"].tolist() == ["applied", "screen", "interview", "final", "offer"]
    assert f["reached"].tolist() == [3, 2, 2, 1, 0]
    assert prog.funnel_summary(f) == (
        "Of 3 applications that ended in a no, 2 got past the application and 2 reached an interview or further."
    )
    all_time = prog.stage_funnel(frames["rejections"], D(2026, 1, 1), D(2026, 2, 28))
    assert all_time["reached"].tolist() == [4, 3, 3, 2, 1]


def test_theme_counts_dated_and_ranked(frames):
    # reflection/feedback dated by their rejection (1 Feb, 10 Feb); the conversation by its date (12 Feb)
    tc = prog.theme_counts(frames["themes"], *FEB)
    assert tc.to_dict("records") == [{"theme": "preparation", "count": 3}, {"theme": "confidence", "count": 2}]
    assert prog.theme_counts(frames["themes"], *FEB, top=1)["theme"].tolist() == ["preparation"]
    assert prog.theme_counts(frames["themes"], D(2026, 2, 11), D(2026, 2, 28))["count"].tolist() == [1, 1]
    assert prog.themes_summary(tc, {"preparation": "Preparation"}) == (
        "The theme that came up most is “Preparation” (3 times)."
    )


def test_effort_weeks_and_summary(frames):
    counts, goals = prog.effort_weeks(frames["weekly"], D(2026, 2, 16), TODAY)
    assert counts.to_dict("records") == [
        {"week": ts("2026-02-16"), "kind": "application", "label": "Applications", "count": 2},
        {"week": ts("2026-02-16"), "kind": "networking", "label": "Networking", "count": 1},
        {"week": ts("2026-02-23"), "kind": "application", "label": "Applications", "count": 1},
    ]
    # The week of 23 Feb has one rest day: target ceil(2 * 6/7) = 2; with 1 done it is still open (1 Mar is its
    # Sunday, so it is this week), and it is not counted as a finished week in the summary.
    assert goals["week"].tolist() == [ts("2026-02-16"), ts("2026-02-23")]
    assert goals["target"].tolist() == [2, 2]
    assert goals["status"].tolist() == ["met", "open"]
    assert prog.effort_summary(counts, goals) == (
        "You logged 4 actions over 2 weeks; you met your weekly goals in 1 of 1 week with goals."
    )
    assert prog.effort_weeks(frames["weekly"], D(2020, 1, 1), D(2020, 2, 1))[0].empty


def test_active_days_summary(frames):
    days = prog.active_days(frames["days"], D(2026, 2, 16), D(2026, 2, 24))
    assert days["date"].tolist() == [ts("2026-02-16"), ts("2026-02-17"), ts("2026-02-23"), ts("2026-02-24")]
    assert days["effort"].tolist() == [True, True, True, False]
    assert days["rest"].tolist() == [False, False, False, True]
    assert prog.active_summary(days, D(2026, 2, 16), D(2026, 2, 24)) == (
        "You were active on 3 of 9 days, and took 1 planned rest day."
    )


def test_skills_summary_and_default_skills(frames):
    lv = prog.skill_levels(frames["skills"], frames["logs"], *FEB)
    pt = prog.practice_time(frames["logs"], *FEB)
    # SQL 2 -> 3 (one level), Talks 2 -> 2; neither at target
    assert (
        prog.skills_summary(lv, pt)
        == "2 skills shown: 1 level gained in this period, 0 of 2 at target. 1 h of practice."
    )
    assert prog.default_skills(frames["skills"], frames["logs"]) == ["sql", "talk"]
    assert prog.default_skills(frames["skills"], frames["logs"], n=1) == ["sql"]


def test_dashboard_bundle_and_table(frames):
    view = prog.dashboard(frames, *FEB, TODAY, ["sql"])
    assert view["practice_all"] == "1 h"
    mood_table, funnel_table = view["mood_table"].frame(), view["funnel_table"].frame()
    assert list(mood_table.columns) == ["Date", "Mood", "Confidence", "Check-ins"]
    assert mood_table["Date"].tolist() == ["2026-02-01", "2026-02-03"]
    assert funnel_table["% of all"].tolist() == [100.0, 67.0, 67.0, 33.0, 0.0]


def test_duration_words():
    assert prog.duration(0) == "0 min"
    assert prog.duration(59.6) == "1 h"
    assert prog.duration(125) == "2 h 5 min"


def test_fingerprints_change_only_with_their_table(tables):
    before = prog.fingerprints(tables)
    assert set(before) == set(tables)
    tables["activities"][0]["count"] = 3
    after = prog.fingerprints(tables)
    assert [t for t in tables if before[t] != after[t]] == ["activities"]
    assert "activities" in prog.SECTIONS["effort"] and "activities" not in prog.SECTIONS["skills"]


def test_custom_range_rules():
    import datetime as _dt

    from rebound.insights.progress import custom_range

    today = _dt.date(2026, 3, 12)
    assert custom_range(_dt.date(2026, 1, 1), today, today) == {}
    assert custom_range(today, today, today) == {}  # one day is a period
    assert set(custom_range(None, today, today)) == {"start"}
    assert set(custom_range(today, None, today)) == {"end"}
    assert "before the first day (12 Mar 2026)" in custom_range(today, _dt.date(2026, 3, 1), today)["end"]
    assert "future" in custom_range(today, _dt.date(2026, 3, 13), today)["end"]
    assert "future" in custom_range(_dt.date(2026, 3, 13), _dt.date(2026, 3, 13), today)["start"]


def test_series_of_an_empty_frame_are_made_once_and_handed_out_as_copies():
    """same_when_empty: the same frame as the function itself makes, and a caller's change never reaches the next."""
    frames = prog.prepare_feel({}) | prog.prepare_apps({})
    cases = [
        (prog.mood_series, frames["checkins"]),
        (prog.rejection_days, frames["rejections"]),
        (prog.reframe_weeks, frames["reframes"]),
        (prog.theme_counts, frames["themes"]),
    ]
    for fn, empty in cases:
        made = fn.__wrapped__(empty, *FEB)
        first = fn(empty, *FEB)
        pd.testing.assert_frame_equal(first, made)
        first["scribble"] = 1  # a caller changing its copy
        pd.testing.assert_frame_equal(fn(empty, D(2020, 1, 1), D(2020, 2, 1)), made)
    # A frame with rows is computed as ever.
    full = prog.prepare_feel({"checkins": [{"date": "2026-02-01", "mood": 4, "confidence": 5}]})["checkins"]
    assert prog.mood_series(full, *FEB)["mood"].tolist() == [4.0]


def test_the_period_line_says_why_a_young_journal_shows_a_short_period():
    today = dt.date(2026, 12, 2)
    start, end = prog.date_range("Last 6 months", today, today)
    assert prog.period_caption("Last 6 months", start, end, today) == (
        "Your journal began today, 2 Dec 2026: the charts start here and grow with it."
    )
    first = dt.date(2026, 11, 30)
    start, end = prog.date_range("Last 6 months", today, first)
    assert prog.period_caption("Last 6 months", start, end, first) == (
        "Your journal began on 30 Nov 2026, so the charts show 30 Nov 2026 to 2 Dec 2026."
    )
    old = dt.date(2025, 1, 1)
    start, end = prog.date_range("Last 4 weeks", today, old)
    assert prog.period_caption("Last 4 weeks", start, end, old) == "Showing 5 Nov 2026 to 2 Dec 2026."
    assert prog.period_caption("Custom", today, today, today) == "Showing 2 Dec 2026."
