"""The first days on a new journal, in a real browser: what a discouraged person meets first.

- A second submit right after a save (a double click, Enter then a click, a second click on the
  emptied form) saves once and shows no error beside "Saved"; the success message stays.
- After a save, keyboard focus is on the emptied form's first field, not the top of the document.
- Every "choose or type" field takes the person's own words (typed, then Enter) and saves them.

Negative control: run against the code before these fixes (``git worktree add /tmp/old 55ed2bc``,
copy this file there, ``pytest tests/e2e/test_first_days.py``): the double click shows "Please
fill this in." beside "Saved", and focus is on the document's body; both tests fail there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from rebound.store import open_workspace
from tests.e2e.helpers import after, choose, goto, main_text, wait_for_app

ERRORS = ("Please fill this in.", "Please choose how you know them")


def ws(server):
    return open_workspace("personal", server.data_dir)


def focused_label(page) -> str:
    """The accessible label of the focused element ('' for the document's body)."""
    return page.evaluate("() => document.activeElement?.getAttribute('aria-label') || ''")


def type_in(root, label: str, text: str) -> None:
    box = root.get_by_label(label, exact=True)
    box.fill(text)
    box.blur()  # never Enter in a text input: inside a form it submits


def own_words(page, root, label: str, words: str) -> None:
    """Type ``words`` into a "choose or type" select or multiselect and press Enter, as a person does."""
    wait_for_app(page)
    box = root.get_by_label(label, exact=True)
    box.click()
    page.keyboard.type(words)
    expect(page.get_by_role("option", name=f"Add: {words}", exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    if page.get_by_role("listbox").count():  # a multiselect keeps its list open for the next choice
        page.keyboard.press("Escape")  # (never in a selectbox: there Escape clears the choice)
    box.blur()


def no_errors(page) -> None:
    text = main_text(page)
    for message in ERRORS:
        assert message not in text, f"{message!r} shown after a save:\n{text[:1500]}"


def open_tab(page, name: str):
    after(page, page.get_by_role("tab", name=name, exact=True).click)
    return page.locator("[data-testid='stTabs'] [role='tabpanel']:visible")


def test_a_second_submit_after_a_save_is_quiet_and_focus_stays_in_the_form(page, server_personal):
    goto(page, server_personal.url("/Support"))

    # A double click on "Save person": one person, "Saved", no error, focus on the first field.
    type_in(page, "Name", "Ann Double")
    own_words(page, page, "Relationship", "Mentor")
    after(page, lambda: page.get_by_role("button", name="Save person", exact=True).dblclick())
    wait_for_app(page)
    expect(page.get_by_text("Saved. Good to have them in your corner.")).to_be_visible()
    no_errors(page)
    people = [c for c in ws(server_personal).all("contacts") if c["name"] == "Ann Double"]
    assert [c["relationship"] for c in people] == ["Mentor"]  # typed, Enter: taken, and saved once

    # One more click on the emptied form before anything is typed: ignored, "Saved" stays.
    after(page, page.get_by_role("button", name="Save person", exact=True).click)
    expect(page.get_by_text("Saved. Good to have them in your corner.")).to_be_visible()
    no_errors(page)
    assert len(ws(server_personal).all("contacts")) == 1

    # A plain save: focus on the emptied form's first field, ready for the next person.
    type_in(page, "Name", "Bo Focus")
    choose(page, "Relationship", "peer")
    after(page, page.get_by_role("button", name="Save person", exact=True).click)
    expect(page.get_by_text("Saved. Good to have them in your corner.")).to_be_visible()
    assert focused_label(page) == "Name"

    # Enter in Role (it submits the form), then a click on Save: one rejection, no error.
    goto(page, server_personal.url("/Understand"))
    type_in(page, "Company", "Acme First")
    choose(page, "How far did you get?", "Interview")
    role = page.get_by_label("Role", exact=True)
    role.fill("Analyst")

    def enter_then_click():
        role.press("Enter")
        page.get_by_role("button", name="Save rejection", exact=True).click()

    after(page, enter_then_click)
    wait_for_app(page)
    expect(page.get_by_text("Saved. That took courage.", exact=False)).to_be_visible()
    no_errors(page)
    assert len([r for r in ws(server_personal).all("rejections") if r["company"] == "Acme First"]) == 1

    # Keyboard only: Enter in Role saves, and focus lands on the emptied form's first field.
    type_in(page, "Company", "Acme Keys")
    choose(page, "How far did you get?", "Application")
    page.get_by_label("Role", exact=True).fill("Designer")
    after(page, lambda: page.get_by_label("Role", exact=True).press("Enter"))
    expect(page.get_by_text("Saved. That took courage.", exact=False)).to_be_visible()
    no_errors(page)
    assert focused_label(page) == "Company"

    # ... and an empty submit after the page was drawn for something else is a real one again.
    goto(page, server_personal.url("/Understand"))
    after(page, page.get_by_role("button", name="Save rejection", exact=True).click)
    expect(page.get_by_text("Please fill this in.").first).to_be_visible()


@dataclass
class OwnWords:
    id: str
    path: str
    tab: str | None
    save: str
    table: str
    words: dict[str, tuple[str, str]]  # record field -> (label, the person's own words)
    fill: Callable = lambda page, root: None  # the form's other required fields
    setup: Callable | None = None


def _contact(w):
    if not any(c["name"] == "Priya" for c in w.all("contacts")):
        w.add("contacts", {"name": "Priya", "relationship": "mentor"})


def _rejection(w):
    if not w.all("rejections"):
        w.add("rejections", {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": "2026-01-05"})


OWN_WORDS = [
    OwnWords(
        "person",
        "/Support",
        "People",
        "Save person",
        "contacts",
        {"relationship": ("Relationship", "Old teacher")},
        lambda page, root: type_in(root, "Name", "Lee"),
    ),
    OwnWords(
        "conversation",
        "/Support",
        "Conversations",
        "Save conversation",
        "support_log",
        {
            "kind": ("Kind of conversation (optional)", "Walk in the park"),
            "themes": ("Themes in what they said (pick or type your own)", "Portfolio polish"),
        },
        lambda page, root: choose(page, "Who", "Priya · mentor"),
        _contact,
    ),
    OwnWords(
        "checkin",
        "/Understand",
        None,
        "Save check-in",
        "checkins",
        {"emotions": ("What are you feeling? (pick any, or type your own)", "Wobbly")},
    ),
    OwnWords(
        "reflection",
        "/Reflect",
        None,
        "Save reflection",
        "reflections",
        {"themes": ("Themes (pick from the list, or type your own and press Enter)", "Storytelling")},
        lambda page, root: (
            type_in(root, "What went well?", "Calm"),
            type_in(root, "What would you do differently?", "Slower"),
        ),
        _rejection,
    ),
    OwnWords(
        "thought_record",
        "/Reframe",
        "Thought records",
        "Save thought record",
        "reframes",
        {"emotion": ("3 · The feeling (pick or type your own)", "Deflated")},
        lambda page, root: (
            type_in(root, "1 · The situation", "No after the final round."),
            type_in(root, "2 · The thought that came up", "Never again."),
            type_in(root, "How strong, 0–100, right now", "70"),
            type_in(root, "7 · A more balanced thought", "I got far."),
            type_in(root, "9 · How strong is the feeling now, 0–100?", "40"),
        ),
    ),
    OwnWords(
        "skill",
        "/Grow",
        None,
        "Save skill",
        "skills",
        {
            "category": ("Category (optional)", "Craft"),
            "themes": ("Themes that motivated it (optional)", "Feedback on SQL"),
        },
        lambda page, root: type_in(root, "Skill", "Window functions"),
    ),
    OwnWords(
        "company",
        "/Next_steps",
        "Stay connected",
        "Save company",
        "connections",
        {"done": ("What you have done so far (pick or type your own)", "Sent a postcard")},
        lambda page, root: type_in(root, "Company", "Globex"),
    ),
]


@pytest.mark.parametrize("case", OWN_WORDS, ids=[c.id for c in OWN_WORDS])
def test_choose_or_type_takes_the_persons_own_words(page, server_personal, case):
    if case.setup:
        case.setup(ws(server_personal))
    goto(page, server_personal.url(case.path))
    root = open_tab(page, case.tab) if case.tab else page
    before = len(ws(server_personal).all(case.table))
    case.fill(page, root)
    for label, words in case.words.values():
        own_words(page, root, label, words)
    after(page, root.get_by_role("button", name=case.save, exact=True).click)
    wait_for_app(page)
    rows = ws(server_personal).all(case.table)
    assert len(rows) == before + 1, main_text(page)[:2000]
    saved = max(rows, key=lambda r: r["created_at"])
    for name, (_, words) in case.words.items():
        value = saved[name]
        got = [str(v).casefold() for v in value] if isinstance(value, list) else [str(value).casefold()]
        assert words.casefold() in got, f"{case.id}: {name} saved as {value!r}, typed {words!r}"
