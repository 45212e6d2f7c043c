"""Every form that adds a record on Support, Next steps and Grow, in a real browser.

The same checks as tests/e2e/test_forms.py (which covers Understand and the pages before it),
one page load per form: fill it and save, and the fields are empty again; the journal gained
exactly one record; where the page lists records in expanders, an edit shows the saved values
and keeps those it did not change. The double click, Enter then a click, and the paste over the
cap run for the person form here (``whole_walk``) and for one form of each kind in test_forms.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rebound import clock, journal
from tests.e2e.form_cases import Case, adds_once_and_starts_fresh
from tests.e2e.helpers import choose, fill_text


def _today() -> dt.date:
    return clock.today()  # the server computes the same day; only used to seed records


def seed_person(ws) -> None:
    if not any(c["name"] == "Priya Shah" for c in ws.all("contacts")):
        journal.save(ws, "contacts", {"name": "Priya Shah", "relationship": "mentor"}, _today())


def seed_skill(ws) -> None:
    if not ws.all("skills"):
        journal.save(ws, "skills", {"name": "Negotiation", "level": 2, "target_level": 4}, _today())


def fill_person(page, root, tag):
    fill_text(page, "Name", tag)
    choose(page, "Relationship", "mentor")
    fill_text(page, "Organisation (optional)", "Initech")
    fill_text(page, "Notes (optional)", "Met at a meetup")


def fill_conversation(page, root, tag):
    choose(page, "Who", "Priya Shah · mentor")
    fill_text(page, "Takeaways (optional)", tag)
    fill_text(page, "Leads (optional, one per line)", "Acme is hiring")


def fill_activity(page, root, tag):
    choose(page, "Kind", "Applications")
    fill_text(page, "Note (optional)", tag)


def fill_win(page, root, tag):
    fill_text(page, "Your win", tag)


def fill_connection(page, root, tag):
    fill_text(page, "Company", tag)
    fill_text(page, "Contact there (optional)", "Ana")
    fill_text(page, "Notes (optional)", "Good process")


def fill_review(page, root, tag):
    fill_text(page, "What is working?", tag)
    fill_text(page, "What is not working?", "Job boards")
    fill_text(page, "One change for next month", "Two referrals a week")


def fill_plan(page, root, tag):
    fill_text(page, "If… (the moment)", tag)
    fill_text(page, "…then I will", "send two applications")


def fill_action(page, root, tag):
    fill_text(page, "Next step", tag)


def fill_skill(page, root, tag):
    fill_text(page, "Skill", tag)
    fill_text(page, "Your plan (optional)", "An evening course")


def fill_practice(page, root, tag):
    fill_text(page, "What you did (optional)", tag)


def fill_story(page, root, tag):
    fill_text(page, "A short title", tag)
    fill_text(page, "Situation", "The report was late")
    fill_text(page, "Action", "I split the work")
    fill_text(page, "Result", "Shipped in five days")


CASES = [
    Case(
        id="person",
        whole_walk=True,  # the mechanism steps once here too: a form whose records draw lazily
        path="/Support",
        table="contacts",
        save="Save person",
        saved="Saved. Good to have them in your corner.",
        fill=fill_person,
        tagged=("name", "Name"),
        long=("Notes (optional)", 5000),
        empty=("Name", "Organisation (optional)", "Notes (optional)"),
        enter="Name",
        axe=True,
        edit_key="edit_ppl_",
        expander="person_",
        edit=("organization", "Organisation (optional)"),
        kept=("name", "relationship", "notes"),
    ),
    Case(
        id="conversation",
        path="/Support",
        tab="Conversations",
        setup=seed_person,
        table="support_log",
        save="Save conversation",
        saved="Conversation saved.",
        fill=fill_conversation,
        tagged=("takeaways", "Takeaways (optional)"),
        long=("Leads (optional, one per line)", 5000),
        empty=("Takeaways (optional)", "Leads (optional, one per line)"),
        edit_key="edit_talk_",
        edit=("takeaways", "Takeaways (optional)"),
        kept=("contact_id", "date", "leads"),
    ),
    Case(
        id="activity",
        path="/Next_steps",
        tab="This week",
        table="activities",
        save="Log it",
        saved="Logged. Every bit of effort counts.",
        fill=fill_activity,
        tagged=("note", "Note (optional)"),
        long=("Note (optional)", 5000),
        empty=("Note (optional)",),
        enter="Note (optional)",
        edit_key="edit_act_",
        edit=("note", "Note (optional)"),
        kept=("date", "kind", "count"),
    ),
    Case(
        id="plan",
        path="/Next_steps",
        tab="If-then plans",
        table="plans",
        save="Save plan",
        saved="Plan saved.",
        fill=fill_plan,
        tagged=("cue", "If… (the moment)"),
        long=("…then I will", 120),
        empty=("If… (the moment)", "…then I will"),
        enter="If… (the moment)",
    ),
    Case(
        id="action",
        path="/Next_steps",
        tab="Wins & next steps",
        table="actions",
        save="Save next step",
        saved="Next step saved.",
        fill=fill_action,
        tagged=("title", "Next step"),
        long=("Next step", 120),
        empty=("Next step",),
        enter="Next step",
        axe=True,
    ),
    Case(
        id="win",
        path="/Next_steps",
        tab="Wins & next steps",
        table="wins",
        save="Save win",
        saved="Saved. Well done.",
        fill=fill_win,
        tagged=("text", "Your win"),
        long=("Your win", 5000),
        empty=("Your win",),
        edit_key="edit_win_",
        edit=("text", "Your win"),
        kept=("date",),
    ),
    Case(
        id="connection",
        path="/Next_steps",
        tab="Stay connected",
        table="connections",
        save="Save company",
        saved="Saved. Keeping in touch is a long game.",
        fill=fill_connection,
        tagged=("company", "Company"),
        long=("Notes (optional)", 5000),
        empty=("Company", "Contact there (optional)", "Notes (optional)"),
        enter="Company",
        edit_key="edit_con_",
        edit=("contact", "Contact there (optional)"),
        kept=("company", "notes"),
    ),
    Case(
        id="review",
        path="/Next_steps",
        tab="Monthly review",
        table="reviews",
        save="Save review",
        saved="Review saved.",
        fill=fill_review,
        tagged=("working", "What is working?"),
        long=("What is not working?", 5000),
        empty=("What is working?", "What is not working?", "One change for next month"),
        edit_key="edit_rev_",
        edit=("change_next", "One change for next month"),
        kept=("date", "working", "not_working"),
    ),
    Case(
        id="skill",
        path="/Grow",
        table="skills",
        save="Save skill",
        saved="Skill saved.",
        fill=fill_skill,
        tagged=("name", "Skill"),
        long=("Your plan (optional)", 5000),
        empty=("Skill", "Your plan (optional)"),
        enter="Skill",
    ),
    Case(
        id="practice",
        path="/Grow",
        setup=seed_skill,
        table="skill_logs",
        save="Save practice",
        saved="Practice saved.",
        fill=fill_practice,
        tagged=("note", "What you did (optional)"),
        long=("What you did (optional)", 5000),
        empty=("What you did (optional)",),
    ),
    Case(
        id="story",
        path="/Grow",
        table="interview_stories",
        save="Save story",
        saved="Story saved.",
        fill=fill_story,
        tagged=("title", "A short title"),
        long=("Situation", 5000),
        empty=("A short title", "Situation", "Action", "Result"),
        enter="A short title",
        axe=True,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_form_adds_once_and_starts_fresh(page, server_personal, case):
    adds_once_and_starts_fresh(page, server_personal, case)
