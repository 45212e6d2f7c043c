"""Progress figure builders: trace values, axes, the shared template, empty input."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from rebound.charts import PALETTE, TEMPLATE_NAME
from rebound.charts import progress as charts

D = dt.date


def T(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


def _is_empty_state(fig, words: str) -> bool:
    notes = fig.layout.annotations
    return not fig.data and len(notes) == 1 and words in notes[0].text


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (
            lambda: charts.weekly_effort(pd.DataFrame(columns=["week", "kind", "label", "count"]), pd.DataFrame()),
            "Nothing logged",
        ),
        (
            lambda: charts.activity_heatmap(pd.DataFrame(columns=["date", "count"]), D(2026, 1, 1), D(2026, 1, 31)),
            "No active days",
        ),
        (
            lambda: charts.skill_levels(
                pd.DataFrame(columns=["skill_id", "skill", "date", "level", "target", "logged"])
            ),
            "No skills",
        ),
        (lambda: charts.practice_time(pd.DataFrame(columns=["date", "minutes", "cumulative"])), "No practice"),
        (
            lambda: charts.mood(pd.DataFrame(columns=["date", "mood", "confidence", "checkins"]), pd.DataFrame()),
            "No check-ins",
        ),
        (lambda: charts.reframes(pd.DataFrame(columns=["week", "before", "after", "records"])), "No thought records"),
        (lambda: charts.funnel(pd.DataFrame({"label": ["Application"], "reached": [0]})), "No rejections"),
        (lambda: charts.themes(pd.DataFrame(columns=["theme", "count"])), "No themes"),
    ],
)
def test_empty_input_says_so(build, words):
    fig = build()
    assert _is_empty_state(fig, words)
    assert fig.layout.template.layout.colorway == tuple(PALETTE)  # still the shared template


def test_weekly_effort_stacks_kinds_against_goal():
    counts = pd.DataFrame(
        {
            "week": [T("2026-02-16"), T("2026-02-16"), T("2026-02-23")],
            "kind": ["application", "networking", "application"],
            "label": ["Applications", "Networking", "Applications"],
            "count": [2, 1, 1],
        }
    )
    goals = pd.DataFrame({"week": [T("2026-02-16"), T("2026-02-23")], "target": [2, 0]})
    fig = charts.weekly_effort(counts, goals)
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.name for b in bars] == ["Applications", "Networking"]
    assert list(bars[0].x) == ["2026-02-16", "2026-02-23"] and list(bars[0].y) == [2, 1]
    assert list(bars[1].y) == [1]
    assert bars[0].marker.color == charts.KIND_COLOURS["application"]
    goal = fig.data[-1]
    assert goal.name == "Weekly goal" and goal.y[0] == 2 and goal.y[1] is None  # no goal that week: no line
    assert fig.layout.barmode == "stack"
    assert fig.layout.template.layout.colorway == tuple(PALETTE)


def test_weekly_effort_without_goals_has_no_goal_line():
    counts = pd.DataFrame({"week": [T("2026-02-16")], "kind": ["learning"], "label": ["Learning"], "count": [3]})
    fig = charts.weekly_effort(counts, pd.DataFrame({"week": [T("2026-02-16")], "target": [0]}))
    assert [t.name for t in fig.data] == ["Learning"]


def test_activity_heatmap_grid():
    days = pd.DataFrame({"date": [T("2026-02-02"), T("2026-02-04"), T("2026-02-04")], "count": [1, 2, 3]})
    fig = charts.activity_heatmap(days, D(2026, 2, 2), D(2026, 2, 10))  # Mon 2 Feb .. Tue 10 Feb
    calendar, hm = fig.data
    assert hm.type == "heatmap" and calendar.showscale is False and calendar.hoverinfo == "skip"
    # Twelve weeks at least (one column has no width in Plotly), the period's weeks last.
    assert len(hm.x) == 13 and list(hm.x[-2:]) == ["2026-02-02", "2026-02-09"]
    assert list(hm.y) == charts.WEEKDAYS
    z = [list(row) for row in hm.z]
    assert [row[-2:] for row in z][0] == [1.0, 0.0]  # Mondays
    assert z[2][-2] == 5.0  # Wednesday 4 Feb: 2 + 3
    assert z[6][-2] == 0.0 and z[6][-1] is None  # Sunday 15 Feb is after the end: no cell
    assert z[6][0] is None and list(calendar.z[6])[0] == 0.0  # before the period: a faint calendar cell
    assert (hm.zauto, hm.zmin, hm.zmax, hm.colorbar.dtick, hm.colorbar.tickformat) == (False, 0, 5.0, 1, "d")
    assert fig.layout.yaxis.autorange == "reversed"


def test_one_active_day_is_drawn_with_a_whole_number_scale():
    fig = charts.activity_heatmap(
        pd.DataFrame({"date": [T("2026-12-02")], "count": [1]}), D(2026, 12, 2), D(2026, 12, 2)
    )
    hm = fig.data[-1]
    assert [v for row in hm.z for v in row if v is not None] == [1.0]
    assert (hm.zmin, hm.zmax, hm.colorbar.dtick) == (0, 1.0, 1)  # not 0.6–1.4


def test_skill_levels_step_lines_with_targets():
    levels = pd.DataFrame(
        {
            "skill_id": ["a", "a", "a", "b"],
            "skill": ["SQL", "SQL", "SQL", "<b>Talks</b>"],
            "date": [T("2026-02-01"), T("2026-02-05"), T("2026-02-28"), T("2026-02-10")],
            "level": [2.0, 3.0, 3.0, 2.0],
            "target": [4.0, 4.0, 4.0, 3.0],
            "logged": [False, True, False, False],
        }
    )
    fig = charts.skill_levels(levels)
    line, target, line_b, target_b = fig.data
    assert line.name == "SQL" and list(line.customdata) == [2.0, 3.0, 3.0] and line.line.shape == "hv"
    # Two skills: each in its own lane, half a lane either side of the level (same level, never hidden).
    lane = charts.SKILL_LANE / 2
    assert list(line.y) == pytest.approx([2.0 - lane, 3.0 - lane, 3.0 - lane])
    assert list(line_b.y) == pytest.approx([2.0 + lane])
    assert list(line.marker.size) == [0, 8, 0]  # markers only on logged sessions
    assert list(target.x) == ["2026-02-01", "2026-02-28"] and list(target.customdata) == [4.0, 4.0]
    assert target.line.dash == "dot" and target.line.color == line.line.color == PALETTE[0]
    assert line_b.name == "&lt;b&gt;Talks&lt;/b&gt;"  # a person's text is never Plotly markup
    assert line_b.line.color == PALETTE[1]
    assert tuple(fig.layout.yaxis.range) == (0.5, 5.5)


def test_practice_time_bars_and_running_total():
    practice = pd.DataFrame(
        {"date": [T("2026-02-05"), T("2026-02-20")], "minutes": [15.0, 45.0], "cumulative": [15.0, 60.0]}
    )
    fig = charts.practice_time(practice)
    bars, total = fig.data
    assert bars.type == "bar" and list(bars.y) == [15.0, 45.0] and bars.yaxis in (None, "y")
    # The total on the overlaying axis: drawn on top of the bars, never hidden behind them.
    assert total.type == "scatter" and list(total.y) == [15.0, 60.0] and total.yaxis == "y2"
    assert fig.layout.yaxis2.overlaying == "y" and fig.layout.yaxis2.tickmode == "auto"


def test_one_practice_day_is_one_bar():
    practice = pd.DataFrame({"date": [T("2026-02-05")], "minutes": [30.0], "cumulative": [30.0]})
    fig = charts.practice_time(practice)
    assert [t.type for t in fig.data] == ["bar"] and fig.layout.showlegend is False


def _checkins(n: int) -> pd.DataFrame:
    days = pd.date_range("2026-02-01", periods=n, freq="2D")
    return pd.DataFrame(
        {
            "date": days,
            "mood": [5.0 + i % 4 for i in range(n)],
            "confidence": [5.5 + i % 3 for i in range(n)],
            "checkins": [1] * n,
            "mood_7d": [5.0 + i % 2 for i in range(n)],
            "confidence_7d": [5.5] * n,
        }
    )


def test_mood_lines_and_rejection_markers():
    mood = _checkins(charts.SPARSE_CHECKINS)
    rejected = pd.DataFrame(
        {"date": [T("2026-02-01"), T("2026-02-05")], "rejections": [2, 1], "furthest": ["Interview", "Application"]}
    )
    fig = charts.mood(mood, rejected)
    names = [t.name for t in fig.data]
    assert names == [
        "Mood (7-day average)",
        "Mood that day",
        "Confidence (7-day average)",
        "Confidence that day",
        "Rejection",
    ]
    assert list(fig.data[0].y) == list(mood["mood_7d"]) and fig.data[0].mode == "lines"
    assert (
        list(fig.data[1].y) == list(mood["mood"]) and fig.data[1].mode == "markers" and fig.data[1].showlegend is False
    )
    marks = fig.data[4]
    assert list(marks.x) == ["2026-02-01", "2026-02-05"] and list(marks.y) == [charts.REJECTION_LANE] * 2
    assert list(marks.text) == ["2", ""]  # a day with two rejections: one mark and its number
    assert [list(c) for c in marks.customdata] == [[2, "Interview"], [1, "Application"]]
    # The scale is 1–10 (no "0" tick to meet the dates); the rejection lane lies below 1.
    assert list(fig.layout.yaxis.tickvals) == list(range(1, 11)) and fig.layout.yaxis.range[0] < charts.REJECTION_LANE
    only_rejections = charts.mood(mood.iloc[0:0], rejected)
    assert [t.name for t in only_rejections.data] == ["Rejection"]


@pytest.mark.parametrize("n", [1, 3, charts.SPARSE_CHECKINS - 1])
def test_a_few_checkins_are_clear_dots_without_averages(n):
    fig = charts.mood(_checkins(n), pd.DataFrame())
    assert [t.name for t in fig.data] == ["Mood", "Confidence"]
    for trace in fig.data:
        assert trace.mode == "lines+markers" and trace.marker.size >= 10 and trace.marker.opacity is None
    assert fig.data[0].marker.symbol != fig.data[1].marker.symbol  # equal values stay told apart


def test_reframes_before_after():
    weeks = pd.DataFrame(
        {"week": [T("2026-02-02"), T("2026-02-09")], "before": [70.0, 90.0], "after": [45.0, 30.0], "records": [2, 1]}
    )
    fig = charts.reframes(weeks)
    before, after = fig.data
    assert (before.name, list(before.y)) == ("Before", [70.0, 90.0])
    assert (after.name, list(after.y)) == ("After", [45.0, 30.0])
    assert list(before.customdata) == [2, 1]
    assert tuple(fig.layout.yaxis.range) == (0, 105)


def test_funnel_values():
    stages = pd.DataFrame(
        {
            "label": ["Application", "Screening call", "Interview", "Final round", "Offer stage"],
            "reached": [3, 2, 2, 1, 0],
        }
    )
    fig = charts.funnel(stages)
    (f,) = fig.data
    assert f.type == "funnel"
    assert list(f.x) == [3, 2, 2, 1, 0]
    assert list(f.y) == ["Application", "Screening call", "Interview", "Final round", "Offer stage"]


def test_themes_bars_use_labels_and_escape_own_tags():
    counts = pd.DataFrame({"theme": ["preparation", "<a href='x'>me</a>"], "count": [3, 2]})
    fig = charts.themes(counts, {"preparation": "Preparation"})
    (bar,) = fig.data
    assert bar.orientation == "h"
    assert list(bar.x) == [3, 2]
    assert list(bar.y) == ["Preparation", "&lt;a href='x'&gt;me&lt;/a&gt;"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.template.layout.colorway == tuple(PALETTE)
    assert TEMPLATE_NAME == "rebound"
