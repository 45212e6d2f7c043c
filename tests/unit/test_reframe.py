"""Thought records: the before/after shift, its summary, checks, traps, the writing timer, stories."""

from __future__ import annotations

import datetime as dt

import pytest

from rebound import reframe, stories
from rebound.charts.reframe import before_after
from rebound.models import Invalid
from rebound.storage import open_workspace

TODAY = dt.date(2026, 3, 31)


def record(before, after, date="2026-03-01", **extra):
    return {
        "date": date,
        "situation": "Heard no from Acme.",
        "automatic_thought": "I'll never get a job.",
        "balanced_thought": "This one hurt, and I reached the final round.",
        "intensity_before": before,
        "intensity_after": after,
        **extra,
    }


# --- shift -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after", "shift", "text"),
    [
        (80, 40, 40, "80 → 40 (eased by 40)"),
        (30, 50, -20, "30 → 50 (grew by 20)"),
        (60, 60, 0, "60 → 60 (no change)"),
        (100, 0, 100, "100 → 0 (eased by 100)"),
    ],
)
def test_shift_and_its_words(before, after, shift, text):
    rec = record(before, after)
    assert reframe.shift(rec) == shift
    assert reframe.shift_text(rec) == text


def test_shifts_frame_orders_oldest_first_and_drops_broken_rows():
    records = [
        {**record(70, 20, "2026-03-05"), "id": "b", "created_at": "2026-03-05T10:00"},
        {**record(90, 60, "2026-03-01"), "id": "a", "created_at": "2026-03-01T10:00"},
        {**record(50, 50, "not a date"), "id": "x", "created_at": "2026-03-02T10:00"},
        {**record("n/a", 10, "2026-03-03"), "id": "y", "created_at": "2026-03-03T10:00"},
    ]
    df = reframe.shifts_frame(records)
    assert df["id"].tolist() == ["a", "b"]
    assert df["shift"].tolist() == [30, 50]
    assert df["intensity_before"].dtype.kind == "i"


def test_shifts_frame_empty_has_columns():
    df = reframe.shifts_frame([])
    assert df.empty
    assert {"date", "intensity_before", "intensity_after", "shift"} <= set(df.columns)


def test_summary_sentence_numbers():
    df = reframe.shifts_frame(
        [
            {**record(80, 40), "id": "1", "created_at": "1"},
            {**record(60, 50), "id": "2", "created_at": "2"},
            {**record(40, 45), "id": "3", "created_at": "3"},
        ]
    )
    text = reframe.summary(df)
    # average shift (40 + 10 - 5) / 3 = 15; from 60 to 45; eased in 2 of 3
    assert text == (
        "Across 3 thought records, the feeling eased by 15 points on average (from 60 to 45 out of 100); "
        "it eased in 2 of 3."
    )


def test_summary_when_feelings_grew_and_when_empty():
    grew = reframe.shifts_frame([{**record(20, 50), "id": "1", "created_at": "1"}])
    assert "grew by 30 points" in reframe.summary(grew)
    assert "1 thought record," in reframe.summary(grew)
    assert reframe.summary(reframe.shifts_frame([])).startswith("No thought records yet")


def test_table_view_has_readable_columns():
    df = reframe.shifts_frame([{**record(80, 40), "id": "1", "created_at": "1", "emotion": "sad"}])
    view = reframe.table_view(df)
    assert list(view.columns) == ["Date", "Before", "After", "Eased by", "Feeling"]
    assert view.iloc[0].tolist() == [dt.date(2026, 3, 1), 80, 40, 40, "sad"]


def test_chart_links_each_record_and_shows_both_ends():
    df = reframe.shifts_frame(
        [
            {**record(80, 40, "2026-03-01"), "id": "1", "created_at": "1"},
            {**record(70, 35, "2026-03-02"), "id": "2", "created_at": "2"},
        ]
    )
    fig = before_after(df)
    links, before, after = fig.data
    assert list(links.y) == [80, 40, None, 70, 35, None]
    assert list(before.y) == [80, 70] and list(after.y) == [40, 35]
    assert before.name == "Before" and after.name == "After"
    assert before_after(reframe.shifts_frame([])).data == ()


# --- checking a thought record ------------------------------------------------------------
def test_check_accepts_a_full_record():
    clean = reframe.check(record(80, 40, distortions=["mind_reading", "labelling"]), TODAY)
    assert clean["intensity_before"] == 80 and clean["distortions"] == ["mind_reading", "labelling"]


