"""Progress in German and Spanish (words, dates, numbers, plurals) and in en_XA (no unmarked string)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.generate import generate
from components.language import PICKED
from rebound import clock, i18n
from rebound.storage import open_workspace
from tests import pseudo
from tests.apptest.conftest import figure, open_page, texts
from tests.apptest.test_progress import _fill

PAGE = "pages/8_Progress.py"
TABLES = ("effort", "days", "skills", "practice", "mood", "reframes", "funnel", "themes", "answers", "times")
# The sidebar's language picker names each language in its own words (the mechanism's, not this page's).
PICKER = {"Español", "en_XA"}


def _fill_all(ws) -> None:
    """Every chart of the page has something to draw: test_progress's records and two applications."""
    today = clock.today()
    _fill(ws, today)
    sent = (today - dt.timedelta(days=20)).isoformat()
    answered = (today - dt.timedelta(days=10)).isoformat()
    ws.add("applications", {"company": "Acme", "role": "Analyst", "applied_on": sent, "channel": "referral",
                            "status": "interview", "answered_on": answered})  # fmt: skip
    ws.add("applications", {"company": "Beta", "role": "Analyst", "applied_on": sent, "status": "waiting"})


def _open(language: str) -> AppTest:
    return open_page(PAGE, language)


def _page(at: AppTest) -> str:
    return texts(at).replace("\\", "")  # summaries are shown as escaped Markdown


def _figures(at: AppTest) -> list[dict]:
    return [figure(el) for el in at.get("plotly_chart")]


def _ticks_in(language: str, fig: dict) -> None:
    """Every date tick of ``fig`` is labelled as Babel writes its day in ``language``."""
    axis = fig["layout"]["xaxis"]
    assert axis.get("tickmode") == "array" and "tickformat" not in axis, axis
    with i18n.use(language):
        for value, text in zip(axis["tickvals"], axis["ticktext"], strict=True):
            day = dt.date.fromisoformat(value[:10])
            assert text in (i18n.format_date(day, "day_month"), i18n.format_date(day, "month")), (value, text)


def test_progress_in_german(personal):
    ws = open_workspace("personal", personal)
    _fill_all(ws)
    at = _open("de")
    page = _page(at)
    for words in ("Dein Fortschritt", "Einsatz pro Woche", "Aktive Tage", "Stimmung und Zuversicht", "Wie es dir geht"):
        assert words in page, words
    # Numbers with a decimal comma, plurals by the count.
    assert (
        "Über 1 Check-in lag deine Stimmung im Schnitt bei 4,0/10 und deine Zuversicht bei 6,0/10; "
        "1 Absage im Diagramm markiert." in page
    )
    assert "Du hast in diesem Zeitraum 50 Min. an 1 Tag geübt." in page
    assert "Du hast 4 Schritte in 4 Wochen eingetragen; deine Wochenziele hast du in 0 von 3 Wochen" in page
    with i18n.use("de"):
        half = i18n.format_percent(0.5)  # "50 %", with a no-break space
    assert f"2 Bewerbungen in diesem Zeitraum abgeschickt, davon 1 mit Antwort ({half})" in page
    # The period line writes its days in German.
    start = clock.today() - dt.timedelta(days=181)
    with i18n.use("de"):
        assert f"Angezeigt: {i18n.format_date(start)} bis {i18n.format_date(clock.today())}." in page
    assert "Letzte 6 Monate" in at.selectbox(key="progress_period").options
    assert "Wie du dich beworben hast" in at.radio(key="progress_answers_by").options
    figs = _figures(at)
    assert len(figs) == 10
    effort, heat, skills, practice, mood, reframes, funnel = figs[:7]
    for fig in figs:
        assert fig["layout"]["separators"] == ",."  # 4,5 and 1.234 inside every chart
    for fig in (effort, skills, practice, mood, reframes):
        _ticks_in("de", fig)
    assert effort["layout"]["xaxis"]["title"]["text"] == "Woche ab"
    assert [t["name"] for t in effort["data"]] == ["Bewerbungen", "Wochenziel"]
    assert heat["data"][1]["y"][:2] == ["Mo.", "Di."]  # German weekdays, the week starting on Monday
    assert mood["data"][-1]["name"] == "Absage" and "Vorstellungsgespräch" in mood["data"][-1]["hovertext"][0]
    assert funnel["data"][0]["y"][:2] == ["Bewerbung", "Erstgespräch"]
    with i18n.use("de"):
        monday = clock.today() - dt.timedelta(days=clock.today().weekday())  # _fill's check-in
        assert mood["data"][0]["hovertext"] == [i18n.format_date(monday, "date")]
    # The tables: German column titles and kinds.
    for key in TABLES:
        at.session_state[f"table_open_{key}"] = True
    at.run()
    columns = [list(df.value.columns) for df in at.dataframe]
    assert ["Datum", "Stimmung", "Zuversicht", "Check-ins"] in columns
    assert ["Phase", "So weit gekommen", "% von allen"] in columns
    assert set(at.dataframe[0].value["Art"]) == {"Bewerbungen"}
    assert not at.exception


