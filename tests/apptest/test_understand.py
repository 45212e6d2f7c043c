"""AppTest: the Understand page — log, check in, edit, delete, messages by the field, safe text."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from components import forms
from rebound import clock, i18n, journal
from rebound.storage import StoreUnavailable, open_workspace
from rebound.storage.files import FileWorkspace
from rebound.text import WJ, md_escape
from tests.apptest.conftest import button, field, open_page, texts

PAGE = "pages/1_Understand.py"
FILL = ":red[:material/error: Please fill this in.]"
CHOOSE = ":red[:material/error: Please choose one.]"


def today() -> dt.date:
    return clock.today()


def store(data_dir):
    return open_workspace("personal", data_dir)


def raw(value: str, syntax: str) -> bool:
    """True when ``syntax`` appears without a backslash in front of it (Markdown would act on it)."""
    return re.search(r"(?<!\\)" + re.escape(syntax), value) is not None


def errors(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith(":red[")]


def fill_rejection(at, company="Acme", role="Analyst", stage="interview", applied=None, heard=None, notes=None):
    if company is not None:
        field(at.text_input, "rej__company").set_value(company)
    if role is not None:
        field(at.text_input, "rej__role").set_value(role)
    if stage is not None:
        field(at.selectbox, "rej__stage").set_value(stage)
    if applied is not None:
        field(at.date_input, "rej__applied_on").set_value(applied)
    if heard is not None:
        field(at.date_input, "rej__rejected_on").set_value(heard)
    if notes is not None:
        field(at.text_area, "rej__notes").set_value(notes)


def add_rejection(data_dir, **changes) -> str:
    data = {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": today().isoformat(), **changes}
    return journal.save(store(data_dir), "rejections", data, today())


# --- empty states ---------------------------------------------------------------------------------


def test_empty_states(personal):
    at = open_page(PAGE)
    infos = [i.value for i in at.info]
    assert "Nothing logged yet. When you are ready, the form above takes a minute." in infos
    assert "Your check-ins will appear here." in infos
    assert not errors(at)
    assert field(at.date_input, "rej__rejected_on").value == today()


# --- log a rejection ---------------------------------------------------------------------------------


def test_log_a_rejection(personal):
    at = open_page(PAGE)
    fill_rejection(at, applied=today() - dt.timedelta(days=10), notes="Panel of three")
    button(at, "Save rejection").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Saved. That took courage. Next, check in with how you feel."]
    assert not errors(at)
    [rec] = store(personal).all("rejections")
    assert (rec["company"], rec["role"], rec["stage"], rec["notes"]) == (
        "Acme",
        "Analyst",
        "interview",
        "Panel of three",
    )
    assert rec["rejected_on"] == today().isoformat()
    assert rec["applied_on"] == (today() - dt.timedelta(days=10)).isoformat()
    # listed, and the form is cleared for the next one
    assert f"Acme · Analyst — Interview, {i18n.format_date(today())}" in [e.label for e in at.expander]
    assert field(at.text_input, "rej__company").value == ""
    assert "Nothing logged yet" not in texts(at)


def test_missing_fields_show_by_the_field_and_save_nothing(personal):
    at = open_page(PAGE)
    button(at, "Save rejection").click().run()
    assert errors(at) == [FILL, FILL, CHOOSE]  # company, role, stage — in form order
    assert not at.success
    assert store(personal).all("rejections") == []
    # what was typed stays in the form
    fill_rejection(at, company="Acme", role=None, stage=None)
    button(at, "Save rejection").click().run()
    assert errors(at) == [FILL, CHOOSE]
    assert field(at.text_input, "rej__company").value == "Acme"
    assert store(personal).all("rejections") == []


def test_heard_back_before_applied(personal):
    at = open_page(PAGE)
    fill_rejection(at, applied=today() - dt.timedelta(days=3), heard=today() - dt.timedelta(days=5))
    button(at, "Save rejection").click().run()
    assert errors(at) == [":red[:material/error: This is before the day you applied. Check both dates.]"]
    assert store(personal).all("rejections") == []
    # fixing the date saves it
    field(at.date_input, "rej__rejected_on").set_value(today() - dt.timedelta(days=1))
    button(at, "Save rejection").click().run()
    assert not errors(at)
    assert len(store(personal).all("rejections")) == 1


def test_after_a_save_every_field_is_fresh(personal):
    """The next rejection must not inherit the first one's notes, dates or channel."""
    at = open_page(PAGE)
    fill_rejection(at, applied=today() - dt.timedelta(days=9), heard=today() - dt.timedelta(days=2), notes="n")
    field(at.selectbox, "rej__channel").set_value("referral")
    field(at.text_input, "rej__source").set_value("a friend")
    button(at, "Save rejection").click().run()
    assert len(store(personal).all("rejections")) == 1
    assert [field(at.text_input, f"rej__{f}").value for f in ("company", "role", "source")] == ["", "", ""]
    assert field(at.text_area, "rej__notes").value == ""
    assert field(at.selectbox, "rej__stage").value is None
    assert field(at.selectbox, "rej__channel").value is None
    assert field(at.date_input, "rej__applied_on").value is None
    assert field(at.date_input, "rej__rejected_on").value == today()