@pytest.mark.parametrize("bad", [101, -1, "abc", "", None, 50.5, True, "1e3"])
@pytest.mark.parametrize("field", ["intensity_before", "intensity_after"])
def test_intensity_must_be_0_to_100(field, bad):
    data = reframe.prepare(record(80, 40) | {field: bad})
    with pytest.raises(Invalid) as exc:
        reframe.check(data, TODAY)
    assert exc.value.errors[field] == reframe.INTENSITY_MESSAGE
    assert list(exc.value.errors) == [field]


def test_prepare_turns_numeric_text_and_whole_floats_into_numbers():
    data = reframe.prepare(record(" 70 ", 30.0))
    assert data["intensity_before"] == 70 and data["intensity_after"] == 30
    assert reframe.check(data, TODAY)["intensity_before"] == 70


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_balanced_thought_is_required_with_a_clear_message(blank):
    with pytest.raises(Invalid) as exc:
        reframe.check(record(80, 40) | {"balanced_thought": blank}, TODAY)
    assert exc.value.errors["balanced_thought"] == reframe.BALANCED_MESSAGE


def test_unknown_traps_and_future_dates_refused():
    with pytest.raises(Invalid) as exc:
        reframe.check(record(80, 40, distortions=["<script>"]), TODAY)
    assert "distortions" in exc.value.errors
    with pytest.raises(Invalid) as exc:
        reframe.check(record(80, 40, date="2026-04-01"), TODAY)
    assert "date" in exc.value.errors


def test_very_long_text_refused():
    with pytest.raises(Invalid) as exc:
        reframe.check(record(80, 40) | {"automatic_thought": "x" * 5001}, TODAY)
    assert "5,001 of 5,000" in exc.value.errors["automatic_thought"]


def test_prepare_takes_situation_from_the_rejection_when_blank():
    rejections = {"r1": {"company": "Acme", "role": "Analyst"}}
    data = reframe.prepare({"situation": "  ", "rejection_id": "r1", "date": TODAY}, rejections)
    assert data["situation"] == "Heard no from Acme for the Analyst role."
    assert data["date"] == "2026-03-31"
    kept = reframe.prepare({"situation": "My words", "rejection_id": "r1"}, rejections)
    assert kept["situation"] == "My words"


# --- traps ------------------------------------------------------------------------------------
def test_trap_labels_and_counts():
    assert reframe.trap_label("mind_reading") == "Mind reading"
    assert reframe.trap_label("gone_from_content") == "gone_from_content"
    counts = reframe.trap_counts(
        [{"distortions": ["labelling", "mind_reading"]}, {"distortions": ["labelling"]}, {"distortions": None}]
    )
    assert counts == [("labelling", 2), ("mind_reading", 1)]


# --- writing timer -----------------------------------------------------------------------------
def test_timer_minutes_and_words():
    assert reframe.elapsed_minutes(1000.0, 1000.0 + 59) == 0
    assert reframe.elapsed_minutes(1000.0, 1000.0 + 60 * 7 + 5) == 7
    assert reframe.elapsed_minutes(1000.0, 900.0) == 0
    assert reframe.timer_text(0, 30, 20).startswith("Just started")
    assert reframe.timer_text(0, 60, 20).startswith("1 minute of 20")
    assert reframe.timer_text(0, 60 * 5, 15).startswith("5 minutes of 15")
    assert reframe.timer_text(0, 60 * 20, 20).startswith("20 minutes are up")


# --- stories ------------------------------------------------------------------------------------
def test_filter_stories_by_theme_and_favourites():
    lib = stories.library()
    persistence = stories.filter_stories(lib, "persistence")
    assert persistence and all("persistence" in s["themes"] for s in persistence)
    assert len(stories.filter_stories(lib)) == len(lib)
    notes = {"king": {"favorite": True}, "acton": {"favorite": False}}
    assert [s["id"] for s in stories.filter_stories(lib, None, True, notes)] == ["king"]
    assert stories.filter_stories(lib, None, False, notes)[0]["id"] == "king"  # favourites first
    assert stories.filter_stories(lib, "technical_interview", True, notes) == []


def test_story_notes_update_or_add(tmp_path):
    ws = open_workspace("personal", tmp_path)
    stories.save_note(ws, "king", TODAY, takeaway="Keep the pages.")
    assert stories.toggle_favorite(ws, "king", TODAY) is True
    notes = ws.all("story_notes")
    assert len(notes) == 1
    assert notes[0]["takeaway"] == "Keep the pages." and notes[0]["favorite"] is True
    assert stories.toggle_favorite(ws, "king", TODAY) is False
    with pytest.raises(Invalid):
        stories.save_note(ws, "no_such_story", TODAY, takeaway="x")
    assert len(ws.all("story_notes")) == 1
