"""Support network: last contact, who to talk to, conversations, leads, duplicate names, drafts."""

from __future__ import annotations

import datetime as dt

import pytest

from rebound import journal, support
from rebound.models import Invalid
from rebound.storage import open_workspace

TODAY = dt.date(2026, 3, 31)


@pytest.fixture
def ws(tmp_path):
    return open_workspace("personal", tmp_path)


def add_contact(ws, name="Sam Lee", last=None, **extra):
    return journal.save(
        ws, "contacts", {"name": name, "relationship": "mentor", "last_contacted_on": last, **extra}, TODAY
    )


def test_days_since():
    assert support.days_since("2026-03-01", TODAY) == 30
    assert support.days_since(None, TODAY) is None
    assert support.days_since("garbage", TODAY) is None


def test_who_to_contact_orders_longest_first_with_threshold():
    contacts = [
        {"id": "a", "name": "Ana", "last_contacted_on": "2026-03-30"},
        {"id": "b", "name": "Ben", "last_contacted_on": "2026-01-01"},
        {"id": "c", "name": "Cy", "last_contacted_on": None},
        {"id": "d", "name": "Di", "last_contacted_on": "2026-03-01"},
    ]
    rows = support.who_to_contact(contacts, TODAY, threshold=30)
    assert [r.contact["id"] for r in rows] == ["c", "b", "d", "a"]
    assert [r.overdue for r in rows] == [True, True, True, False]
    assert [r.text for r in rows] == ["no contact logged yet", "89 days ago", "30 days ago", "yesterday"]
    assert [r.overdue for r in support.who_to_contact(contacts, TODAY, threshold=60)] == [True, True, False, False]


def test_same_name_ignores_case_and_spacing(ws):
    rid = add_contact(ws, "Sam  Lee")
    contacts = ws.all("contacts")
    assert [c["id"] for c in support.same_name(contacts, " sam lee ")] == [rid]
    assert support.same_name(contacts, "Sam Lee", exclude_id=rid) == []
    assert support.same_name(contacts, "Samuel Lee") == []


def test_conversation_moves_last_contact_forward_only(ws):
    cid = add_contact(ws, last="2026-03-10")
    support.save_conversation(ws, {"contact_id": cid, "date": "2026-03-20"}, TODAY)
    assert ws.get("contacts", cid)["last_contacted_on"] == "2026-03-20"
    support.save_conversation(ws, {"contact_id": cid, "date": "2026-02-01"}, TODAY)
    assert ws.get("contacts", cid)["last_contacted_on"] == "2026-03-20"
    never = add_contact(ws, "Cy")
    support.save_conversation(ws, {"contact_id": never, "date": "2026-01-05"}, TODAY)
    assert ws.get("contacts", never)["last_contacted_on"] == "2026-01-05"


def test_conversation_for_a_deleted_person_saves_nothing(ws):
    cid = add_contact(ws)
    journal.delete(ws, "contacts", cid)
    with pytest.raises(Invalid) as exc:
        support.save_conversation(ws, {"contact_id": cid, "date": "2026-03-20", "takeaways": "x"}, TODAY)
    assert "no longer exists" in exc.value.errors["contact_id"]
    assert ws.all("support_log") == []


def test_bad_conversation_changes_nothing(ws):
    cid = add_contact(ws, last="2026-03-10")
    with pytest.raises(Invalid):
        support.save_conversation(ws, {"contact_id": cid, "date": "2026-04-02"}, TODAY)  # future
    assert ws.all("support_log") == []
    assert ws.get("contacts", cid)["last_contacted_on"] == "2026-03-10"


def test_deleting_a_person_deletes_their_conversations(ws):
    cid = add_contact(ws)
    support.save_conversation(ws, {"contact_id": cid, "date": "2026-03-20"}, TODAY)
    assert journal.plan_delete(ws, "contacts", cid).describe().startswith("This also deletes 1 conversation")
    journal.delete(ws, "contacts", cid)
    assert ws.all("support_log") == []


