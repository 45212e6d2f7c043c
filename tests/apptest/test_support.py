"""Support page in AppTest: people, conversations, leads, who to talk to, reach-out drafts."""

from __future__ import annotations

import datetime as dt

from components import forms
from rebound import clock, journal
from rebound.storage import StoreUnavailable, open_workspace
from rebound.storage.files import FileWorkspace
from tests.apptest.conftest import button, field, open_page, texts

PAGE = "pages/5_Support.py"


def ws(data_dir):
    return open_workspace("personal", data_dir)


def tab(at, label):
    """Only the open tab runs; open another one as a click on it would."""
    at.session_state["support_tab"] = label
    at.run()
    assert not at.exception, at.exception
    return at


def add_contact(data_dir, name="Priya Shah", last=None, **extra):
    return journal.save(
        ws(data_dir),
        "contacts",
        {"name": name, "relationship": "mentor", "last_contacted_on": last, **extra},
        clock.today(),
    )


def days_ago(n):
    return (clock.today() - dt.timedelta(days=n)).isoformat()


def open_person(at, cid: str):
    """Open a person's expander in the People list (it draws its contents only when open)."""
    at.session_state[f"person_{cid}"] = True
    return at.run()


def test_empty_states(personal):
    at = open_page(PAGE)
    assert "Add the people who help you below" in texts(at)
    assert "Add a person on the People tab first, then log" in texts(tab(at, "Conversations"))
    assert "Add a person on the People tab first." in texts(tab(at, "Reach out"))


def test_person_create_validate_duplicate_edit_delete(personal):
    at = open_page(PAGE)
    field(at.text_input, "ppl__name").set_value("<b>Sam</b> **Lee**")
    field(at.text_input, "ppl__email").set_value("not an email")
    button(at, "Save person").click().run()
    page = texts(at)
    assert "Please choose how you know them" in page
    assert "does not look like an email address" in page
    assert ws(personal).all("contacts") == []
    field(at.selectbox, "ppl__relationship").set_value("mentor")
    field(at.text_input, "ppl__email").set_value("sam@example.com")
    button(at, "Save person").click().run()
    assert "Good to have them in your corner" in texts(at)
    (sam,) = ws(personal).all("contacts")
    assert sam["name"] == "<b>Sam</b> **Lee**"
    assert any("\\<b\\>Sam\\</b\\> \\*\\*Lee\\*\\*" in e.label for e in at.expander)
    # the same name again: a warning, and it is saved
    field(at.text_input, "ppl__name").set_value("<b>sam</b>  **lee**")
    field(at.selectbox, "ppl__relationship").set_value("friend")
    button(at, "Save person").click().run()
    assert "more than one person called" in texts(at)
    assert len(ws(personal).all("contacts")) == 2
    # edit the mentor (people are listed by name; an expander draws its Edit once it is open)
    open_person(at, sam["id"])
    button(at, "Edit").click().run()
    assert field(at.text_input, "ppl__name").value == "<b>Sam</b> **Lee**"
    field(at.text_input, "ppl__organization").set_value("Initech")
    button(at, "Save changes").click().run()
    assert ws(personal).get("contacts", sam["id"])["organization"] == "Initech"


def test_delete_person_names_and_removes_conversations(personal):
    cid = add_contact(personal)
    store = ws(personal)
    journal.save(store, "support_log", {"contact_id": cid, "date": days_ago(1)}, clock.today())
    at = open_page(PAGE)
    assert "Delete" not in [b.label for b in at.button]  # a closed person draws nothing inside
    open_person(at, cid)
    button(at, "Delete").click().run()
    assert "This also deletes 1 conversation" in texts(at)
    button(at, "Yes, delete").click().run()
    assert ws(personal).all("contacts") == [] and ws(personal).all("support_log") == []


def test_who_have_i_not_talked_to(personal):
    add_contact(personal, "Recent Rita", last=days_ago(2))
    add_contact(personal, "Old Omar", last=days_ago(90))
    add_contact(personal, "New Nia")
    at = open_page(PAGE)
    lines = [m.value for m in at.markdown if m.value.startswith((":orange[", ":green["))]
    assert [line.split("**")[1] for line in lines] == ["New Nia", "Old Omar", "Recent Rita"]
    assert "schedule" in lines[1] and "90 days ago" in lines[1]
    assert "check_circle" in lines[2] and "2 days ago" in lines[2]
    assert "2 of 3 people you have not talked to in 30 days or more" in texts(at)
    at.number_input(key="sup_threshold").set_value(100).run()
    assert "1 of 3 people" in texts(at)


