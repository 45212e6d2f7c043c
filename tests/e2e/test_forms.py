"""Every form that adds a record, in a real browser: what AppTest cannot see.

For each form, on one page load: fill it and save, and the fields are empty again; the
journal gained exactly one record; an edit shows the saved values and keeps those it did not
change. For one form of each kind (in an st.form, live, on a tab: ``whole_walk``) also: a double
click, and Enter then a click, add one each; a paste over the cap shows "too long: N of CAP
characters" and keeps the text.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rebound.storage import open_workspace
from tests.e2e.form_cases import Case, adds_once_and_starts_fresh, click_button_in, open_form, type_in
from tests.e2e.helpers import after, choose, unique, wait_for_app


def fill_rejection(page, root, tag: str) -> None:
    type_in(page, root, "Company", tag)
    type_in(page, root, "Role", "Analyst")
    choose(page, "How far did you get?", "Interview")
    type_in(page, root, "Where you found it (optional)", "a friend")
    type_in(page, root, "Notes (optional)", "Panel of three")


def fill_application(page, root, tag: str) -> None:
    type_in(page, root, "Company you applied to", tag)
    type_in(page, root, "Role you applied for", "Analyst")
    type_in(page, root, "Where you found the job (optional)", "a newsletter")
    type_in(page, root, "Notes on it (optional)", "Sent with a short cover letter")


def fill_checkin(page, root, tag: str) -> None:
    type_in(page, root, "Anything else on your mind? (optional)", tag)


def fill_reflection(page, root, tag: str) -> None:
    type_in(page, root, "What went well?", tag)
    type_in(page, root, "What would you do differently?", "Shorter intro")


def fill_request(page, root, tag: str) -> None:
    type_in(page, root, "Their name", tag, live=True)
    type_in(page, root, "Something specific from the process (optional)", "the pairing exercise", live=True)


def fill_note(page, root, tag: str) -> None:
    type_in(page, root, "Who is it for?", tag, live=True)
    type_in(page, root, "Their email (optional)", "priya@example.com", live=True)


def fill_thought(page, root, tag: str) -> None:
    type_in(page, root, "1 · The situation", "Heard no after the final round.")
    type_in(page, root, "2 · The thought that came up", tag)
    type_in(page, root, "How strong, 0–100, right now", "80")
    type_in(page, root, "7 · A more balanced thought", "This one hurt, and I am getting closer.")
    type_in(page, root, "9 · How strong is the feeling now, 0–100?", "30")


def fill_story(page, root, tag: str) -> None:
    type_in(page, root, "Title", tag)
    type_in(page, root, "The setback", "Laid off in March.")
    type_in(page, root, "What came after", "A better job by June.")


def mark_sent_stays_on_the_tab(page, root, server, record) -> None:
    """ "Mark as sent today" on a thank-you note keeps the "Say thank you" tab open."""
    key = f".st-key-sent_ty_{record['id']}"
    entry = root.locator("[data-testid='stExpander']").filter(has=page.locator(key))
    after(page, entry.locator("summary").click)
    after(page, page.locator(f"{key} button").click)
    expect(page.get_by_text("Marked as sent. Nicely done.")).to_be_visible()
    expect(page.get_by_role("tab", name="Say thank you", exact=True)).to_have_attribute("aria-selected", "true")
    assert open_workspace("personal", server.data_dir).get("thank_you_notes", record["id"])["sent_on"]


def a_rejection(ws) -> None:
    if not ws.all("rejections"):
        ws.add("rejections", {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": "2026-01-05"})


CASES = [
    Case(
        id="rejection",
        whole_walk=True,
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
        enter="Company",  # Enter submits when it is one line
        axe=True,
        empty=("Company", "Role", "Where you found it (optional)", "Notes (optional)"),
    ),
    Case(
        id="application",
        path="/Understand",
        table="applications",
        save="Save application",
        saved="Saved. Another one sent",
        fill=fill_application,
        tagged=("company", "Company you applied to"),
        long=("Notes on it (optional)", 5000),
        edit_key="edit_app_",
        edit=("role", "Role you applied for"),
        kept=("company", "applied_on", "source", "notes", "status"),
        empty=("Company you applied to", "Role you applied for", "Where you found the job (optional)"),
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
        enter="Anything else on your mind? (optional)",  # Enter submits when it is one line
        axe=True,
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
        enter="What went well?",  # Enter submits when it is one line
        axe=True,
        empty=("What went well?", "What would you do differently?", "The lesson to keep (optional)"),
        setup=a_rejection,
    ),
    Case(
        id="feedback_request",
        whole_walk=True,
        path="/Follow_up",
        table="feedback_requests",
        save="Save feedback request",
        saved="Saved. Asking for feedback takes courage.",
        fill=fill_request,
        tagged=("contact_name", "Their name"),
        long=("Your request (edit freely)", 20000),
        edit_key="edit_fb_",
        edit=("contact_name", "Their name"),
        kept=("body", "status", "rejection_id", "template_id"),
        enter="Their name",  # Enter submits when it is one line
        axe=True,
        empty=("Their name", "Their email (optional)", "Something specific from the process (optional)"),
        setup=a_rejection,
        tab="Ask for feedback",
        live=True,
    ),
    Case(
        id="thank_you_note",
        path="/Follow_up",
        table="thank_you_notes",
        save="Save thank-you note",
        saved="Thank-you note saved.",
        fill=fill_note,
        tagged=("recipient", "Who is it for?"),
        long=("Your note (edit freely)", 20000),
        edit_key="edit_ty_",
        edit=("recipient", "Who is it for?"),
        kept=("body", "contact_email", "rejection_id"),
        enter="Who is it for?",  # Enter submits when it is one line
        axe=True,
        empty=("Who is it for?", "Their email (optional)"),
        setup=a_rejection,
        tab="Say thank you",
        live=True,
        after_edit=mark_sent_stays_on_the_tab,
    ),
    Case(
        id="thought_record",
        whole_walk=True,
        path="/Reframe",
        table="reframes",
        save="Save thought record",
        saved="Thought record saved.",
        fill=fill_thought,
        tagged=("automatic_thought", "2 · The thought that came up"),
        long=("8 · What this opens up (optional)", 5000),
        edit_key="edit_rf_",
        edit=("balanced_thought", "7 · A more balanced thought"),
        kept=("automatic_thought", "situation", "intensity_before", "intensity_after", "date"),
        enter="How strong, 0–100, right now",  # Enter submits when it is one line
        axe=True,
        empty=(
            "How strong, 0–100, right now",
            "1 · The situation",
            "2 · The thought that came up",
            "7 · A more balanced thought",
        ),
        tab="Thought records",
    ),
    Case(
        id="own_story",
        path="/Reframe",
        table="stories",
        save="Save story",
        saved="Story saved.",
        fill=fill_story,
        tagged=("title", "Title"),
        long=("What to take from it (optional)", 5000),
        edit_key="edit_story_",
        edit=("outcome", "What came after"),
        kept=("title", "setback"),
        enter="Title",  # Enter submits when it is one line
        axe=True,
        empty=("Title", "Who (optional)", "The setback", "What came after"),
        tab="Success stories",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_form_adds_once_and_starts_fresh(page, server_personal, case):
    adds_once_and_starts_fresh(page, server_personal, case)


def test_expressive_writing_saves_once_and_keeps_a_long_text(page, server_personal):
    """The timed writing session: over the cap it says so and keeps the text; a double click saves one."""
    root = open_form(page, server_personal, "/Reframe", "Expressive writing")
    before = len(open_workspace("personal", server_personal.data_dir).all("writings"))
    click_button_in(page, root, "Start writing")
    area = root.get_by_label("Your writing", exact=True)
    long_text = "w" * 21210
    area.focus()
    page.keyboard.insert_text(long_text)
    after(page, area.blur)
    click_button_in(page, root, "Save my writing")
    expect(page.get_by_text("too long: 21,210 of 20,000 characters").first).to_be_visible()
    expect(root.get_by_label("Your writing", exact=True)).to_have_value(long_text)

    text = unique("Today I wrote")
    type_in(page, root, "Your writing", text, live=True)
    after(page, lambda: root.get_by_role("button", name="Save my writing", exact=True).dblclick())
    wait_for_app(page)
    expect(page.get_by_text("Saved to your journal.").first).to_be_visible()
    kept = [w for w in open_workspace("personal", server_personal.data_dir).all("writings") if w["text"] == text]
    assert len(kept) == 1
    assert len(open_workspace("personal", server_personal.data_dir).all("writings")) == before + 1
