"""Every form that adds a record on Support, Next steps and Grow, in a real browser.

The same checks as tests/e2e/test_forms.py (which covers Understand and the pages before it),
one page load per form: fill it and save, and the fields are empty again; the journal gained
exactly one record; a double click, and Enter then a click, add one each; a paste over the
cap shows "too long: N of CAP characters" and keeps the text; where the page lists records in
expanders, an edit shows the saved values and keeps those it did not change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from rebound import clock, journal
from rebound.storage import open_workspace
from tests.e2e.helpers import (
    after,
    assert_no_serious_a11y,
    choose,
    click_button,
    fill_text,
    goto,
    unique,
    wait_for_app,
)


@dataclass
class Case:
    id: str
    path: str
    table: str
    save: str  # the add button
    saved: str  # the start of the message after an add
    fill: Callable  # fill(page, tag): fill the form so it saves, with ``tag`` in the ``tagged`` field
    tagged: tuple[str, str]  # (record field, its label) holding the tag
    long: tuple[str, int]  # (label of a text field, its cap)
    empty: tuple[str, ...]  # labels of text fields that are empty after an add
    enter: str | None = None  # a one-line text field where Enter submits the form
    tab: str | None = None  # the tab the form is on (only the open tab runs)
    seed: Callable | None = None  # seed(ws): records the form needs (a person to talk to, a skill)
    edit_key: str | None = None  # the Edit button's key prefix in an expander, "<prefix><record id>"
    edit: tuple[str, str] | None = None  # (record field, label) changed in the edit
    kept: tuple[str, ...] = ()  # record fields an edit must not change
    axe: bool = False  # run axe-core on the page once the form has saved (one case per page)


def _today() -> dt.date:
    return clock.today()  # the server computes the same day; only used to seed records


def seed_person(ws) -> None:
    if not any(c["name"] == "Priya Shah" for c in ws.all("contacts")):
        journal.save(ws, "contacts", {"name": "Priya Shah", "relationship": "mentor"}, _today())


def seed_skill(ws) -> None:
    if not ws.all("skills"):
        journal.save(ws, "skills", {"name": "Negotiation", "level": 2, "target_level": 4}, _today())


def fill_person(page, tag):
    fill_text(page, "Name", tag)
    choose(page, "Relationship", "mentor")
    fill_text(page, "Organisation (optional)", "Initech")
    fill_text(page, "Notes (optional)", "Met at a meetup")


def fill_conversation(page, tag):
    choose(page, "Who", "Priya Shah · mentor")
    fill_text(page, "Takeaways (optional)", tag)
    fill_text(page, "Leads (optional, one per line)", "Acme is hiring")


def fill_activity(page, tag):
    choose(page, "Kind", "Applications")
    fill_text(page, "Note (optional)", tag)


def fill_win(page, tag):
    fill_text(page, "Your win", tag)


def fill_connection(page, tag):
    fill_text(page, "Company", tag)
    fill_text(page, "Contact there (optional)", "Ana")
    fill_text(page, "Notes (optional)", "Good process")


def fill_review(page, tag):
    fill_text(page, "What is working?", tag)
    fill_text(page, "What is not working?", "Job boards")
    fill_text(page, "One change for next month", "Two referrals a week")


def fill_plan(page, tag):
    fill_text(page, "If… (the moment)", tag)
    fill_text(page, "…then I will", "send two applications")


def fill_action(page, tag):
    fill_text(page, "Next step", tag)


def fill_skill(page, tag):
    fill_text(page, "Skill", tag)
    fill_text(page, "Your plan (optional)", "An evening course")


def fill_practice(page, tag):
    fill_text(page, "What you did (optional)", tag)


def fill_story(page, tag):
    fill_text(page, "A short title", tag)
    fill_text(page, "Situation", "The report was late")
    fill_text(page, "Action", "I split the work")
    fill_text(page, "Result", "Shipped in five days")


CASES = [
    Case(
        id="person",
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
        edit=("organization", "Organisation (optional)"),
        kept=("name", "relationship", "notes"),
    ),
    Case(
        id="conversation",
        path="/Support",
        tab="Conversations",
        seed=seed_person,
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
        seed=seed_skill,
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


def store(server):
    return open_workspace("personal", server.data_dir)


def records(server, case: Case) -> list[dict]:
    return store(server).all(case.table)


def tagged(server, case: Case, tag: str) -> list[dict]:
    return [r for r in records(server, case) if r.get(case.tagged[0]) == tag]


def save_button(page, case: Case):
    return page.get_by_role("button", name=case.save, exact=True)


def open_form(page, server, case: Case) -> None:
    goto(page, server.url(case.path))
    if case.tab:
        after(page, lambda: page.get_by_role("tab", name=case.tab, exact=True).click())


def assert_empty(page, case: Case) -> None:
    for label in case.empty:
        expect(page.get_by_label(label, exact=True)).to_have_value("")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_form_adds_once_and_starts_fresh(page, server_personal, case):
    if case.seed:
        case.seed(store(server_personal))
    open_form(page, server_personal, case)
    before = len(records(server_personal, case))

    # 1. fill, save: one record, and the form is empty for the next one
    tag = unique("Form")
    case.fill(page, tag)
    click_button(page, case.save)
    expect(page.get_by_text(case.saved).first).to_be_visible()
    assert_empty(page, case)
    assert len(tagged(server_personal, case, tag)) == 1
    assert len(records(server_personal, case)) == before + 1
    if case.axe:
        assert_no_serious_a11y(page, f"on {case.path} after saving a {case.id}")

    # 2. a double click adds one
    tag2 = unique("Double")
    case.fill(page, tag2)
    after(page, lambda: save_button(page, case).dblclick())
    wait_for_app(page)
    assert len(tagged(server_personal, case, tag2)) == 1
    assert len(records(server_personal, case)) == before + 2

    # 3. Enter in a one-line field (submits the form), then a click at once: one
    tag3 = unique("Enter")
    case.fill(page, tag3)
    if case.enter:
        box = page.get_by_label(case.enter, exact=True)

        def enter_then_click():
            box.press("Enter")
            save_button(page, case).click()

        after(page, enter_then_click)
    else:  # only text areas, where Enter is a new line: two clicks 30 ms apart
        after(page, lambda: save_button(page, case).click(click_count=2, delay=30))
    wait_for_app(page)
    assert len(tagged(server_personal, case, tag3)) == 1
    assert len(records(server_personal, case)) == before + 3

    # 4. a paste over the cap: the words, the text kept, nothing saved
    label, cap = case.long
    case.fill(page, unique("Long"))
    long_text = "x" * (cap + 1210)
    area = page.get_by_label(label, exact=True)
    area.fill("")
    area.focus()
    page.keyboard.insert_text(long_text)  # what a paste does
    area.blur()
    click_button(page, case.save)
    expect(page.get_by_text(f"too long: {cap + 1210:,} of {cap:,} characters").first).to_be_visible()
    expect(page.get_by_label(label, exact=True)).to_have_value(long_text)
    assert len(records(server_personal, case)) == before + 3

    if not case.edit_key:
        return
    # 5. an edit opens with the saved values and keeps those it does not change
    [rec] = tagged(server_personal, case, tag)
    page.reload(wait_until="domcontentloaded")  # leave the failed form behind
    wait_for_app(page)
    if case.tab:
        after(page, lambda: page.get_by_role("tab", name=case.tab, exact=True).click())
    key = f".st-key-{case.edit_key}{rec['id']}"
    entry = page.locator("[data-testid='stExpander']").filter(has=page.locator(key))
    after(page, entry.locator("summary").click)
    after(page, page.locator(f"{key} button").click)
    field_name, field_label = case.edit
    expect(page.get_by_label(field_label, exact=True)).to_have_value(str(rec[field_name]))
    edited = unique("Edited")
    fill_text(page, field_label, edited)
    click_button(page, "Save changes")
    expect(page.get_by_text("Changes saved.").first).to_be_visible()
    saved = store(server_personal).get(case.table, rec["id"])
    assert saved[field_name] == edited
    assert {k: saved[k] for k in case.kept} == {k: rec[k] for k in case.kept}
    assert len(records(server_personal, case)) == before + 3
    assert_empty(page, case)  # the form is closed: back to a fresh add
    expect(save_button(page, case)).to_be_visible()