def test_conversation_themes_leads_and_last_contact(personal):
    cid = add_contact(personal, last=days_ago(40))
    at = tab(open_page(PAGE), "Conversations")
    field(at.selectbox, "talk__contact_id").set_value(cid)
    field(at.date_input, "talk__date").set_value(clock.today() - dt.timedelta(days=3))
    field(at.text_area, "talk__takeaways").set_value("Tell shorter stories.")
    field(at.multiselect, "talk__themes").set_value(["communication", "Nerves on video calls"])
    field(at.text_area, "talk__leads").set_value("- Acme is hiring analysts\n- Meet Jo at Initech")
    button(at, "Save conversation").click().run()
    (log,) = ws(personal).all("support_log")
    assert log["themes"] == ["communication", "Nerves on video calls"]
    assert ws(personal).get("contacts", cid)["last_contacted_on"] == days_ago(3)
    assert "Communication, Nerves on video calls" in texts(at)
    button(at, "Make it a next step").click().run()
    (action,) = ws(personal).all("actions")
    assert action["title"] == "Follow up a lead from Priya Shah: Acme is hiring analysts"
    assert (action["source"], action["kind"]) == ("support", "lead")
    assert "In your next steps" in texts(at)
    assert [b.label for b in at.button].count("Make it a next step") == 1


def test_conversation_for_a_deleted_person_is_refused(personal):
    cid = add_contact(personal)
    add_contact(personal, "Someone Else")
    at = tab(open_page(PAGE), "Conversations")
    field(at.selectbox, "talk__contact_id").set_value(cid)
    field(at.text_area, "talk__takeaways").set_value("kept")
    journal.delete(ws(personal), "contacts", cid)  # deleted in another tab meanwhile
    button(at, "Save conversation").click().run()
    assert "That person no longer exists" in texts(at)
    assert ws(personal).all("support_log") == []


def test_bad_theme_refused_and_text_capped(personal):
    cid = add_contact(personal)
    at = tab(open_page(PAGE), "Conversations")
    field(at.selectbox, "talk__contact_id").set_value(cid)
    field(at.multiselect, "talk__themes").set_value(["<script>"])
    button(at, "Save conversation").click().run()
    assert "characters Rebound cannot keep" in texts(at)
    field(at.multiselect, "talk__themes").set_value([])
    field(at.text_area, "talk__leads").set_value("x" * 6210)  # no max_chars: a long paste arrives whole
    assert ws(personal).all("support_log") == []
    button(at, "Save conversation").click().run()
    assert "This is too long: 6,210 of 5,000 characters. Please shorten it." in texts(at)
    assert ws(personal).all("support_log") == []
    assert field(at.text_area, "talk__leads").value == "x" * 6210  # kept, to shorten
    field(at.text_area, "talk__leads").set_value("x" * 5000)
    button(at, "Save conversation").click().run()
    (log,) = ws(personal).all("support_log")
    assert len(log["leads"]) == 5000


def test_reach_out_draft_and_i_sent_it(personal):
    cid = add_contact(personal, "Priya Shah", last=days_ago(60), email="priya@example.com")
    at = tab(open_page(PAGE), "Reach out")
    at.text_input(key="ro_my_name").set_value("Alex").run()
    at.selectbox(key="ro_purpose").set_value("reach_out_thanks")
    at.text_input(key="ro_specific").set_value("my CV").run()
    body = at.text_area(key="ro_body").value
    assert body.startswith("Hi Priya,") and "with my CV" in body and body.rstrip().endswith("Alex")
    assert "{" not in body
    (link,) = at.get("link_button")
    assert link.proto.url.startswith("mailto:priya@example.com?subject=")
    button(at, "I sent it").click().run()
    assert ws(personal).get("contacts", cid)["last_contacted_on"] == clock.today().isoformat()
    (log,) = ws(personal).all("support_log")
    assert log["kind"] == "message"
    assert "Their last contact is updated" in texts(at)


# --- the one form mechanism on Support ------------------------------------------------------------


def test_no_contact_yet_reads_plainly(personal):
    add_contact(personal, "New Nia")
    line = next(m.value for m in open_page(PAGE).markdown if "New Nia" in m.value)
    assert line.endswith("— no contact logged yet")
    assert "last contact no contact" not in line


def test_after_adding_a_person_the_form_is_fresh_and_own_relationship_kept(personal):
    at = open_page(PAGE)
    field(at.text_input, "ppl__name").set_value("Ana")
    field(at.selectbox, "ppl__relationship").set_value("peer")
    field(at.text_area, "ppl__notes").set_value("Knows hiring at Initech")
    field(at.date_input, "ppl__last_contacted_on").set_value(clock.today() - dt.timedelta(days=4))
    button(at, "Save person").click().run()
    (ana,) = ws(personal).all("contacts")
    assert (ana["relationship"], ana["notes"], ana["last_contacted_on"]) == (
        "peer",
        "Knows hiring at Initech",
        days_ago(4),
    )
    assert field(at.text_input, "ppl__name").value == ""
    assert field(at.selectbox, "ppl__relationship").value is None
    assert field(at.text_area, "ppl__notes").value == ""
    assert field(at.date_input, "ppl__last_contacted_on").value is None  # never a silent today
    # a relationship in the person's own words (typed; AppTest cannot type a new option) shows when editing
    own = add_contact(personal, "Ben", relationship="book club friend")
    open_person(at, own)
    at.button(key=f"edit_ppl_{own}").click().run()
    assert field(at.selectbox, "ppl__relationship").value == "book club friend"
    button(at, "Save changes").click().run()
    assert ws(personal).get("contacts", own)["relationship"] == "book club friend"


