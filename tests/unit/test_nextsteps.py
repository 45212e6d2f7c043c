"""Next steps helpers: goals, plan reviews by week, due stay-connected dates, actions, review rhythm."""

from __future__ import annotations

import datetime as dt

import pytest

from rebound import journal, nextsteps
from rebound.due import due_items
from rebound.models import Invalid
from rebound.storage import open_workspace

D = dt.date
TODAY = D(2026, 3, 11)  # a Wednesday; its week starts Monday 9 March


@pytest.fixture
def ws(data_dir):
    return open_workspace("personal", data_dir)


def test_goals_from_form_and_sentence():
    goals = nextsteps.goals_from_form({"application": 3, "networking": None, "learning": 1, "rest": 5})
    assert goals == {
        "application": 3,
        "networking": 0,
        "interview_practice": 0,
        "learning": 1,
        "materials": 0,
        "follow_up": 0,
    }
    assert nextsteps.goals_sentence(goals) == "Each week: 3 applications, 1 learning session."
    assert nextsteps.goals_sentence({}) == "No weekly goals yet."


def test_review_weeks_are_mondays_this_week_first():
    assert nextsteps.review_weeks(TODAY) == [D(2026, 3, 9), D(2026, 3, 2)]
    # across the ISO year boundary: Sunday 3 Jan 2027 is still in 2026-W53
    assert nextsteps.review_weeks(D(2027, 1, 3)) == [D(2026, 12, 28), D(2026, 12, 21)]
    assert nextsteps.week_phrase(D(2026, 3, 2), TODAY) == "Last week (from Monday 2 Mar)"


def test_plan_review_is_one_per_plan_and_week(ws):
    plan = journal.save(ws, "plans", {"cue": "Monday 9:00", "action": "send two applications"}, TODAY)
    first = nextsteps.save_plan_review(ws, plan, D(2026, 3, 2), True, None, TODAY)
    again = nextsteps.save_plan_review(ws, plan, D(2026, 3, 2), False, "busy week", TODAY)
    assert first == again and len(ws.all("plan_reviews")) == 1
    assert ws.get("plan_reviews", first)["kept"] is False
    nextsteps.save_plan_review(ws, plan, D(2026, 3, 9), True, None, TODAY)
    record = nextsteps.plan_record(ws.all("plan_reviews"), plan, TODAY)
    assert (record.kept, record.missed) == (1, 1)
    assert record.sentence() == "Kept in 1 of 2 reviewed weeks."
    with pytest.raises(Invalid) as exc:
        nextsteps.save_plan_review(ws, plan, D(2026, 3, 16), True, None, TODAY)
    assert "week_start" in exc.value.errors
    with pytest.raises(Invalid) as exc:
        nextsteps.save_plan_review(ws, plan, D(2026, 3, 9), None, None, TODAY)
    assert "kept" in exc.value.errors
    with pytest.raises(Invalid):  # a plan that does not exist
        nextsteps.save_plan_review(ws, "nope", D(2026, 3, 9), True, None, TODAY)


def test_plan_record_counts_only_recent_weeks():
    reviews = [
        {"plan_id": "p", "week_start": "2026-01-12", "kept": True},  # 9 weeks before this week: too old
        {"plan_id": "p", "week_start": "2026-01-19", "kept": True},  # 7 weeks before: in
        {"plan_id": "q", "week_start": "2026-03-09", "kept": False},  # another plan
    ]
    assert nextsteps.plan_record(reviews, "p", TODAY) == nextsteps.PlanRecord(kept=1, missed=0)


def test_due_connections_overdue_today_soon_and_reapply():
    conns = [
        {"id": "a", "company": "Acme", "next_check_on": "2026-03-01"},  # 10 days overdue
        {"id": "b", "company": "blue", "next_check_on": "2026-03-11", "reapply_after": "2026-03-20"},
        {"id": "c", "company": "Cold", "next_check_on": "2026-04-30"},  # beyond 14 days
        {"id": "d", "company": "Done", "reapply_after": "2026-01-01"},  # reached long ago
        {"id": "e", "company": "Eve"},
    ]
    due = nextsteps.due_connections(conns, TODAY)
    assert [(d.connection_id, d.what, d.days) for d in due] == [
        ("a", "check", -10),
        ("b", "check", 0),
        ("b", "reapply", 9),
    ]
    assert due[0].phrase == "Check-in was due 10 days ago (1 Mar 2026)"
    assert due[1].phrase == "Check in today"
    assert due[2].phrase == "You can apply again from 20 Mar 2026"


