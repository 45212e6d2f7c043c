"""rebound.debrief: the per-rejection checklist (DESIGN rules) and the four-stage map."""

from __future__ import annotations

import pytest

from rebound import debrief

ALL_STEPS = ["logged", "checked_in", "reflected", "feedback_asked", "thanked", "reframed", "next_step"]


def test_steps_in_order():
    assert [s for s, _, _ in debrief.STEPS] == ALL_STEPS


def test_only_logged_for_a_fresh_rejection():
    done = debrief.checklist("r1", {"rejections": [{"id": "r1"}]})
    assert done == {s: s == "logged" for s in ALL_STEPS}
    assert debrief.open_steps("r1", {}) == ALL_STEPS[1:]


def test_every_step_done():
    tables = {
        "checkins": [{"rejection_id": "r1"}],
        "reflections": [{"rejection_id": "r1"}],
        "feedback_requests": [{"rejection_id": "r1", "status": "sent"}],
        "thank_you_notes": [{"rejection_id": "r1", "sent_on": "2026-03-20"}],
        "reframes": [{"rejection_id": "r1"}],
        "actions": [{"rejection_id": "r1", "title": "x"}],
    }
    assert all(debrief.checklist("r1", tables).values())
    assert debrief.open_steps("r1", tables) == []


@pytest.mark.parametrize(
    "status,asked",
    [("draft", False), (None, False), ("sent", True), ("received", True), ("declined", True), ("no_reply", True)],
)
def test_feedback_asked_only_when_not_a_draft(status, asked):
    tables = {"feedback_requests": [{"rejection_id": "r1", "status": status}]}
    assert debrief.checklist("r1", tables)["feedback_asked"] is asked


def test_feedback_draft_plus_sent_counts():
    tables = {
        "feedback_requests": [{"rejection_id": "r1", "status": "draft"}, {"rejection_id": "r1", "status": "sent"}]
    }
    assert debrief.checklist("r1", tables)["feedback_asked"] is True


@pytest.mark.parametrize("sent_on,thanked", [(None, False), ("", False), ("2026-03-20", True)])
def test_thanked_only_with_sent_on(sent_on, thanked):
    tables = {"thank_you_notes": [{"rejection_id": "r1", "recipient": "Dana", "sent_on": sent_on}]}
    assert debrief.checklist("r1", tables)["thanked"] is thanked


def test_unsent_thank_you_without_field():
    assert debrief.checklist("r1", {"thank_you_notes": [{"rejection_id": "r1"}]})["thanked"] is False


def test_each_rejection_is_on_its_own():
    tables = {
        "checkins": [{"rejection_id": "r2"}, {"rejection_id": None}],
        "reflections": [{"rejection_id": "r2"}],
        "feedback_requests": [{"rejection_id": "r2", "status": "sent"}],
        "thank_you_notes": [{"rejection_id": "r2", "sent_on": "2026-03-20"}],
        "reframes": [{"rejection_id": "r2"}, {}],
        "actions": [{"rejection_id": "r2"}, {"title": "unlinked"}],
    }
    assert debrief.checklist("r1", tables) == {s: s == "logged" for s in ALL_STEPS}
    assert all(debrief.checklist("r2", tables).values())


def test_partial_counts():
    tables = {"checkins": [{"rejection_id": "r1"}], "reframes": [{"rejection_id": "r1"}]}
    done = debrief.checklist("r1", tables)
    assert sum(done.values()) == 3
    assert debrief.open_steps("r1", tables) == ["reflected", "feedback_asked", "thanked", "next_step"]


# --- the four stages ------------------------------------------------------------------------


def test_four_stages():
    assert [(s.number, s.name) for s in debrief.STAGES] == [
        (1, "Understand"),
        (2, "Reflect"),
        (3, "Reframe"),
        (4, "Next steps"),
    ]


def test_empty_journal_starts_at_understand():
    assert [started for _, started in debrief.stage_progress({})] == [False] * 4
    assert debrief.current_stage({}).name == "Understand"


def test_stage_progress_counts_any_tool():
    tables = {"rejections": [{"id": "r"}], "writings": [{"id": "w"}], "reflections": []}
    assert [started for _, started in debrief.stage_progress(tables)] == [True, False, True, False]
    # the first stage not started, even if a later one is under way
    assert debrief.current_stage(tables).name == "Reflect"


@pytest.mark.parametrize(
    "table,stage",
    [
        ("checkins", 1),
        ("thank_you_notes", 2),
        ("feedback_requests", 2),
        ("contacts", 3),
        ("support_log", 3),
        ("wins", 4),
        ("plans", 4),
        ("skills", 4),
    ],
)
def test_which_stage_a_table_belongs_to(table, stage):
    started = [s.number for s, on in debrief.stage_progress({table: [{"id": "x"}]}) if on]
    assert started == [stage]


def test_all_started_stays_on_last():
    tables = {"rejections": [1], "reflections": [1], "reframes": [1], "activities": [1]}
    assert all(on for _, on in debrief.stage_progress(tables))
    assert debrief.current_stage(tables).number == 4