def test_over_the_cap_and_a_future_date_get_words_and_keep_the_text(personal):
    """No max_chars / max_value in the widgets (they drop a paste or swap a date silently): the model says it."""
    at = open_page(PAGE)
    notes = "n" * 6210
    fill_rejection(at, company="C" * 121, notes=notes, heard=today() + dt.timedelta(days=45))
    button(at, "Save rejection").click().run()
    assert errors(at) == [
        ":red[:material/error: This is too long: 121 of 120 characters. Please shorten it.]",
        ":red[:material/error: This date is in the future. Pick today or an earlier day.]",
        ":red[:material/error: This is too long: 6,210 of 5,000 characters. Please shorten it.]",
    ]
    assert store(personal).all("rejections") == []
    assert field(at.text_area, "rej__notes").value == notes  # kept, to shorten
    assert field(at.date_input, "rej__rejected_on").value == today() + dt.timedelta(days=45)
    assert not field(at.text_area, "rej__notes").max_chars  # 0: no cap in the browser


def test_an_optional_date_left_empty_is_not_stored(personal):
    at = open_page(PAGE)
    assert field(at.date_input, "rej__applied_on").value is None
    fill_rejection(at)
    button(at, "Save rejection").click().run()
    [rec] = store(personal).all("rejections")
    assert rec["applied_on"] is None


def test_typed_text_survives_a_failed_save_and_a_page_switch(personal):
    at = open_page(PAGE)
    fill_rejection(at, stage=None, notes="what they said")
    button(at, "Save rejection").click().run()
    assert errors(at) == [CHOOSE]
    at.switch_page("app.py").run()
    at.switch_page(PAGE).run()
    assert field(at.text_input, "rej__company").value == "Acme"
    assert field(at.text_area, "rej__notes").value == "what they said"
    field(at.selectbox, "rej__stage").set_value("final")
    button(at, "Save rejection").click().run()
    [rec] = store(personal).all("rejections")
    assert (rec["company"], rec["notes"], rec["stage"]) == ("Acme", "what they said", "final")


# --- edit ---------------------------------------------------------------------------------------------


def test_edit_a_rejection(personal):
    rid = add_rejection(personal, notes="first notes")
    at = open_page(PAGE)
    at.button(key=f"edit_rej_{rid}").click().run()
    assert [h.value for h in at.header][0] == "Edit this rejection"
    assert field(at.text_input, "rej__company").value == "Acme"
    assert field(at.text_area, "rej__notes").value == "first notes"
    field(at.text_input, "rej__role").set_value("Senior Analyst")
    button(at, "Save changes").click().run()
    assert "Changes saved." in [s.value for s in at.success]
    [rec] = store(personal).all("rejections")
    assert rec["id"] == rid
    assert rec["role"] == "Senior Analyst" and rec["notes"] == "first notes"
    assert [h.value for h in at.header][0] == "Log a rejection"
    assert f"Acme · Senior Analyst — Interview, {i18n.format_date(today())}" in [e.label for e in at.expander]


def test_edit_with_bad_input_keeps_the_old_record(personal):
    rid = add_rejection(personal)
    at = open_page(PAGE)
    at.button(key=f"edit_rej_{rid}").click().run()
    field(at.text_input, "rej__role").set_value("   ")
    button(at, "Save changes").click().run()
    assert errors(at) == [FILL]
    assert store(personal).get("rejections", rid)["role"] == "Analyst"
    # cancel leaves edit mode without saving
    button(at, "Cancel").click().run()
    assert [h.value for h in at.header][0] == "Log a rejection"
    assert store(personal).get("rejections", rid)["role"] == "Analyst"
    assert not errors(at)


def test_edit_of_a_record_changed_in_another_tab_is_refused_and_shows_what_is_saved(personal):
    rid = add_rejection(personal, notes="first notes")
    at = open_page(PAGE)
    at.button(key=f"edit_rej_{rid}").click().run()
    journal.save(
        store(personal), "rejections", {**store(personal).get("rejections", rid), "role": "Lead"}, today(), rid=rid
    )
    field(at.text_area, "rej__notes").set_value("my new notes")
    button(at, "Save changes").click().run()
    assert not at.exception
    [warning] = [w.value for w in at.warning]
    assert warning.startswith("This changed in another tab; here is what is saved now.")
    shown = texts(at)
    assert "**Role:** Lead" in shown and "**Notes:** first notes" in shown
    assert store(personal).get("rejections", rid)["role"] == "Lead"  # the other tab's save stands
    assert field(at.text_area, "rej__notes").value == "my new notes"  # typed text stays
    assert field(at.text_input, "rej__role").value == "Analyst"
    # pressing again, having seen it, saves what this tab holds
    button(at, "Save changes").click().run()
    assert "Changes saved." in [s.value for s in at.success]
    assert store(personal).get("rejections", rid)["notes"] == "my new notes"


