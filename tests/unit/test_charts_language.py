"""The chart builders in the person's language: Babel's tick labels and hover dates, the locale's
separators, translated titles and names, weeks from the locale's first day; stored codes unchanged."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from rebound import i18n
from rebound.charts import date_axis, figure
from rebound.charts import patterns as pcharts
from rebound.charts import progress as charts
from rebound.charts import reframe as rcharts
from rebound.charts import responses as response_charts
from rebound.insights import progress as prog
from rebound.insights import responses

T = pd.Timestamp
D = dt.date


def _mood(days: list[str]) -> pd.DataFrame:
    n = len(days)
    return pd.DataFrame(
        {
            "date": [T(d) for d in days],
            "mood": [5.5] * n,
            "confidence": [6.0] * n,
            "checkins": [1] * n,
            "mood_7d": [5.5] * n,
            "confidence_7d": [6.0] * n,
        }
    )


def test_day_ticks_are_german_not_plotly_english():
    with i18n.use("de"):
        fig = charts.mood(_mood(["2026-03-10", "2026-03-12"]), pd.DataFrame())
    axis = fig.layout.xaxis
    assert axis.tickmode == "array" and axis.tickformat is None
    assert "12. März" in axis.ticktext and not any("Mar" in t for t in axis.ticktext)
    assert fig.layout.separators == ",."
    assert fig.layout.yaxis.title.text == "1 = sehr schlecht, 10 = sehr gut"
    assert [t.name for t in fig.data] == ["Stimmung", "Zuversicht"]
    assert list(fig.data[0].hovertext) == ["10. März 2026", "12. März 2026"]
    assert "%{x}" not in fig.data[0].hovertemplate  # Plotly would write the day in English


def test_month_ticks_over_a_long_period_are_german():
    days = [f"2025-{m:02d}-15" for m in range(1, 7)]  # half a year: a tick a month
    with i18n.use("de"):
        fig = date_axis(figure(), days)
    with i18n.use("es"):
        spanish = date_axis(figure(), days)
    assert "März 2025" in fig.layout.xaxis.ticktext and "Mai 2025" in fig.layout.xaxis.ticktext
    assert "mar 2025" in spanish.layout.xaxis.ticktext
    english = date_axis(figure(), days)
    assert "Mar 2025" in english.layout.xaxis.ticktext  # English keeps its own words


def test_english_is_unchanged():
    fig = charts.mood(_mood(["2026-03-10", "2026-03-12"]), pd.DataFrame())
    assert fig.layout.separators == ".," and "12 Mar" in fig.layout.xaxis.ticktext
    assert [t.name for t in fig.data] == ["Mood", "Confidence"]


def test_effort_kinds_are_translated_where_drawn():
    counts = pd.DataFrame({"week": [T("2026-03-09")], "kind": ["application"], "label": ["Applications"], "count": [2]})
    goals = pd.DataFrame({"week": [T("2026-03-09")], "target": [3]})
    with i18n.use("es"):
        fig = charts.weekly_effort(counts, goals)
    assert [t.name for t in fig.data] == ["Candidaturas", "Objetivo semanal"]
    assert fig.layout.xaxis.title.text == "Semana que empieza" and fig.layout.yaxis.title.text == "Acciones"
    assert list(fig.data[0].hovertext) == ["9 mar 2026"]
    assert counts["kind"].tolist() == ["application"]  # the frame keeps the code


def test_rejection_marks_name_the_stage_in_german():
    rejected = pd.DataFrame({"date": [T("2026-03-02")], "rejections": [2], "furthest": ["Interview"]})
    with i18n.use("de"):
        fig = charts.mood(pd.DataFrame(), rejected)
    marks = fig.data[-1]
    assert marks.name == "Absage"
    assert list(marks.hovertext) == ["2. März 2026: 2 Absagen, weiteste Phase: Vorstellungsgespräch"]


def test_funnel_and_stage_bars_show_translated_stages():
    stages = prog.stage_funnel(
        pd.DataFrame({"date": [T("2026-03-02")], "stage": ["interview"]}), D(2026, 3, 1), D(2026, 3, 12)
    )
    with i18n.use("de"):
        fig = charts.funnel(stages)
        bars = pcharts.stage_bar(pd.DataFrame({"stage": ["applied"], "label": ["Application"], "count": [1]}))
        by = pcharts.stage_by_bar(pd.DataFrame({"interview": [1]}, index=["not recorded"]))
    assert list(fig.data[0].y) == [
        "Bewerbung",
        "Erstgespräch",
        "Vorstellungsgespräch",
        "Letzte Runde",
        "Angebotsphase",
    ]
    assert stages["label"].tolist()[0] == "Application"  # the frame keeps English, the chart translates
    assert list(bars.data[0].x) == ["Bewerbung"]
    assert list(by.data[0].x) == ["nicht angegeben"] and by.data[0].name == "Vorstellungsgespräch"
    assert by.layout.xaxis.title.text == "Wie du dich beworben hast"


def test_active_days_weeks_start_on_the_locales_first_day():
    days = pd.DataFrame({"date": [T("2026-03-08"), T("2026-03-09")], "count": [1, 2]})  # Sunday, Monday
    with i18n.use("de"):
        monday_first = charts.activity_heatmap(days, D(2026, 3, 1), D(2026, 3, 12))
    with i18n.use("en_US"):  # the United States start the week on Sunday
        sunday_first = charts.activity_heatmap(days, D(2026, 3, 1), D(2026, 3, 12))
    de = monday_first.data[1]
    assert list(de.y) == ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."]
    assert de.z[6][-2] == 1.0 and de.z[0][-1] == 2.0  # Sunday closes one week, Monday opens the next
    assert de.hovertext[0][-1].endswith("9. März: 2 Schritte")  # Babel's weekday form ("Mo., 9. März")
    us = sunday_first.data[1]
    assert list(us.y)[0] == "Sun" and list(us.x)[-1] == "2026-03-08"  # the week of Sunday 8 March
    assert us.z[0][-1] == 1.0 and us.z[1][-1] == 2.0
    assert monday_first.layout.xaxis.ticktext[-1] == "9. März"


def test_answers_per_month_in_german():
    months = pd.DataFrame(
        {"month": [T("2026-02-01"), T("2026-03-01")], "sent": [2, 1], "answered": [1, 1], "rate": [50.0, 100.0]}
    )
    with i18n.use("de"):
        fig = response_charts.response_rate(months, months, "")
        times = response_charts.answer_times(pd.DataFrame({"weeks": [0, 1], "answers": [1, 2]}))
    assert list(fig.layout.xaxis.ticktext) == ["Feb. 2026", "März 2026"]
    assert [t.name for t in fig.data] == ["Abgeschickt", "Beantwortet"]
    assert list(fig.data[1].hovertext)[0] == "Feb. 2026: 1 beantwortet (50\u00a0%)"
    assert list(times.data[0].hovertext) == [
        "Woche 0 nach dem Absenden: 1 Antwort",
        "Woche 1 nach dem Absenden: 2 Antworten",
    ]


def test_before_after_hover_in_spanish():
    df = pd.DataFrame({"date": [T("2026-03-12")], "intensity_before": [80], "intensity_after": [30], "shift": [50]})
    with i18n.use("es"):
        fig = rcharts.before_after(df)
    assert fig.layout.yaxis.title.text == "Intensidad (0–100)"
    assert fig.data[1].name == "Antes" and list(fig.data[1].hovertext) == ["12 mar 2026"]
    assert "Bajó %{customdata}" in fig.data[1].hovertemplate


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "You practised for 1 h 5 min on 2 days in this period."),
        ("de", "Du hast in diesem Zeitraum 1 Std. 5 Min. an 2 Tagen geübt."),
        ("es", "Practicaste 1 h 5 min en 2 días de este periodo."),
    ],
)
def test_summaries_count_in_the_language(language, words):
    practice = pd.DataFrame(
        {"date": [T("2026-03-02"), T("2026-03-03")], "minutes": [30.0, 35.0], "cumulative": [30.0, 65.0]}
    )
    with i18n.use(language):
        assert prog.practice_summary(practice) == words


def test_a_table_is_titled_in_the_language_it_is_shown_in():
    view = prog.apps_view(
        {"rejections": prog._rejections([]), "themes": prog.prepare_apps({})["themes"]},
        D(2026, 3, 1),
        D(2026, 3, 12),
    )
    table = view["funnel_table"]
    assert list(table.frame().columns) == ["Stage", "Got this far", "% of all"]
    with i18n.use("es"):
        frame = table.frame()
    assert list(frame.columns) == ["Fase", "Llegaron hasta aquí", "% del total"]
    assert frame["Fase"].tolist()[:2] == ["Candidatura", "Llamada de preselección"]


def test_our_groups_are_translated_the_persons_are_not():
    with i18n.use("de"):
        assert responses.group_name("Not recorded") == "Nicht angegeben"
        assert responses.group_name("referral") == "Empfehlung"
        assert responses.group_name("Meetup Berlin") == "Meetup Berlin"