def test_german_month_names_on_the_ticks(personal):
    ws = open_workspace("personal", personal)
    today = clock.today()
    for back in (0, 40, 80, 120, 160):  # check-ins over half a year: ticks a month apart
        day = (today - dt.timedelta(days=back)).isoformat()
        ws.add("checkins", {"date": day, "mood": 5, "confidence": 5})
    at = _open("de")
    mood = _figures(at)[0]
    _ticks_in("de", mood)
    months = [dt.date.fromisoformat(v[:10]) for v in mood["layout"]["xaxis"]["tickvals"]]
    with i18n.use("de"):
        assert list(mood["layout"]["xaxis"]["ticktext"]) == [i18n.format_date(m, "month") for m in months]
    assert not any(word in " ".join(mood["layout"]["xaxis"]["ticktext"]) for word in ("Mar ", "May ", "Oct ", "Dec "))


def test_progress_in_spanish(personal):
    ws = open_workspace("personal", personal)
    _fill_all(ws)
    ws.add("checkins", {"date": (clock.today() - dt.timedelta(days=1)).isoformat(), "mood": 6, "confidence": 7})
    at = _open("es")
    page = _page(at)
    for words in ("Tu progreso", "Esfuerzo por semana", "Ánimo y confianza", "Respuestas a tus candidaturas"):
        assert words in page, words
    assert "En 2 registros del día, tu ánimo fue de 5,0/10 de media y tu confianza de 6,5/10" in page
    assert "Practicaste 50 min en 1 día de este periodo." in page
    assert "Últimos 6 meses" in at.selectbox(key="progress_period").options
    figs = _figures(at)
    assert all(fig["layout"]["separators"] == ",." for fig in figs)
    for fig in figs[:2] + figs[2:6]:
        if fig["layout"]["xaxis"].get("type") == "date":
            _ticks_in("es", fig)
    assert figs[0]["layout"]["yaxis"]["title"]["text"] == "Acciones"
    assert not at.exception


def test_a_custom_period_in_german(personal):
    ws = open_workspace("personal", personal)
    _fill_all(ws)
    at = _open("de")
    at.selectbox(key="progress_period").set_value("Custom").run()
    assert at.date_input(key="progress_from").label == "Von" and at.date_input(key="progress_to").label == "Bis"
    today = clock.today()
    at.date_input(key="progress_to").set_value(today - dt.timedelta(days=120)).run()
    [error] = at.error
    assert error.value.startswith("Das liegt vor dem ersten Tag (")
    assert "Deine Diagramme erscheinen hier, sobald der Zeitraum vollständig ist." in _page(at)


def _unmarked(at: AppTest, allowed: set[str]) -> list[str]:
    return pseudo.unwrapped(pseudo.visible_strings(at), allowed | PICKER)


@pytest.mark.parametrize("by", ["", "channel", "source"])
def test_no_unmarked_string_with_data(personal, by):
    ws = open_workspace("personal", personal)
    _fill_all(ws)
    generate(ws, scale=0.01, today=clock.today())
    allowed = pseudo.user_texts(ws.export())
    at = _open("en_XA")
    at.radio(key="progress_answers_by").set_value(by).run()
    for key in TABLES:
        at.session_state[f"table_open_{key}"] = True
    at.run()
    assert len(at.dataframe) == len(TABLES)
    problems = _unmarked(at, allowed)
    problems += [str(c) for df in at.dataframe for c in df.value.columns if pseudo.plain_words(str(c), allowed)]
    assert not problems, "\n".join(problems)


def test_no_unmarked_string_empty_and_in_a_custom_period(personal):
    at = _open("en_XA")
    assert not _unmarked(at, set()), _unmarked(at, set())
    at.selectbox(key="progress_period").set_value("Custom").run()
    at.date_input(key="progress_to").set_value(clock.today() + dt.timedelta(days=2)).run()
    assert at.error
    assert not _unmarked(at, set()), _unmarked(at, set())


def test_switching_language_redraws_the_cached_sections_and_figures(personal):
    ws = open_workspace("personal", personal)
    _fill_all(ws)
    at = _open("en")
    assert _figures(at)[0]["layout"]["xaxis"]["title"]["text"] == "Week starting"
    assert "You practised for 50 min on 1 day in this period." in _page(at)
    at.session_state[PICKED] = "de"  # the same session, the same journal and period: only the language changes
    at.run()
    assert _figures(at)[0]["layout"]["xaxis"]["title"]["text"] == "Woche ab"
    assert _figures(at)[0]["layout"]["separators"] == ",."
    assert "Du hast in diesem Zeitraum 50 Min. an 1 Tag geübt." in _page(at)
    assert "You practised" not in _page(at)
