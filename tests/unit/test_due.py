"""rebound.due: what is due today, oldest first."""

from __future__ import annotations

import datetime as dt

from rebound.due import DueItem, due_items

TODAY = dt.date(2026, 3, 31)


def test_nothing_due_in_an_empty_journal():
    assert due_items({}, TODAY) == []


def test_actions_due_today_or_earlier_and_not_done():
    tables = {
        "actions": [
            {"title": "Update CV", "due_on": "2026-03-31"},
            {"title": "Overdue mock", "due_on": "2026-03-20"},
            {"title": "Later", "due_on": "2026-04-01"},
            {"title": "Done already", "due_on": "2026-03-01", "done": True},
            {"title": "No date"},
            {"title": "Blank date", "due_on": None},
        ]
    }
    assert due_items(tables, TODAY) == [
        DueItem("2026-03-20", "Next step: Overdue mock", "pages/6_Next_steps.py"),
        DueItem("2026-03-31", "Next step: Update CV", "pages/6_Next_steps.py"),
    ]


def test_feedback_follow_ups_only_while_waiting():
    tables = {
        "feedback_requests": [
            {"status": "sent", "follow_up_on": "2026-03-30", "contact_name": "Dana"},
            {"status": "sent", "follow_up_on": "2026-03-31"},  # no name: "the company"
            {"status": "sent", "follow_up_on": "2026-04-02", "contact_name": "Later"},
            {"status": "received", "follow_up_on": "2026-03-01", "contact_name": "Got it"},
            {"status": "draft", "follow_up_on": "2026-03-01", "contact_name": "Not sent"},
            {"status": "sent", "contact_name": "No date"},
        ]
    }
    assert [(i.when, i.text) for i in due_items(tables, TODAY)] == [
        ("2026-03-30", "Follow up on your feedback request to Dana"),
        ("2026-03-31", "Follow up on your feedback request to the company"),
    ]
    assert {i.page for i in due_items(tables, TODAY)} == {"pages/3_Follow_up.py"}


def test_connections_to_check_on():
    tables = {
        "connections": [
            {"company": "Acme", "next_check_on": "2026-03-15"},
            {"company": "Beta", "next_check_on": "2026-05-01"},
            {"company": "Gamma"},
        ]
    }
    assert due_items(tables, TODAY) == [DueItem("2026-03-15", "Check in on Acme", "pages/6_Next_steps.py")]


def test_mixed_items_sorted_oldest_first():
    tables = {
        "actions": [{"title": "A", "due_on": "2026-03-29"}],
        "feedback_requests": [{"status": "sent", "follow_up_on": "2026-03-10", "contact_name": "F"}],
        "connections": [{"company": "C", "next_check_on": "2026-03-20"}],
    }
    assert [i.when for i in due_items(tables, TODAY)] == ["2026-03-10", "2026-03-20", "2026-03-29"]
    assert [i.text[:5] for i in due_items(tables, TODAY)] == ["Follo", "Check", "Next "]


def test_today_moves_the_line():
    tables = {"actions": [{"title": "A", "due_on": "2026-04-01"}]}
    assert due_items(tables, TODAY) == []
    assert len(due_items(tables, TODAY + dt.timedelta(days=1))) == 1


def test_user_text_is_kept_raw_for_escaping_later():
    tables = {"actions": [{"title": "[x](http://e)", "due_on": "2026-03-01"}]}
    assert due_items(tables, TODAY)[0].text == "Next step: [x](http://e)"
