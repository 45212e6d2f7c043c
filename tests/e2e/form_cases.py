"""The form-case walk shared by tests/e2e/test_forms.py and tests/e2e/test_forms_more.py.

A :class:`Case` says where a form is and how to fill it; :func:`adds_once_and_starts_fresh`
walks it on one page load: fill it and save, and the fields are empty again; the journal
gained exactly one record; where the page lists records in expanders, an edit shows the saved
values and keeps those it did not change. For one form of each kind (``whole_walk``) also: a
double click, and Enter then a click, add one each; a paste over the cap shows "too long: N of
CAP characters" and keeps the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import expect

from rebound.storage import open_workspace
from tests.e2e.helpers import after, assert_no_serious_a11y, goto, unique, wait_for_app


@dataclass
class Case:
    id: str
    path: str
    table: str
    save: str  # the add button
    saved: str  # the start of the message after an add
    fill: Callable  # fill(page, root, tag): fill the form so it saves, with ``tag`` in the ``tagged`` field
    tagged: tuple[str, str]  # (record field, its label) holding the tag
    long: tuple[str, int]  # (label of a text field, its cap)
    empty: tuple[str, ...]  # labels of text fields that are empty after an add
    enter: str | None = None  # a field to press Enter in (it submits when it is one line); None: two clicks
    tab: str | None = None  # the tab the form is on (only the open tab runs)
    setup: Callable | None = None  # setup(workspace): records the form needs (a rejection, a person, a skill)
    live: bool = False  # outside an st.form: leaving a field reruns the page
    edit_key: str | None = None  # the Edit button's key prefix in an expander, "<prefix><record id>"
    expander: str | None = None  # the key prefix of an expander that draws only when open, "<prefix><record id>"
    edit: tuple[str, str] | None = None  # (record field, label) changed in the edit
    kept: tuple[str, ...] = ()  # record fields an edit must not change
    after_edit: Callable | None = None  # after_edit(page, root, server, record): the form's own checks
    axe: bool = False  # run axe-core on the page once the form has saved
    # Steps 2-4 (double click, Enter then a click, a paste over the cap) prove the one forms mechanism
    # (components/forms.py): walked for one form of each kind (in an st.form, live, on a tab), not all 19.
    whole_walk: bool = False


def type_in(page, root, label: str, text: str, live: bool = False) -> None:
    box = root.get_by_label(label, exact=True)
    box.fill(text)
    if live:
        after(page, box.blur)
    else:
        box.blur()  # commit the value (never press Enter: inside a form it submits)


def store(server):
    return open_workspace("personal", server.data_dir)


def records(server, case: Case) -> list[dict]:
    return store(server).all(case.table)


def tagged(server, case: Case, tag: str) -> list[dict]:
    return [r for r in records(server, case) if r.get(case.tagged[0]) == tag]


def save_button(root, case: Case):
    return root.get_by_role("button", name=case.save, exact=True)


def click_button_in(page, root, name: str) -> None:
    after(page, root.get_by_role("button", name=name, exact=True).click)


def assert_empty(root, case: Case) -> None:
    for label in case.empty:
        expect(root.get_by_label(label, exact=True)).to_have_value("")


def open_form(page, server, path: str, tab: str | None = None):
    """Open the page (and the form's tab); the part of the page that holds the form."""
    goto(page, server.url(path))
    if not tab:
        return page
    after(page, page.get_by_role("tab", name=tab, exact=True).click)
    return page.locator("[data-testid='stTabs'] [role='tabpanel']:visible")


def adds_once_and_starts_fresh(page, server, case: Case) -> None:
    if case.setup:
        case.setup(store(server))
    root = open_form(page, server, case.path, case.tab)
    before = len(records(server, case))

    # 1. fill, save: one record, and the form is empty for the next one
    tag = unique("Form")
    case.fill(page, root, tag)
    click_button_in(page, root, case.save)
    expect(page.get_by_text(case.saved).first).to_be_visible()
    assert_empty(root, case)
    assert len(tagged(server, case, tag)) == 1
    assert len(records(server, case)) == before + 1
    if case.axe:
        assert_no_serious_a11y(page, f"on {case.path} after saving the {case.id} form")
    added = 1
    if case.whole_walk:
        mechanism_steps(page, server, case, root, before)
        added = 3
    if not case.edit_key:
        return
    edit_keeps_the_rest(page, server, case, tag, before + added, None if case.whole_walk else root)


def mechanism_steps(page, server, case: Case, root, before: int) -> None:
    """Steps 2-4 of the walk: a second submit adds nothing more, and an over-long paste is kept, not saved."""
    # 2. a double click adds one
    tag2 = unique("Double")
    case.fill(page, root, tag2)
    after(page, lambda: save_button(root, case).dblclick())
    wait_for_app(page)
    assert len(tagged(server, case, tag2)) == 1
    assert len(records(server, case)) == before + 2

    # 3. Enter in a one-line field (inside a form it submits), then a click at once: one
    tag3 = unique("Enter")
    case.fill(page, root, tag3)
    box = root.get_by_label(case.enter, exact=True) if case.enter else None
    if box is not None and box.evaluate("e => e.tagName") == "INPUT":

        def enter_then_click():
            box.press("Enter")
            save_button(root, case).click()

        after(page, enter_then_click)
    else:  # Enter in a text area is a new line, not a submit: two clicks 30 ms apart
        after(page, lambda: save_button(root, case).click(click_count=2, delay=30))
    wait_for_app(page)
    assert len(tagged(server, case, tag3)) == 1
    assert len(records(server, case)) == before + 3

    # 4. a paste over the cap: the words, the text kept, nothing saved
    label, cap = case.long
    case.fill(page, root, unique("Long"))
    long_text = "x" * (cap + 1210)
    area = root.get_by_label(label, exact=True)
    area.fill("")
    area.focus()
    page.keyboard.insert_text(long_text)  # what a paste does
    after(page, area.blur) if case.live else area.blur()
    click_button_in(page, root, case.save)
    expect(page.get_by_text(f"too long: {cap + 1210:,} of {cap:,} characters").first).to_be_visible()
    expect(root.get_by_label(label, exact=True)).to_have_value(long_text)
    assert len(records(server, case)) == before + 3


def edit_keeps_the_rest(page, server, case: Case, tag: str, count: int, root=None) -> None:
    """5. an edit opens with the saved values and keeps those it does not change."""
    [rec] = tagged(server, case, tag)
    if root is None:
        root = open_form(page, server, case.path, case.tab)  # a fresh visit leaves the failed form behind
    key = f".st-key-{case.edit_key}{rec['id']}"
    if case.expander:  # its Edit button is drawn once it is open
        entry = root.locator(f".st-key-{case.expander}{rec['id']}")
    else:
        entry = root.locator("[data-testid='stExpander']").filter(has=page.locator(key))
    after(page, entry.locator("summary").click)
    after(page, page.locator(f"{key} button").click)
    field_name, field_label = case.edit
    expect(root.get_by_label(field_label, exact=True)).to_have_value(str(rec[field_name]))
    edited = unique("Edited")
    type_in(page, root, field_label, edited, live=case.live)
    click_button_in(page, root, "Save changes")
    expect(page.get_by_text("Changes saved.").first).to_be_visible()
    saved = store(server).get(case.table, rec["id"])
    assert saved[field_name] == edited
    assert {k: saved[k] for k in case.kept} == {k: rec[k] for k in case.kept}
    assert len(records(server, case)) == count
    assert_empty(root, case)  # the form is closed: back to a fresh add
    expect(save_button(root, case)).to_be_visible()
    if case.after_edit:
        case.after_edit(page, root, server, saved)