def test_touch_sets_last_touch_and_next_check():
    data = nextsteps.touch({"id": "x", "company": "Acme", "done": ["followed"]}, TODAY, 30)
    assert data == {
        "company": "Acme",
        "done": ["followed"],
        "last_touch_on": "2026-03-11",
        "next_check_on": "2026-04-10",
    }
    with pytest.raises(Invalid) as exc:
        nextsteps.check_connection_dates({"last_touch_on": "2026-03-10", "next_check_on": "2026-03-01"})
    assert "next_check_on" in exc.value.errors


def test_split_actions_orders_open_by_due_date():
    actions = [
        {"id": "1", "title": "undated", "created_at": "2026-03-01"},
        {"id": "2", "title": "later", "due_on": "2026-03-20"},
        {"id": "3", "title": "soon", "due_on": "2026-03-12"},
        {"id": "4", "title": "finished", "done": True, "updated_at": "2026-03-05"},
    ]
    open_, done = nextsteps.split_actions(actions)
    assert [a["id"] for a in open_] == ["3", "2", "1"]
    assert [a["id"] for a in done] == ["4"]
    note = nextsteps.action_note(
        {"due_on": "2026-03-10", "source": "support", "rejection_id": "r"}, TODAY, {"r": "Acme · Analyst"}
    )
    assert note == "was due 10 Mar 2026 · from a conversation (Support) · for Acme · Analyst"


def test_toggle_done_and_home_due_list(ws):
    rid = journal.save(ws, "actions", {"title": "Email Ana", "due_on": "2026-03-11"}, TODAY)
    journal.save(ws, "connections", {"company": "Acme", "next_check_on": "2026-03-10"}, TODAY)
    tables = {"actions": ws.all("actions"), "connections": ws.all("connections")}
    assert [i.text for i in due_items(tables, TODAY)] == ["Check in on Acme", "Next step: Email Ana"]
    nextsteps.toggle_done(ws, ws.get("actions", rid), TODAY)
    assert ws.get("actions", rid)["done"] is True
    assert [i.text for i in due_items({"actions": ws.all("actions")}, TODAY)] == []


def test_review_due_every_four_weeks():
    assert nextsteps.review_due([], TODAY)[0] is True
    assert nextsteps.review_due([{"date": "2026-02-20"}], TODAY) == (
        False,
        "Your last review was 19 days ago (20 Feb 2026).",
    )
    due, why = nextsteps.review_due([{"date": "2026-01-01"}, {"date": "2026-02-11"}], TODAY)
    assert due and "28 days ago" in why


def test_save_action_edit_keeps_what_the_form_does_not_ask(ws):
    rid = journal.save(ws, "actions", {"title": "Call Ben", "source": "support", "kind": "lead", "done": True}, TODAY)
    opened = ws.get("actions", rid)["updated_at"]
    nextsteps.save_action(ws, {"title": "Call Ben today", "due_on": None}, TODAY, rid=rid, expected_updated_at=opened)
    saved = ws.get("actions", rid)
    assert (saved["title"], saved["source"], saved["kind"], saved["done"]) == (
        "Call Ben today",
        "support",
        "lead",
        True,
    )
    new = nextsteps.save_action(ws, {"title": "Write to Ana"}, TODAY)
    assert (ws.get("actions", new)["done"], ws.get("actions", new)["source"]) == (False, None)


def test_save_action_refuses_a_record_changed_since_it_was_opened(ws):
    from rebound.storage import RecordChanged

    rid = journal.save(ws, "actions", {"title": "Call Ben"}, TODAY)
    opened = ws.get("actions", rid)["updated_at"]
    journal.save(ws, "actions", {"title": "Call Ben (other tab)"}, TODAY, rid=rid)
    with pytest.raises(RecordChanged):
        nextsteps.save_action(ws, {"title": "mine"}, TODAY, rid=rid, expected_updated_at=opened)
    assert ws.get("actions", rid)["title"] == "Call Ben (other tab)"