def test_edit_of_a_record_deleted_in_another_tab_says_so(personal):
    rid = add_rejection(personal)
    at = open_page(PAGE)
    at.button(key=f"edit_rej_{rid}").click().run()
    journal.delete(store(personal), "rejections", rid)
    field(at.text_input, "rej__role").set_value("Kept text")
    button(at, "Save changes").click().run()
    assert not at.exception
    assert [w.value for w in at.warning] == [forms.GONE]
    assert field(at.text_input, "rej__role").value == "Kept text"
    assert store(personal).all("rejections") == []
    button(at, "Cancel").click().run()
    assert [h.value for h in at.header][0] == "Log a rejection"
    assert field(at.text_input, "rej__role").value == ""


def test_a_store_that_is_down_keeps_the_text(personal, monkeypatch):
    def down(*args, **kwargs):
        raise StoreUnavailable("database unreachable")

    at = open_page(PAGE)
    fill_rejection(at, notes="long careful notes")
    monkeypatch.setattr(FileWorkspace, "add", down)
    button(at, "Save rejection").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [forms.UNAVAILABLE]
    assert field(at.text_area, "rej__notes").value == "long careful notes"
    monkeypatch.undo()
    button(at, "Save rejection").click().run()
    assert [r["notes"] for r in store(personal).all("rejections")] == ["long careful notes"]
    assert not at.error


def test_deleting_the_record_being_edited_closes_the_edit(personal):
    rid = add_rejection(personal)
    at = open_page(PAGE)
    at.button(key=f"edit_rej_{rid}").click().run()
    at.button(key=f"del_rejections_{rid}").click().run()
    button(at, "Yes, delete").click().run()
    assert [h.value for h in at.header][0] == "Log a rejection"
    assert button(at, "Save rejection")


# --- delete -----------------------------------------------------------------------------------------


def test_delete_names_dependants_and_keep_it_keeps_it(personal):
    rid = add_rejection(personal)
    ws = store(personal)
    journal.save(ws, "reflections", {"rejection_id": rid, "went_well": "a", "to_improve": "b"}, today())
    at = open_page(PAGE)
    at.button(key=f"del_rejections_{rid}").click().run()
    [warning] = [w.value for w in at.warning]
    assert "the rejection from Acme · Analyst?" in warning
    assert "This also deletes 1 reflection." in warning
    assert "This cannot be undone." in warning
    button(at, "Keep it").click().run()
    assert not at.warning
    assert ws.get("rejections", rid) is not None and len(ws.all("reflections")) == 1


def test_yes_delete_removes_it_and_its_reflection(personal):
    rid = add_rejection(personal)
    ws = store(personal)
    journal.save(ws, "reflections", {"rejection_id": rid, "went_well": "a", "to_improve": "b"}, today())
    chk = journal.save(
        ws, "checkins", {"date": today().isoformat(), "mood": 4, "confidence": 4, "rejection_id": rid}, today()
    )
    at = open_page(PAGE)
    at.button(key=f"del_rejections_{rid}").click().run()
    assert "1 check-in will stay, no longer linked to it." in at.warning[0].value
    button(at, "Yes, delete").click().run()
    assert "Deleted." in [s.value for s in at.success]
    assert ws.all("rejections") == [] and ws.all("reflections") == []
    assert ws.get("checkins", chk)["rejection_id"] is None
    assert "Nothing logged yet" in texts(at)


# --- check-ins ------------------------------------------------------------------------------------


