"""Every form that adds a record, in a real browser: what AppTest cannot see.

For each form, on one page load: fill it and save, and the fields are empty again; the
journal gained exactly one record; a double click, and Enter then a click, add one each; a
paste over the cap shows "too long: N of CAP characters" and keeps the text; an edit shows
the saved values and keeps those it did not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import expect

from rebound.store import open_workspace
from tests.e2e.helpers import after, choose, click_button, fill_text, goto, unique, wait_for_app


@dataclass
class Case:
    id: str
    path: str
    table: str
    save: str  # the add button
    saved: str  # the start of the message after an add
    fill: Callable  # fill(page, tag): fill the form so it saves, with ``tag`` in the ``tagged`` field
    tagged: tuple[str, str]  # (record field, its label) holding the tag
    long: tuple[str, int]  # (label of a text area, its cap)
    edit_key: str  # the Edit button's key prefix, "<prefix><record id>"
    edit: tuple[str, str]  # (record field, label) changed in the edit
    kept: tuple[str, ...] = ()  # record fields an edit must not change
    empty: tuple[str, ...] = field(default=())  # labels of text fields that are empty after an add
    setup: Callable | None = None  # setup(workspace): records the form needs (e.g. a rejection to reflect on)


def fill_rejection(page, tag: str) -> None:
    fill_text(page, "Company", tag)
    fill_text(page, "Role", "Analyst")
    choose(page, "How far did you get?", "Interview")
    fill_text(page, "Where you found it (optional)", "a friend")
    fill_text(page, "Notes (optional)", "Panel of three")


def fill_checkin(page, tag: str) -> None:
    fill_text(page, "Anything else on your mind? (optional)", tag)


def fill_reflection(page, tag: str) -> None:
    fill_text(page, "What went well?", tag)
    fill_text(page, "What would you do differently?", "Shorter intro")


def a_rejection(ws) -> None:
    if not ws.all("rejections"):
        ws.add("rejections", {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": "2026-01-05"})


CASES = [
    Case(
        id="rejection",
        path="/Understand",
        table="rejections",
        save="Save rejection",
        saved="Saved. That took courage.",
        fill=fill_rejection,
        tagged=("company", "Company"),
        long=("Notes (optional)", 5000),
        edit_key="edit_rej_",
        edit=("role", "Role"),
        kept=("company", "stage", "source", "notes", "rejected_on"),
        empty=("Company", "Role", "Where you found it (optional)", "Notes (optional)"),
    ),
    Case(
        id="checkin",
        path="/Understand",
        table="checkins",
        save="Save check-in",
        saved="Check-in saved.",
        fill=fill_checkin,
        tagged=("note", "Anything else on your mind? (optional)"),
        long=("Anything else on your mind? (optional)", 5000),
        edit_key="edit_chk_",
        edit=("note", "Anything else on your mind? (optional)"),
        kept=("date", "mood", "confidence"),
        empty=("Anything else on your mind? (optional)",),
    ),
    Case(
        id="reflection",
        path="/Reflect",
        table="reflections",
        save="Save reflection",
        saved="Reflection saved.",
        fill=fill_reflection,
        tagged=("went_well", "What went well?"),
        long=("The lesson to keep (optional)", 5000),
        edit_key="edit_refl_",
        edit=("to_improve", "What would you do differently?"),
        kept=("went_well", "rejection_id"),
        empty=("What went well?", "What would you do differently?", "The lesson to keep (optional)"),
        setup=a_rejection,
    ),
]


def records(server, case: Case) -> list[dict]:
    return open_workspace("personal", server.data_dir).all(case.table)


def tagged(server, case: Case, tag: str) -> list[dict]:
    return [r for r in records(server, case) if r.get(case.tagged[0]) == tag]


def save_button(page, case: Case):
    return page.get_by_role("button", name=case.save, exact=True)


def assert_empty(page, case: Case) -> None:
    for label in case.empty:
        expect(page.get_by_label(label, exact=True)).to_have_value("")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_form_adds_once_and_starts_fresh(page, server_personal, case):
    if case.setup:
        case.setup(open_workspace("personal", server_personal.data_dir))
    goto(page, server_personal.url(case.path))
    before = len(records(server_personal, case))

    # 1. fill, save: one record, and the form is empty for the next one
    tag = unique("Form")
    case.fill(page, tag)
    click_button(page, case.save)
    expect(page.get_by_text(case.saved).first).to_be_visible()
    assert_empty(page, case)
    assert len(tagged(server_personal, case, tag)) == 1
    assert len(records(server_personal, case)) == before + 1

    # 2. a double click adds one
    tag2 = unique("Double")
    case.fill(page, tag2)
    after(page, lambda: save_button(page, case).dblclick())
    wait_for_app(page)
    assert len(tagged(server_personal, case, tag2)) == 1
    assert len(records(server_personal, case)) == before + 2

    # 3. Enter in a field (submits the form), then a click at once: one
    tag3 = unique("Enter")
    case.fill(page, tag3)
    text_fields = [
        label for label in case.empty if page.get_by_label(label, exact=True).evaluate("e => e.tagName") == "INPUT"
    ]
    if text_fields:  # Enter in a text area is a new line, not a submit
        box = page.get_by_label(text_fields[0], exact=True)

        def enter_then_click():
            box.press("Enter")
            save_button(page, case).click()

        after(page, enter_then_click)
    else:
        after(page, lambda: save_button(page, case).click(click_count=2, delay=30))
    wait_for_app(page)
    assert len(tagged(server_personal, case, tag3)) == 1
    assert len(records(server_personal, case)) == before + 3

    # 4. a paste over the cap: the words, the text kept, nothing saved
    label, cap = case.long
    tag4 = unique("Long")
    case.fill(page, tag4)
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

    # 5. an edit opens with the saved values and keeps those it does not change
    [rec] = tagged(server_personal, case, tag)
    page.reload(wait_until="domcontentloaded")  # leave the failed form behind
    wait_for_app(page)
    key = f".st-key-{case.edit_key}{rec['id']}"
    entry = page.locator("[data-testid='stExpander']").filter(has=page.locator(key))
    after(page, entry.locator("summary").click)
    click_edit = page.locator(f"{key} button")
    after(page, click_edit.click)
    field_name, field_label = case.edit
    expect(page.get_by_label(field_label, exact=True)).to_have_value(str(rec[field_name]))
    edited = unique("Edited")
    fill_text(page, field_label, edited)
    click_button(page, "Save changes")
    expect(page.get_by_text("Changes saved.").first).to_be_visible()
    saved = open_workspace("personal", server_personal.data_dir).get(case.table, rec["id"])
    assert saved[field_name] == edited
    assert {k: saved[k] for k in case.kept} == {k: rec[k] for k in case.kept}
    assert len(records(server_personal, case)) == before + 3
    assert_empty(page, case)  # the form is closed: back to a fresh add
    expect(save_button(page, case)).to_be_visible()