def test_a_future_last_contact_gets_words_and_saves_nothing(personal):
    at = open_page(PAGE)
    field(at.text_input, "ppl__name").set_value("Ana")
    field(at.selectbox, "ppl__relationship").set_value("peer")
    field(at.date_input, "ppl__last_contacted_on").set_value(clock.today() + dt.timedelta(days=30))
    button(at, "Save person").click().run()
    assert "This date is in the future. Pick today or an earlier day." in texts(at)
    assert ws(personal).all("contacts") == []
    assert field(at.text_input, "ppl__name").value == "Ana"


def test_conversation_form_is_fresh_after_a_save(personal):
    cid = add_contact(personal)
    at = tab(open_page(PAGE), "Conversations")
    field(at.selectbox, "talk__contact_id").set_value(cid)
    field(at.selectbox, "talk__kind").set_value("advice")
    field(at.text_area, "talk__takeaways").set_value("first")
    field(at.text_area, "talk__leads").set_value("Acme")
    button(at, "Save conversation").click().run()
    (log,) = ws(personal).all("support_log")
    assert log["kind"] == "advice"
    assert field(at.selectbox, "talk__contact_id").value is None
    assert field(at.selectbox, "talk__kind").value is None
    assert field(at.text_area, "talk__takeaways").value == ""
    assert field(at.text_area, "talk__leads").value == ""
    assert field(at.date_input, "talk__date").value == clock.today()
    assert "Conversation saved." in [s.value for s in at.success]


def test_conversation_changed_in_another_tab_is_refused(personal):
    cid = add_contact(personal)
    store = ws(personal)
    lid = journal.save(store, "support_log", {"contact_id": cid, "date": days_ago(2), "takeaways": "a"}, clock.today())
    at = tab(open_page(PAGE), "Conversations")
    at.button(key=f"edit_talk_{lid}").click().run()
    journal.save(
        store, "support_log", {**store.get("support_log", lid), "takeaways": "other tab"}, clock.today(), rid=lid
    )
    field(at.text_area, "talk__takeaways").set_value("this tab")
    button(at, "Save changes").click().run()
    assert not at.exception
    assert [w.value for w in at.warning][0].startswith(forms.CHANGED)
    assert "**Takeaways:** other tab" in texts(at)
    assert store.get("support_log", lid)["takeaways"] == "other tab"
    assert field(at.text_area, "talk__takeaways").value == "this tab"
    button(at, "Save changes").click().run()  # having seen it
    assert store.get("support_log", lid)["takeaways"] == "this tab"


def test_person_deleted_in_another_tab_while_editing_says_so(personal):
    cid = add_contact(personal)
    at = open_page(PAGE)
    open_person(at, cid)
    at.button(key=f"edit_ppl_{cid}").click().run()
    journal.delete(ws(personal), "contacts", cid)
    field(at.text_area, "ppl__notes").set_value("kept text")
    button(at, "Save changes").click().run()
    assert not at.exception
    assert forms.GONE in [w.value for w in at.warning]
    assert field(at.text_area, "ppl__notes").value == "kept text"
    assert ws(personal).all("contacts") == []


def test_store_down_keeps_the_person(personal, monkeypatch):
    at = open_page(PAGE)
    field(at.text_input, "ppl__name").set_value("Ana")
    field(at.selectbox, "ppl__relationship").set_value("peer")
    field(at.text_area, "ppl__notes").set_value("careful notes")

    def down(*args, **kwargs):
        raise StoreUnavailable("database unreachable")

    monkeypatch.setattr(FileWorkspace, "add", down)
    button(at, "Save person").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [forms.UNAVAILABLE]
    assert field(at.text_area, "ppl__notes").value == "careful notes"
    monkeypatch.undo()
    button(at, "Save person").click().run()
    assert [c["notes"] for c in ws(personal).all("contacts")] == ["careful notes"]


def test_a_second_click_on_the_emptied_form_keeps_saved_and_shows_no_error(personal):
    """The inner loop of tests/e2e/test_first_days.py: one more Save right after a save is quiet (55ed2bc
    showed "Please fill this in." and "Please choose how you know them" beside "Saved" here)."""
    at = open_page(PAGE)
    field(at.text_input, "ppl__name").set_value("Ana")
    field(at.selectbox, "ppl__relationship").set_value("peer")
    button(at, "Save person").click().run()
    button(at, "Save person").click().run()  # nothing typed since the save
    assert [s.value for s in at.success] == ["Saved. Good to have them in your corner."]
    assert "Please fill this in." not in texts(at) and "Please choose how you know them" not in texts(at)
    assert len(ws(personal).all("contacts")) == 1
    # Drawn again for something else (any other rerun): an empty save is a real one again.
    at.run()
    button(at, "Save person").click().run()
    assert "Please fill this in." in texts(at) and not at.success