def test_check_in_with_feelings_link_and_self_compassion(personal):
    rid = add_rejection(personal)
    at = open_page(PAGE)
    field(at.slider, "chk__mood").set_value(3)
    field(at.slider, "chk__confidence").set_value(7)
    field(at.multiselect, "chk__emotions").set_value(["sad", "relieved", "a bit lost"])  # own words allowed
    field(at.selectbox, "chk__rejection_id").set_value(rid)
    field(at.text_area, "chk__facts").set_value("They chose someone with more experience.")
    field(at.text_area, "chk__kind_words").set_value("You got to the final round. That is real.")
    field(at.text_area, "chk__not_defined_by").set_value("It does not say I am bad at my job.")
    button(at, "Save check-in").click().run()
    assert "Check-in saved. Thank you for taking a moment for yourself." in [s.value for s in at.success]
    [chk] = store(personal).all("checkins")
    assert (chk["mood"], chk["confidence"], chk["rejection_id"]) == (3, 7, rid)
    assert chk["emotions"] == ["sad", "relieved", "a bit lost"]
    assert chk["facts"] == "They chose someone with more experience."
    assert chk["kind_words"] == "You got to the final round. That is real."
    assert chk["not_defined_by"] == "It does not say I am bad at my job."
    label = f"{i18n.format_date(today())} — mood 3/10, confidence 7/10 · sad, relieved and a bit lost"
    assert label in [e.label for e in at.expander]
    shown = texts(at)
    assert "**About:** Acme · Analyst" in shown
    assert "**What a friend would say:** You got to the final round\\. That is real\\." in shown
    # the form is ready for the next one
    assert field(at.slider, "chk__mood").value == 5


def test_check_in_linked_rejection_shown_on_the_home_checklist(personal):
    rid = add_rejection(personal)
    at = open_page(PAGE)
    field(at.selectbox, "chk__rejection_id").set_value(rid)
    button(at, "Save check-in").click().run()
    at.switch_page("app.py").run()
    assert any("2 of 7 steps" in e.label for e in at.expander)


def test_edit_and_delete_a_check_in(personal):
    ws = store(personal)
    cid = journal.save(
        ws, "checkins", {"date": today().isoformat(), "mood": 2, "confidence": 3, "note": "low"}, today()
    )
    at = open_page(PAGE)
    at.button(key=f"edit_chk_{cid}").click().run()
    assert "Edit this check-in" in [h.value for h in at.header]
    assert field(at.slider, "chk__mood").value == 2
    assert field(at.text_area, "chk__note").value == "low"
    field(at.slider, "chk__mood").set_value(6)
    button(at, "Save changes").click().run()
    [chk] = ws.all("checkins")
    assert chk["id"] == cid and chk["mood"] == 6 and chk["note"] == "low"

    at.button(key=f"del_checkins_{cid}").click().run()
    what = md_escape(f"the check-in of {i18n.format_date(today())}")
    assert f"Delete {what}? Nothing else is linked to it. This cannot be undone." == at.warning[0].value
    button(at, "Yes, delete").click().run()
    assert ws.all("checkins") == []
    assert "Your check-ins will appear here." in [i.value for i in at.info]


# --- people's text is shown as typed --------------------------------------------------------------


def test_markdown_and_html_in_user_text_are_escaped(personal):
    at = open_page(PAGE)
    fill_rejection(at, company="<b>x</b>", role="[link](http://e)", notes="![img](http://e/p.png) **bold**")
    button(at, "Save rejection").click().run()
    assert not errors(at)
    [rec] = store(personal).all("rejections")
    assert rec["company"] == "<b>x</b>" and rec["role"] == "[link](http://e)"  # stored as typed

    labels = [e.label.replace(WJ, "") for e in at.expander]  # WJ breaks autolinks; checked apart
    assert any(lbl.startswith(r"\<b\>x\</b\> · \[link\]\(http\://e\)") for lbl in labels), labels
    notes = [m.value.replace(WJ, "") for m in at.markdown if m.value.startswith("**Notes:**")]
    assert notes == [r"**Notes:** \!\[img\]\(http\://e/p\.png\) \*\*bold\*\*"]

    # no raw link, image or tag syntax from the person's text reaches Markdown anywhere on the page
    values = [m.value for m in at.markdown] + labels + [w.value for w in (*at.warning, *at.success, *at.info)]
    for value in values:
        for typed in ("<b>x</b>", "[link](http://e)", "![img](", "**bold**"):
            assert typed not in value
        if "http\\://e" in value:  # an element that shows the person's text
            assert not raw(value, "[") and not raw(value, "<") and not raw(value, "](")


def test_escaped_text_in_delete_confirmation(personal):
    rid = add_rejection(personal, company="[evil](http://e)")
    at = open_page(PAGE)
    at.button(key=f"del_rejections_{rid}").click().run()
    warning = at.warning[0].value.replace(WJ, "")
    assert r"\[evil\]\(http\://e\)" in warning
    assert "[evil](http" not in warning


@pytest.mark.parametrize("field", ["note", "facts"])
def test_check_in_text_escaped(personal, field):
    ws = store(personal)
    journal.save(
        ws,
        "checkins",
        {"date": today().isoformat(), "mood": 5, "confidence": 5, field: "<img src=x> [a](http://e)"},
        today(),
    )
    at = open_page(PAGE)
    shown = [m.value.replace(WJ, "") for m in at.markdown if r"\<img src\=x\>" in m.value]
    assert len(shown) == 1 and r"\[a\]\(http\://e\)" in shown[0]
    assert not any(raw(m.value, "<") for m in at.markdown)
