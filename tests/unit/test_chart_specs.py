"""Figure specs every chart shares: readable date axes, skills without practice, legends, no toolbar."""

from __future__ import annotations

import pandas as pd
import pytest

from rebound.charts import CONFIG, DAY_MS, TEMPLATE_NAME, date_axis, figure, plain
from rebound.charts import patterns as pcharts
from rebound.charts import progress as charts
from rebound.charts import reframe as rcharts

T = pd.Timestamp


def _one_day_figures():
    day = T("2026-03-12")
    week = T("2026-03-09")
    return {
        "effort": charts.weekly_effort(
            pd.DataFrame({"week": [week], "kind": ["application"], "label": ["Applications"], "count": [2]}),
            pd.DataFrame({"week": [week], "target": [3]}),
        ),
        "practice": charts.practice_time(pd.DataFrame({"date": [day], "minutes": [30.0], "cumulative": [30.0]})),
        "mood": charts.mood(
            pd.DataFrame({"date": [day], "mood": [4.0], "confidence": [6.0], "mood_7d": [4.0], "confidence_7d": [6.0]}),
            pd.DataFrame(),
        ),
        "reframes": charts.reframes(pd.DataFrame({"week": [week], "before": [80.0], "after": [30.0], "records": [1]})),
        "skills": charts.skill_levels(_never_practised(day)),
        "ratings": pcharts.ratings_lines(pd.DataFrame({"date": [day], "label": ["Preparation"], "rating": [3.0]})),
        "before_after": rcharts.before_after(
            pd.DataFrame({"date": [day], "intensity_before": [80], "intensity_after": [30], "shift": [50]})
        ),
    }


def _never_practised(day):
    return pd.DataFrame(
        {"skill_id": ["s"], "skill": ["SQL"], "date": [day], "level": [2.0], "target": [4.0], "logged": [False]}
    )


@pytest.mark.parametrize("name", list(_one_day_figures()))
def test_one_day_of_data_ticks_in_days(name):
    fig = _one_day_figures()[name]
    axis = fig.layout.xaxis
    assert axis.type == "date"
    assert axis.dtick in (DAY_MS, 2 * DAY_MS, 7 * DAY_MS)  # days or weeks, never hours or milliseconds
    # The labels are Babel's ("12 Mar"), never Plotly's English month names: ticks as an array.
    assert axis.tickmode == "array" and axis.tickformat is None
    ticks = [pd.Timestamp(v) for v in axis.tickvals]
    assert {(b - a).days for a, b in zip(ticks, ticks[1:], strict=False)} <= {1, 2, 7}
    assert list(axis.ticktext) == [f"{t.day} {t:%b}" for t in ticks]
    lo, hi = (pd.Timestamp(v) for v in axis.range)
    assert (hi - lo).days >= 6  # the day sits in a readable week, not a millisecond-wide range


def test_a_single_week_bar_is_drawn_a_week_wide():
    fig = _one_day_figures()["effort"]
    assert fig.data[0].type == "bar" and fig.data[0].width >= 4 * DAY_MS


def test_a_skill_never_practised_is_drawn_at_its_level_with_its_target():
    # Added today, no session: one point. It must still be visible (a dot) with its target (a dash).
    level, target = charts.skill_levels(_never_practised(T("2026-03-12"))).data
    assert list(level.y) == [2.0] and list(level.marker.size) == [10] and level.marker.symbol == "circle-open"
    assert target.mode == "markers" and list(target.y) == [4.0] and target.marker.symbol == "line-ew-open"


def test_a_skill_never_practised_over_a_period_is_a_line_with_an_end_dot():
    levels = pd.DataFrame(
        {
            "skill_id": ["s", "s"],
            "skill": ["SQL", "SQL"],
            "date": [T("2026-01-01"), T("2026-03-12")],
            "level": [2.0, 2.0],
            "target": [4.0, 4.0],
            "logged": [False, False],
        }
    )
    level, target = charts.skill_levels(levels).data
    assert list(level.marker.size) == [0, 10] and target.mode == "lines" and list(target.y) == [4.0, 4.0]


def _every_figure():
    stage_counts = pd.DataFrame({"label": ["Application"], "count": [1]})
    by = pd.DataFrame({"applied": [1]}, index=["www.x.com <b>site</b>"])
    themes = pd.DataFrame({"label": ["Nerves"], "reflection": [1], "feedback": [0], "mentor": [0]})
    return [
        *_one_day_figures().values(),
        pcharts.stage_bar(stage_counts),
        pcharts.stage_by_bar(by, "How you applied"),
        pcharts.themes_bar(themes),
    ]


def test_every_figure_uses_the_one_template_and_no_plotly_title():
    # Headings come from the page; with no Plotly title the legend above the plot meets nothing.
    for fig in _every_figure():
        assert fig.layout.template.layout.legend.y > 1 and fig.layout.template.layout.legend.yanchor == "bottom"
        assert fig.layout.title.text is None
        assert fig.layout.template.layout.colorway == figure().layout.template.layout.colorway
    assert figure().layout.template == figure(height=300).layout.template  # one template, TEMPLATE_NAME
    assert TEMPLATE_NAME == "rebound"


def test_typed_labels_are_never_plotly_markup():
    fig = pcharts.stage_by_bar(pd.DataFrame({"applied": [1]}, index=["<a href='http://x'>site</a>"]), "How you applied")
    assert list(fig.data[0].x) == ["&lt;a href='http://x'&gt;site&lt;/a&gt;"]
    assert plain("a & <b>") == "a &amp; &lt;b&gt;"


def test_no_toolbar_on_any_chart():
    assert CONFIG["displayModeBar"] is False


def test_many_days_tick_in_weeks_then_months_labelled_by_babel():
    fig = date_axis(figure(), ["2026-01-01", "2026-03-12"])
    assert fig.layout.xaxis.dtick is None and fig.layout.xaxis.range is None  # Plotly's own range
    assert list(fig.layout.xaxis.ticktext[:2]) == ["1 Jan", "15 Jan"]  # every other week: 7 labels at most
    fig = date_axis(figure(), ["2025-12-05", "2026-12-03"])
    assert list(fig.layout.xaxis.tickvals) == [f"2026-{m:02d}-01" for m in (1, 3, 5, 7, 9, 11)]
    assert fig.layout.xaxis.ticktext[0] == "Jan 2026"
