"""AppTest: Follow up — feedback requests and thank-you notes: draft, save, track, edit, delete, validate."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

from components.follow_up import EMPTY_DRAFT
from rebound import clock, debrief, journal
from rebound.storage import open_workspace
from tests.apptest.conftest import button, field, figure, open_page, texts

PAGE = "pages/3_Follow_up.py"


def today() -> dt.date:
    return clock.today()


def iso(days_ago: int = 0) -> str:
    return (today() - dt.timedelta(days=days_ago)).isoformat()


def store(data_dir):
    return open_workspace("personal", data_dir)


def add_rejection(data_dir, company="Acme", role="Data Engineer", days_ago=1, stage="final") -> str:
    data = {"company": company, "role": role, "stage": stage, "rejected_on": iso(days_ago)}
    return journal.save(store(data_dir), "rejections", data, today())


def add_request(data_dir, rejection_id, **changes) -> str:
    data = {"rejection_id": rejection_id, "status": "draft", "contact_name": "Sam", **changes}
    return journal.save(store(data_dir), "feedback_requests", data, today())


def errors(at) -> set[str]:
    return {m.value for m in at.markdown if m.value.startswith(":red[")}


def mail_links(at) -> list[str]:
    return [el.proto.url for el in at.get("link_button")]


def only(table_records):
    assert len(table_records) == 1, table_records
    return table_records[0]


# --- empty state ---------------------------------------------------------------------------------
def test_empty_journal(personal):
    at = open_page(PAGE)
    assert "Follow-ups start from a rejection you have logged" in " ".join(i.value for i in at.info)
    [link] = [p for p in at.get("page_link") if p.proto.label == "Log a rejection"]
    assert link.proto.page.endswith("Understand")
    assert not at.text_area


# --- drafting ---------------------------------------------------------------------------------------
def test_draft_is_personalised_and_follows_the_choices(personal):
    add_rejection(personal)
    at = open_page(PAGE)
    assert "No rejection" not in texts(at)
    body = field(at.text_area, "fb__body").value
    assert body.startswith("Hi there,") and "the final round" in body and "{" not in body
    field(at.text_input, "fb__contact_name").set_value("Sam Lee").run()
    field(at.text_input, "fb__specific").set_value("the pipeline design exercise").run()
    body = field(at.text_area, "fb__body").value
    assert body.startswith("Hi Sam Lee,") and "I especially enjoyed the pipeline design exercise." in body
    field(at.radio, "fb__tone").set_value("formal").run()
    field(at.radio, "fb__length").set_value("detailed").run()
    assert field(at.text_input, "fb__subject").value == "Request for feedback on my application: Data Engineer, Acme"
    assert field(at.text_area, "fb__body").value.startswith("Hello Sam Lee,")
    # the thank-you composer drafts from the same rejection
    assert "Data Engineer" in field(at.text_area, "ty__body").value


def test_edited_draft_is_not_overwritten(personal):
    add_rejection(personal)
    at = open_page(PAGE)
    field(at.text_area, "fb__body").set_value("My own words.").run()
    field(at.radio, "fb__tone").set_value("formal").run()
    assert field(at.text_area, "fb__body").value == "My own words."
    at.button(key="fb_regen").click().run()
    assert field(at.text_area, "fb__body").value.startswith("Hello there,")
    assert not [b for b in at.button if b.key == "fb_regen"]


def test_mailto_link_is_encoded_and_safe(personal):
    add_rejection(personal)
    at = open_page(PAGE)
    field(at.text_input, "fb__contact_email").set_value("sam@acme.com").run()
    link = mail_links(at)[0]
    split = urlsplit(link)
    assert unquote(split.path) == "sam@acme.com"
    query = parse_qs(split.query)
    assert query["body"] == [field(at.text_area, "fb__body").value]
    assert set(query) == {"subject", "body"}
    # an address that tries to add headers is left out, and still nothing else gets in
    field(at.text_input, "fb__contact_email").set_value("sam@acme.com\nBcc: evil@x.com").run()
    split = urlsplit(mail_links(at)[0])
    assert split.path == "" and set(parse_qs(split.query)) == {"subject", "body"}


# --- saving and tracking ----------------------------------------------------------------------------
def test_save_as_sent_fills_dates_and_lights_up_the_checklist(personal):
    rid = add_rejection(personal)
    at = open_page(PAGE)
    field(at.text_input, "fb__contact_name").set_value("Sam").run()
    field(at.selectbox, "fb__status").set_value("sent").run()
    assert field(at.date_input, "fb__requested_on").value == today()
    assert field(at.date_input, "fb__follow_up_on").value == today() + dt.timedelta(days=7)
    at.button(key="fb_save").click().run()
    assert [s.value for s in at.success] == ["Saved. Asking for feedback takes courage. Well done."]
    rec = only(store(personal).all("feedback_requests"))
    assert (rec["status"], rec["contact_name"], rec["requested_on"]) == ("sent", "Sam", iso(0))
    assert rec["template_id"] == "feedback_warm_short" and rec["body"].startswith("Hi Sam,")
    tables = {t: store(personal).all(t) for t in ("reflections", "feedback_requests", "thank_you_notes")}
    done = debrief.checklist(rid, tables)
    assert done["feedback_asked"] and not done["thanked"] and not done["reflected"]
    # the form is fresh again
    assert field(at.selectbox, "fb__status").value == "draft"
    assert field(at.text_input, "fb__contact_name").value in ("", None)


def test_a_draft_does_not_count_as_asked_until_marked_sent(personal):
    rid = add_rejection(personal)
    add_request(personal, rid)
    at = open_page(PAGE)
    tables = lambda: {"feedback_requests": store(personal).all("feedback_requests")}  # noqa: E731
    assert not debrief.checklist(rid, tables())["feedback_asked"]
    button(at, "Mark as sent today").click().run()
    rec = only(store(personal).all("feedback_requests"))
    assert (rec["status"], rec["requested_on"], rec["follow_up_on"]) == (
        "sent",
        iso(0),
        (today() + dt.timedelta(days=7)).isoformat(),
    )
    assert debrief.checklist(rid, tables())["feedback_asked"]


def test_validation_paths_save_nothing(personal):
    add_rejection(personal)
    at = open_page(PAGE)
    field(at.selectbox, "fb__status").set_value("sent").run()
    field(at.date_input, "fb__requested_on").set_value(None)
    field(at.text_input, "fb__contact_email").set_value("not an email")
    at.button(key="fb_save").click().run()
    errs = errors(at)
    assert ":red[:material/error: Add the day you sent it, so Rebound can remind you to follow up.]" in errs
    assert ":red[:material/error: This does not look like one email address (like name@example.com).]" in errs
    # follow-up before the sent date
    field(at.text_input, "fb__contact_email").set_value("sam@acme.com")
    field(at.date_input, "fb__requested_on").set_value(today() - dt.timedelta(days=3))
    field(at.date_input, "fb__follow_up_on").set_value(today() - dt.timedelta(days=5))
    at.button(key="fb_save").click().run()
    assert errors(at) == {":red[:material/error: The follow-up date is before the day you sent it.]"}
    # received without the feedback itself, and a theme with markup
    field(at.selectbox, "fb__status").set_value("received").run()
    field(at.date_input, "fb__follow_up_on").set_value(None)
    field(at.multiselect, "fb__themes").set_value(["<img src=x onerror=alert(1)>"])
    at.button(key="fb_save").click().run()
    errs = errors(at)
    assert ":red[:material/error: Write down what they told you, even a line or two.]" in errs
    assert any("letters, numbers, spaces" in e for e in errs)
    assert store(personal).all("feedback_requests") == []
    assert field(at.text_input, "fb__contact_email").value == "sam@acme.com"  # nothing typed is lost


def test_log_received_feedback_with_themes_feeds_the_patterns(personal):
    rid = add_rejection(personal)
    add_request(personal, rid, status="sent", requested_on=iso(3), follow_up_on=iso(-4))
    at = open_page(PAGE)
    button(at, "Log their feedback").click().run()
    assert field(at.selectbox, "fb__status").value == "received"
    assert field(at.date_input, "fb__received_on").value == today()
    field(at.text_area, "fb__feedback_text").set_value("Strong on SQL, less so on system design.")
    field(at.multiselect, "fb__themes").set_value(["system_design", "SQL depth"])
    button(at, "Save changes").click().run()
    assert [s.value for s in at.success] == ["Changes saved."]
    rec = only(store(personal).all("feedback_requests"))
    assert rec["status"] == "received" and rec["themes"] == ["system_design", "SQL depth"]
    assert rec["received_on"] == iso(0) and rec["requested_on"] == iso(3)
    at.switch_page("pages/2_Reflect.py").run()
    themes = next(figure(el) for el in at.get("plotly_chart") if el.proto.id.endswith("-themes_chart"))
    [trace] = themes["data"]
    assert trace["name"] == "Feedback received"
    assert sorted(zip(trace["y"], trace["x"], strict=True)) == [("SQL depth", 1), ("System design", 1)]


def test_nudge_when_follow_up_date_has_passed(personal):
    rid = add_rejection(personal, days_ago=20)
    req = add_request(personal, rid, status="sent", requested_on=iso(14), follow_up_on=iso(7), contact_email="s@a.co")
    at = open_page(PAGE)
    assert "A gentle nudge" in [h.value for h in at.header]
    assert any(link.startswith("mailto:s@a.co?subject=Following%20up") for link in mail_links(at))
    at.button(key=f"snooze_{req}").click().run()
    assert store(personal).get("feedback_requests", req)["follow_up_on"] == (today() + dt.timedelta(days=7)).isoformat()
    assert "A gentle nudge" not in [h.value for h in at.header]
    store(personal).update("feedback_requests", req, {"follow_up_on": iso(1)})
    at.run()
    at.button(key=f"noreply_{req}").click().run()
    assert store(personal).get("feedback_requests", req)["status"] == "no_reply"
    assert [s.value for s in at.success] == ["Marked as no reply. You did your part."]


def test_edit_and_delete_a_feedback_request(personal):
    rid = add_rejection(personal)
    req = add_request(personal, rid, subject="Old subject", body="Old body", template_id="feedback_formal_short")
    at = open_page(PAGE)
    at.button(key=f"edit_fb_{req}").click().run()
    assert field(at.text_area, "fb__body").value == "Old body"
    assert field(at.radio, "fb__tone").value == "formal"
    field(at.radio, "fb__length").set_value("detailed").run()
    assert field(at.text_area, "fb__body").value == "Old body"  # saved words are never overwritten
    field(at.text_input, "fb__contact_name").set_value("Sam Lee")
    button(at, "Save changes").click().run()
    rec = only(store(personal).all("feedback_requests"))
    assert rec["id"] == req and rec["contact_name"] == "Sam Lee" and rec["body"] == "Old body"
    button(at, "Delete").click().run()
    assert any("Delete the feedback request to Sam Lee?" in w.value for w in at.warning)
    button(at, "Yes, delete").click().run()
    assert store(personal).all("feedback_requests") == []


def test_after_a_save_name_email_and_body_are_all_fresh(personal):
    add_rejection(personal)
    at = open_page(PAGE)
    fresh_body = field(at.text_area, "fb__body").value
    field(at.text_input, "fb__contact_name").set_value("Sam Lee").run()
    field(at.text_input, "fb__contact_email").set_value("sam@acme.com").run()
    field(at.text_area, "fb__body").set_value("My own careful words.").run()
    at.button(key="fb_save").click().run()
    assert only(store(personal).all("feedback_requests"))["body"] == "My own careful words."
    assert field(at.text_input, "fb__contact_name").value in ("", None)
    assert field(at.text_input, "fb__contact_email").value in ("", None)
    assert field(at.text_area, "fb__body").value == fresh_body  # the template's draft, not "Hi there," alone


def test_an_untouched_draft_is_not_saved(personal):
    add_rejection(personal)
    at = open_page(PAGE)
    at.button(key="fb_save").click().run()
    assert not at.exception
    assert errors(at) == {f":red[:material/error: {EMPTY_DRAFT}]"}
    assert store(personal).all("feedback_requests") == []
    # a name is enough to keep it
    field(at.text_input, "fb__contact_name").set_value("Sam").run()
    at.button(key="fb_save").click().run()
    assert only(store(personal).all("feedback_requests"))["contact_name"] == "Sam"


def test_edit_of_a_request_changed_in_another_tab_is_refused(personal):
    rid = add_rejection(personal)
    ws = store(personal)
    req = journal.save(
        ws, "feedback_requests", {"rejection_id": rid, "status": "draft", "contact_name": "Sam", "body": "v1"}, today()
    )
    at = open_page(PAGE)
    at.button(key=f"edit_fb_{req}").click().run()
    journal.save(
        ws, "feedback_requests", {**ws.get("feedback_requests", req), "body": "v2 from tab two"}, today(), rid=req
    )
    field(at.text_area, "fb__body").set_value("v3 typed here").run()
    at.button(key="fb_save").click().run()
    assert any(w.value.startswith("This changed in another tab") for w in at.warning)
    shown = [m.value for m in at.markdown if m.value.startswith("**Your request")]
    assert shown == ["**Your request \\(edit freely\\):** v2 from tab two"]  # what is saved now, as plain text
    assert ws.get("feedback_requests", req)["body"] == "v2 from tab two"
    assert field(at.text_area, "fb__body").value == "v3 typed here"


# --- thank-you notes ------------------------------------------------------------------------------
def test_thank_you_note_needs_a_recipient_then_lights_up_thanked(personal):
    rid = add_rejection(personal)
    at = open_page(PAGE)
    at.button(key="ty_save").click().run()
    assert ":red[:material/error: Please fill this in.]" in errors(at)
    assert store(personal).all("thank_you_notes") == []
    field(at.text_input, "ty__recipient").set_value("Priya").run()
    assert field(at.text_area, "ty__body").value.startswith("Hi Priya,")
    field(at.text_input, "ty__contact_email").set_value("priya@")
    at.button(key="ty_save").click().run()
    assert errors(at) == {":red[:material/error: This does not look like one email address (like name@example.com).]"}
    field(at.text_input, "ty__contact_email").set_value("")
    at.button(key="ty_save").click().run()
    note = only(store(personal).all("thank_you_notes"))
    assert note["recipient"] == "Priya" and note["sent_on"] is None
    assert not debrief.checklist(rid, {"thank_you_notes": [note]})["thanked"]
    at.button(key=f"sent_ty_{note['id']}").click().run()
    note = only(store(personal).all("thank_you_notes"))
    assert note["sent_on"] == iso(0)
    assert debrief.checklist(rid, {"thank_you_notes": [note]})["thanked"]


def test_edit_and_delete_a_thank_you_note(personal):
    rid = add_rejection(personal)
    nid = journal.save(
        store(personal), "thank_you_notes", {"rejection_id": rid, "recipient": "Priya", "body": "Thanks!"}, today()
    )
    at = open_page(PAGE)
    at.button(key=f"edit_ty_{nid}").click().run()
    assert field(at.text_input, "ty__recipient").value == "Priya"
    field(at.text_input, "ty__recipient").set_value("Priya K")
    at.button(key="ty_save").click().run()
    assert only(store(personal).all("thank_you_notes"))["recipient"] == "Priya K"
    at.button(key=f"del_thank_you_notes_{nid}").click().run()
    at.button(key=f"yes_thank_you_notes_{nid}").click().run()
    assert store(personal).all("thank_you_notes") == []


# --- the whole debrief on Home, and arriving from a rejection ------------------------------------------
def test_home_checklist_lights_up_reflected_asked_thanked(personal):
    rid = add_rejection(personal)
    ws = store(personal)
    journal.save(ws, "reflections", {"rejection_id": rid, "went_well": "a", "to_improve": "b"}, today())
    add_request(personal, rid, status="sent", requested_on=iso(0))
    journal.save(ws, "thank_you_notes", {"rejection_id": rid, "recipient": "P", "sent_on": iso(0)}, today())
    at = open_page()
    body = texts(at)
    for text in ("Reflected on it", "Asked for feedback", "Sent a thank-you"):
        assert f":green[:material/check_circle:] {text}" in body


def test_focus_rejection_and_switching(personal):
    old = add_rejection(personal, company="Oldco", days_ago=30)
    add_rejection(personal, company="Newco", days_ago=1)
    at = open_page()
    at.session_state["_focus_rejection"] = old
    at.switch_page(PAGE).run()
    assert at.selectbox(key="fu_pick").value == old
    field(at.text_input, "ty__recipient").set_value("Ann").run()
    field(at.radio, "ty__length").set_value("detailed").run()
    assert "Oldco" in field(at.text_area, "ty__body").value