def test_split_leads():
    text = "- Acme is hiring analysts\n\n* Talk to Priya   at Initech\n1. Meetup on Friday\n   "
    assert support.split_leads(text) == ["Acme is hiring analysts", "Talk to Priya at Initech", "Meetup on Friday"]
    assert support.split_leads(None) == []


def test_lead_becomes_one_action(ws):
    rid = support.make_lead_action(ws, "Acme is hiring analysts", "Sam", TODAY)
    action = ws.get("actions", rid)
    assert action["title"] == "Follow up a lead from Sam: Acme is hiring analysts"
    assert (action["source"], action["kind"], action["done"]) == ("support", "lead", False)
    assert support.make_lead_action(ws, "Acme is hiring analysts", "Sam", TODAY) == rid
    assert len(ws.all("actions")) == 1


def test_lead_title_fits_the_cap():
    title = support.lead_title("x" * 500, "A very long name " * 10)
    assert len(title) <= 120
    assert title.startswith("Follow up a lead from A very long name")


def test_check_contact_email():
    base = {"name": "Sam", "relationship": "peer"}
    assert support.check_contact(base | {"email": "sam@example.com"}, TODAY)["email"] == "sam@example.com"
    assert support.check_contact(base | {"email": ""}, TODAY)["email"] is None
    for bad in ("sam", "sam@", "a@b.c, d@e.f", "<sam@example.com>"):
        with pytest.raises(Invalid) as exc:
            support.check_contact(base | {"email": bad}, TODAY)
        assert "email" in exc.value.errors


def test_reach_out_templates_exist_for_each_purpose():
    for purpose in support.PURPOSES:
        assert support.templates(purpose), purpose
        assert set(support.tones(purpose)) >= {"warm"}


@pytest.mark.parametrize("purpose", list(support.PURPOSES))
def test_reach_out_draft_fills_every_placeholder(purpose):
    contact = {"name": "Priya Shah", "email": "priya@example.com"}
    rejection = {"company": "Acme", "role": "Analyst", "stage": "final"}
    for template in support.templates(purpose):
        values = support.draft_values(contact, {"name": "Alex"}, rejection, "my portfolio", template["tone"])
        subject, body = support.reach_out_draft(template, values)
        assert "{" not in subject + body and "[[" not in body
        assert body.strip().endswith("Alex")
        expected = "Priya" if template["tone"] == "warm" else "Priya Shah"
        assert f" {expected}," in body.splitlines()[0]
        bare = support.reach_out_draft(template, support.draft_values(contact, None, None, None, template["tone"]))
        assert "{" not in "".join(bare) and "None" not in "".join(bare)


def test_reach_out_link_and_log(ws):
    cid = add_contact(ws, last="2026-01-01", email="sam@example.com")
    contact = ws.get("contacts", cid)
    link = support.reach_out_link(contact, "Hello & thanks", "Line one\nLine two")
    assert link.startswith("mailto:sam@example.com?subject=Hello%20%26%20thanks&body=Line%20one%0ALine%20two")
    support.log_reach_out(ws, cid, "reach_out_thanks", "Thank you", TODAY)
    assert ws.get("contacts", cid)["last_contacted_on"] == TODAY.isoformat()
    (log,) = ws.all("support_log")
    assert log["kind"] == "message" and "Thank you" in log["takeaways"]


def test_missing_fields_get_plain_messages():
    with pytest.raises(Invalid) as exc:
        support.check_contact({"name": None, "relationship": None}, TODAY)
    assert exc.value.errors == {
        "name": "Please fill this in.",
        "relationship": "Please choose how you know them, or type your own.",
    }
    with pytest.raises(Invalid) as exc:
        support.check_conversation({"contact_id": None, "date": "2026-03-01"}, TODAY)
    assert exc.value.errors == {"contact_id": "Please choose who you talked to."}


def test_very_long_conversation_text_refused():
    with pytest.raises(Invalid) as exc:
        support.check_conversation({"contact_id": "c1", "date": "2026-03-01", "takeaways": "x" * 5001}, TODAY)
    assert "5,001 of 5,000" in exc.value.errors["takeaways"]
