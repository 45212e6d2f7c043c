"""Progress page: empty states, every chart with data, the period filter, tables and summaries."""

from __future__ import annotations

import datetime as dt

from rebound import clock
from rebound.storage import open_workspace
from tests.apptest.conftest import figure, open_page, texts

PAGE = "pages/8_Progress.py"


def test_empty_journal_shows_helpful_empty_states(personal):
    at = open_page(PAGE)
    assert not at.get("plotly_chart")
    page = texts(at)
    assert "Your charts fill in as you use Rebound" in page
    for words in ("No check-ins in this period yet", "No rejections logged in this period", "No skills to show yet"):
        assert words in page


def _fill(ws, today: dt.date) -> dict:
    # Monday of today's week: one week of effort (and one goal point) whatever weekday today is.
    day = (today - dt.timedelta(days=today.weekday())).isoformat()
    old = (today - dt.timedelta(days=200)).isoformat()
    ws.add("profile", {"weekly_goals": {"application": 3}})
    r1 = ws.add("rejections", {"company": "<b>Acme</b>", "role": "Analyst", "stage": "interview", "rejected_on": day})
    ws.add("rejections", {"company": "Old Co", "role": "Analyst", "stage": "applied", "rejected_on": old})
    ws.add("reflections", {"rejection_id": r1, "went_well": "w", "to_improve": "t", "themes": ["preparation"]})
    ws.add("checkins", {"date": day, "mood": 4, "confidence": 6})
    ws.add("reframes", {"date": day, "situation": "s", "automatic_thought": "a", "intensity_before": 80,
                        "balanced_thought": "b", "intensity_after": 30})  # fmt: skip
    ws.add("activities", {"date": day, "kind": "application", "count": 2, "minutes": 40})
    sid = ws.add("skills", {"name": "SQL", "level": 3, "target_level": 4})
    ws.add("skill_logs", {"skill_id": sid, "date": day, "level": 3, "minutes": 50})
    return {"skill": sid}


def test_every_chart_with_data_and_its_table(personal):
    ws = open_workspace("personal", personal)
    _fill(ws, clock.today())
    at = open_page(PAGE)
    figs = [figure(el) for el in at.get("plotly_chart")]
    assert len(figs) == 8, texts(at)
    effort, heat, skills, practice, mood, reframes, funnel, themes = figs  # in page order
    assert [t["type"] for t in effort["data"]] == ["bar", "scatter"]
    assert effort["data"][0]["y"] == [2] and effort["data"][1]["y"] == [3.0]  # done against the goal
    assert [t["type"] for t in heat["data"]] == ["heatmap", "heatmap"]  # the calendar, then the days
    assert heat["data"][1]["zmin"] == 0 and heat["data"][1]["zmax"] == 2  # whole numbers from 0
    assert skills["data"][0]["name"] == "SQL" and set(skills["data"][1]["y"]) == {4.0}  # target (a dash on one day)
    assert [t["y"] for t in practice["data"]] == [[50.0]]  # one day: its bar (no one-point total line)
    assert mood["data"][0]["y"] == [4.0] and mood["data"][-1]["name"] == "Rejection"
    assert reframes["data"][0]["y"] == [80.0] and reframes["data"][1]["y"] == [30.0]
    assert funnel["data"][0]["x"] == [1, 1, 1, 0, 0]  # last 6 months: the old one is outside
    assert themes["data"][0]["y"] == ["Preparation"] and themes["data"][0]["x"] == [1]
    page = texts(at).replace("\\", "")  # summaries are shown as escaped Markdown
    assert "Across 1 check-in, mood averaged 4.0/10 and confidence 6.0/10; 1 rejection marked on the chart." in page
    assert "went from 80 to 30 out of 100" in page
    assert "You practised for 50 min on 1 day in this period." in page
    # Every chart can show its data as a table, made only when its expander opens.
    assert not at.dataframe
    for key in ("effort", "days", "skills", "practice", "mood", "reframes", "funnel", "themes"):
        at.session_state[f"table_open_{key}"] = True
    at.run()
    assert len(at.dataframe) == 8
    mood_table = at.dataframe[4].value
    assert list(mood_table.columns) == ["Date", "Mood", "Confidence", "Check-ins"] and len(mood_table) == 1
    assert [figure(el) for el in at.get("plotly_chart")] == figs  # the rerun got the session's cached figures
    # A new record is drawn at once: figures are cached by what they are drawn from, never by the page alone.
    ws.add("checkins", {"date": (clock.today() - dt.timedelta(days=1)).isoformat(), "mood": 8, "confidence": 7})
    at.run()
    mood_now = [figure(el) for el in at.get("plotly_chart")][4]
    assert any(8.0 in (t.get("y") or []) for t in mood_now["data"]), mood_now["data"]
    assert not at.exception


def test_period_filter_and_skill_choice(personal):
    ws = open_workspace("personal", personal)
    ids = _fill(ws, clock.today())
    at = open_page(PAGE)
    at.selectbox(key="progress_period").set_value("All time").run()
    funnel = next(figure(el) for el in at.get("plotly_chart") if figure(el)["data"][0].get("type") == "funnel")
    assert funnel["data"][0]["x"] == [2, 1, 1, 0, 0]
    assert "Of 2 applications that ended in a no" in texts(at).replace("\\", "")
    # Custom range with nothing in it: every chart gives way to its empty state.
    at.selectbox(key="progress_period").set_value("Custom").run()
    long_ago = clock.today() - dt.timedelta(days=400)
    at.date_input(key="progress_from").set_value(long_ago).run()
    at.date_input(key="progress_to").set_value(long_ago + dt.timedelta(days=10)).run()
    assert not at.get("plotly_chart")
    assert "No check-ins in this period yet" in texts(at)
    # Choosing no skill leaves the skills chart with a hint instead.
    at.selectbox(key="progress_period").set_value("Last 4 weeks").run()
    assert at.multiselect(key="progress_skills").value == [ids["skill"]]
    at.multiselect(key="progress_skills").set_value([]).run()
    assert "Choose a skill above" in texts(at)
    assert not at.exception


def test_custom_range_applies_at_once_and_a_reversed_one_says_so(personal):
    ws = open_workspace("personal", personal)
    _fill(ws, clock.today())
    at = open_page(PAGE)
    at.selectbox(key="progress_period").set_value("Custom").run()
    today = clock.today()
    at.date_input(key="progress_from").set_value(today - dt.timedelta(days=30)).run()  # one change, applied
    since = today - dt.timedelta(days=30)
    assert f"Showing {since.day} {since:%b %Y} to {today.day} {today:%b %Y}." in texts(at)
    assert at.get("plotly_chart")
    # Reversed: a message by the "To" field, and no charts of the old range.
    at.date_input(key="progress_to").set_value(today - dt.timedelta(days=40)).run()
    assert not at.exception
    [error] = at.error
    assert "before the first day" in error.value
    assert not at.get("plotly_chart") and "Showing" not in texts(at)
    # A day in the future is refused by the field too (never silently replaced).
    at.date_input(key="progress_to").set_value(today + dt.timedelta(days=3)).run()
    assert [e.value for e in at.error] == ["This day is in the future. Pick today or an earlier day."]
    at.date_input(key="progress_to").set_value(today).run()
    assert not at.error and at.get("plotly_chart")
