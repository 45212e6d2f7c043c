"""AppTest: Home — welcome, the four-stage map, what is due, the debrief checklists."""

from __future__ import annotations

import datetime as dt

from rebound import access, clock, i18n, journal
from rebound.storage import open_workspace
from rebound.text import WJ
from tests.apptest.conftest import open_page, texts

STEP_TEXTS = [
    "Logged it",
    "Checked in with how you feel",
    "Reflected on it",
    "Asked for feedback",
    "Sent a thank-you",
    "Reframed it",
    "Set a next step",
]


def today() -> dt.date:
    return clock.today()


def shown(days_ago: int = 0) -> str:
    """A day as Home shows it (the locale's format)."""
    return i18n.format_date(today() - dt.timedelta(days=days_ago))


def iso(days_ago: int = 0) -> str:
    return (today() - dt.timedelta(days=days_ago)).isoformat()


def store(data_dir, key="personal"):
    return open_workspace(key, data_dir)


def add_rejection(ws, company="Acme", role="Analyst", days_ago=1) -> str:
    data = {"company": company, "role": role, "stage": "final", "rejected_on": iso(days_ago)}
    return journal.save(ws, "rejections", data, today())


def stage_cards(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**") and " · " in m.value.split("\n")[0]]


def test_empty_state_welcomes_and_links_to_understand(personal):
    at = open_page()
    assert "Welcome. You are in the right place." in [h.value for h in at.header]
    [link] = [p for p in at.get("page_link") if p.proto.label == "Log your first rejection"]
    assert link.proto.page.endswith("Understand")
    assert link.proto.query_string == ""  # personal mode: no token to carry
    assert "Debrief each rejection" not in [h.value for h in at.header]
    assert "Due today" not in [h.value for h in at.header]


def test_four_stage_map_on_an_empty_journal(personal):
    at = open_page()
    cards = stage_cards(at)
    assert [c.split("  \n")[0] for c in cards] == [
        "**1 · Understand**",
        "**2 · Reflect**",
        "**3 · Reframe**",
        "**4 · Next steps**",
    ]
    assert cards[0].endswith(":gray[← start here]")
    assert all(c.endswith(":gray[not yet]") for c in cards[1:])


def test_stage_map_follows_the_journal(personal):
    ws = store(personal)
    rid = add_rejection(ws)
    journal.save(ws, "reflections", {"rejection_id": rid, "went_well": "a", "to_improve": "b"}, today())
    at = open_page()
    marks = [c.rsplit(":gray[", 1)[1] for c in stage_cards(at)]
    assert marks == ["✓ under way]", "✓ under way]", "← start here]", "not yet]"]


def test_debrief_checklist_counts_and_steps(personal):
    ws = store(personal)
    rid = add_rejection(ws)
    journal.save(ws, "checkins", {"date": iso(), "mood": 4, "confidence": 5, "rejection_id": rid}, today())
    # a draft request does not count as asked; an unsent thank-you does not count as thanked
    journal.save(ws, "feedback_requests", {"rejection_id": rid, "status": "draft"}, today())
    journal.save(ws, "thank_you_notes", {"rejection_id": rid, "recipient": "Dana"}, today())
    at = open_page()
    assert "Welcome. You are in the right place." not in [s.value for s in at.subheader]
    assert "Debrief each rejection" in [h.value for h in at.header]
    [exp] = [e for e in at.expander if e.label.startswith("Acme · Analyst")]
    assert exp.label == "Acme · Analyst — Final round · 2 of 7 steps"
    done = [m.value for m in exp.markdown if ":material/check_circle:" in m.value]
    assert done == [
        ":green[:material/check_circle:] Logged it",
        ":green[:material/check_circle:] Checked in with how you feel",
    ]
    # every open step is shown, as a link (page exists) or marked coming soon
    open_labels = [b.label for b in exp.button]
    coming = [m.value for m in exp.markdown if "coming soon" in m.value]
    for step in STEP_TEXTS[2:]:
        assert step in open_labels or any(step in c for c in coming), step
    assert len(open_labels) + len(coming) == 5


def test_debrief_counts_per_rejection(personal):
    ws = store(personal)
    older = add_rejection(ws, company="Old Co", days_ago=10)
    newer = add_rejection(ws, company="New Co", days_ago=1)
    journal.save(ws, "checkins", {"date": iso(), "mood": 4, "confidence": 5, "rejection_id": older}, today())
    journal.save(ws, "reflections", {"rejection_id": older, "went_well": "a", "to_improve": "b"}, today())
    journal.save(ws, "feedback_requests", {"rejection_id": older, "status": "sent"}, today())
    journal.save(ws, "actions", {"title": "Ask Ana for a mock interview", "rejection_id": newer}, today())
    at = open_page()
    labels = [e.label for e in at.expander if " steps" in e.label]
    # newest first; each rejection counts only its own steps
    assert labels == ["New Co · Analyst — Final round · 2 of 7 steps", "Old Co · Analyst — Final round · 4 of 7 steps"]


def test_due_action_appears_under_due_today(personal):
    ws = store(personal)
    journal.save(ws, "actions", {"title": "Send the portfolio to Dana", "due_on": iso()}, today())
    journal.save(ws, "actions", {"title": "Overdue step", "due_on": iso(3)}, today())
    journal.save(ws, "actions", {"title": "Not yet", "due_on": (today() + dt.timedelta(days=2)).isoformat()}, today())
    journal.save(ws, "actions", {"title": "Done step", "due_on": iso(1), "done": True}, today())
    at = open_page()
    assert "Due today" in [h.value for h in at.header]
    due = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert due == [
        rf"- Next step\: Overdue step :gray[(due {shown(3)})]",
        rf"- Next step\: Send the portfolio to Dana :gray[(due {shown()})]",
    ]


def test_due_text_is_escaped(personal):
    ws = store(personal)
    journal.save(ws, "actions", {"title": "[click](http://e) <b>now</b>", "due_on": iso()}, today())
    at = open_page()
    [line] = [m.value.replace(WJ, "") for m in at.markdown if m.value.startswith("- ")]  # WJ: no autolink
    assert line.startswith(r"- Next step\: \[click\]\(http\://e\) \<b\>now\</b\>")


def test_nothing_due_means_no_due_section(personal):
    ws = store(personal)
    journal.save(ws, "actions", {"title": "Later", "due_on": (today() + dt.timedelta(days=1)).isoformat()}, today())
    at = open_page()
    assert "Due today" not in [h.value for h in at.header]


def test_latest_win_is_escaped(personal):
    ws = store(personal)
    journal.save(ws, "wins", {"date": iso(2), "text": "older win"}, today())
    journal.save(ws, "wins", {"date": iso(), "text": "Got a **call back**"}, today())
    at = open_page()
    assert [s.value for s in at.success] == [rf"Your latest win ({shown()}): Got a \*\*call back\*\*"]


def test_shared_mode_links_carry_the_token(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    token = access.new_token()
    ws = store(data_dir, access.link_key(token))
    add_rejection(ws, company="Linked Co")
    at = open_page(w=token)
    assert any(e.label.startswith("Linked Co") for e in at.expander)
    links = at.get("page_link")
    assert links
    assert all(p.proto.query_string == f"w={token}" for p in links), [p.proto.query_string for p in links]
    assert "Linked Co" in texts(at)


def test_an_open_step_opens_its_page_on_that_rejection(personal):
    ws = store(personal)
    add_rejection(ws, company="Old Co", days_ago=10)
    newer = add_rejection(ws, company="New Co", days_ago=1)
    older_id = next(r["id"] for r in ws.all("rejections") if r["id"] != newer)
    at = open_page()
    [exp] = [e for e in at.expander if e.label.startswith("Old Co")]
    [step] = [b for b in exp.button if b.label == "Reflected on it"]
    step.click().run()
    assert not at.exception
    assert at.session_state["_focus_rejection"] == older_id
    assert [t.value for t in at.title] == ["Reflect on what happened"]
    assert at.selectbox(key="reflect_pick").value == older_id


def test_a_long_due_list_shows_the_oldest_eight_and_counts_the_rest(personal):
    ws = store(personal)
    for i in range(12):
        due = (today() - dt.timedelta(days=i)).isoformat()
        journal.save(ws, "actions", {"title": f"Step {i:02d}", "due_on": due}, today())
    at = open_page()
    due_lines = [m.value for m in at.markdown if m.value.startswith("- Next step")]
    assert len(due_lines) == 8
    assert "Step 11" in due_lines[0]  # the oldest first
    assert "And 4 more." in texts(at)
