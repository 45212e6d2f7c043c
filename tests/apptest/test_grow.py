"""Grow page: skills (create, validate, edit, delete), practice log, themes, interview stories."""

from __future__ import annotations

import datetime as dt

from components import forms
from rebound import clock, journal
from rebound.storage import StoreUnavailable, open_workspace
from rebound.storage.files import FileWorkspace
from tests.apptest.conftest import button, field, open_page, texts

PAGE = "pages/7_Grow.py"


def _ws(data_dir):
    return open_workspace("personal", data_dir)


def test_empty_page_and_validation(personal):
    at = open_page(PAGE)
    page = texts(at)
    assert "No skills yet" in page and "No stories yet" in page
    assert "Themes that keep coming up" not in page
    button(at, "Save skill").click().run()  # nothing typed
    assert "Please fill this in." in texts(at)
    field(at.text_input, "story__title").input("x" * 10)
    button(at, "Save story").click().run()
    assert texts(at).count("Please fill this in.") >= 3  # situation, action, result
    assert _ws(personal).all("skills") == [] and _ws(personal).all("interview_stories") == []


def test_skill_practice_edit_delete(personal):
    at = open_page(PAGE)
    field(at.text_input, "skill__name").input("SQL <joins>")
    field(at.select_slider, "skill__level").set_value(2)
    field(at.select_slider, "skill__target_level").set_value(4)
    field(at.selectbox, "skill__plan_kind").set_value("course")
    button(at, "Save skill").click().run()
    assert not at.exception
    ws = _ws(personal)
    (skill,) = ws.all("skills")
    assert (skill["name"], skill["level"], skill["target_level"], skill["plan_kind"]) == ("SQL <joins>", 2, 4, "course")
    assert "Skill saved" in texts(at)
    assert at.selectbox(key="grow_skill").value == skill["id"]
    assert "the level after it" in texts(at)  # the page says practice updates the level

    # Log practice: the current level follows.
    field(at.number_input, "practice__minutes").set_value(45)
    field(at.select_slider, "practice__level").set_value(3)
    field(at.text_area, "practice__note").input("Window functions, two exercises")
    button(at, "Save practice").click().run()
    assert not at.exception
    assert ws.get("skills", skill["id"])["level"] == 3
    (log,) = ws.all("skill_logs")
    assert (log["minutes"], log["level"], log["date"]) == (45, 3, clock.today().isoformat())
    page = texts(at)
    assert "Current level is now 3 · comfortable." in page
    assert "Window functions, two exercises" in page

    # Edit the session: the level after it moves the skill again.
    button(at, "Edit").click().run()
    assert field(at.select_slider, "practice__level").value == 3
    field(at.select_slider, "practice__level").set_value(4)
    button(at, "Save changes").click().run()
    assert ws.get("skill_logs", log["id"])["level"] == 4 and ws.get("skills", skill["id"])["level"] == 4
    assert len(ws.all("skill_logs")) == 1

    # Edit the skill.
    button(at, "Edit skill").click().run()
    assert field(at.text_input, "skill__name").value == "SQL <joins>"
    field(at.text_input, "skill__name").input("SQL joins")
    button(at, "Save changes").click().run()
    assert ws.get("skills", skill["id"])["name"] == "SQL joins"

    # Delete it: the confirmation names the practice log that goes with it.
    button(at, "Delete").click().run()
    assert "1 practice log entry" in texts(at)
    button(at, "Yes, delete").click().run()
    assert not at.exception
    assert ws.all("skills") == [] and ws.all("skill_logs") == []
    assert "No skills yet" in texts(at)


def test_skill_from_recurring_theme(personal):
    ws = _ws(personal)
    today = clock.today().isoformat()
    for company in ("A", "B"):
        rid = ws.add("rejections", {"company": company, "role": "Analyst", "stage": "interview", "rejected_on": today})
        ws.add("reflections", {"rejection_id": rid, "went_well": "w", "to_improve": "t", "themes": ["system_design"]})
    at = open_page(PAGE)
    assert "Themes that keep coming up" in texts(at)
    button(at, "Make it a skill").click().run()
    assert field(at.text_input, "skill__name").value == "System design"
    assert "Started from the recurring theme" in texts(at)
    button(at, "Save skill").click().run()
    (skill,) = ws.all("skills")
    assert skill["from_theme"] == "system_design" and skill["themes"] == ["system_design"]
    page = texts(at)
    assert "Came from the recurring theme" in page
    assert "Themes that keep coming up" not in page  # covered now


def test_story_bank_rehearse_edit_delete(personal):
    ws = _ws(personal)
    sid = ws.add("skills", {"name": "Stakeholders", "level": 2, "target_level": 3})
    at = open_page(PAGE)
    field(at.text_input, "story__title").input("Late report")
    field(at.text_area, "story__situation").input("The monthly report was two weeks late.")
    field(at.text_area, "story__action").input("I split the work and met each owner.")
    field(at.text_area, "story__result").input("It shipped in five days.")
    field(at.selectbox, "story__skill_id").set_value(sid)
    button(at, "Save story").click().run()
    assert not at.exception
    (story,) = ws.all("interview_stories")
    assert story["skill_id"] == sid and story["times_rehearsed"] == 0

    at.number_input(key="rehearse__minutes").set_value(10)
    button(at, "I rehearsed this story").click().run()
    assert not at.exception
    (act,) = ws.all("activities")
    assert (act["kind"], act["count"], act["minutes"]) == ("interview_practice", 1, 10)
    assert ws.get("interview_stories", story["id"])["times_rehearsed"] == 1
    assert "Rehearsed 1 time," in texts(at)

    button(at, "Edit story").click().run()
    field(at.text_input, "story__title").input("The late report")
    button(at, "Save changes").click().run()
    saved = ws.get("interview_stories", story["id"])
    assert saved["title"] == "The late report" and saved["times_rehearsed"] == 1

    button(at, "Delete", nth=1).click().run()  # the first Delete belongs to the skill
    assert "Delete the story The late report?" in texts(at)
    button(at, "Yes, delete").click().run()
    assert ws.all("interview_stories") == [] and len(ws.all("skills")) == 1


# --- the one form mechanism on Grow --------------------------------------------------------------------


def test_forms_are_fresh_after_a_save(personal):
    at = open_page(PAGE)
    field(at.text_input, "skill__name").input("Public speaking")
    field(at.select_slider, "skill__level").set_value(1)
    field(at.selectbox, "skill__plan_kind").set_value("workshop")
    field(at.text_area, "skill__plan").input("Toastmasters on Tuesdays")
    button(at, "Save skill").click().run()
    (skill,) = _ws(personal).all("skills")
    assert (skill["level"], skill["plan"]) == (1, "Toastmasters on Tuesdays")
    assert field(at.text_input, "skill__name").value == ""
    assert field(at.text_area, "skill__plan").value == ""
    assert field(at.selectbox, "skill__plan_kind").value is None
    assert (field(at.select_slider, "skill__level").value, field(at.select_slider, "skill__target_level").value) == (
        2,
        4,
    )
    # practice starts at the skill's level and is fresh after a save
    assert field(at.select_slider, "practice__level").value == 1
    field(at.number_input, "practice__minutes").set_value(20)
    field(at.select_slider, "practice__level").set_value(2)
    field(at.text_area, "practice__note").input("Two minutes on my last project")
    button(at, "Save practice").click().run()
    assert len(_ws(personal).all("skill_logs")) == 1
    assert field(at.number_input, "practice__minutes").value is None
    assert field(at.text_area, "practice__note").value == ""
    assert field(at.select_slider, "practice__level").value == 2  # the skill's level now
    assert field(at.date_input, "practice__date").value == clock.today()


def test_practice_note_over_the_cap_is_kept_and_named(personal):
    _ws(personal).add("skills", {"name": "SQL", "level": 2, "target_level": 3})
    at = open_page(PAGE)
    field(at.text_area, "practice__note").input("p" * 6210)
    button(at, "Save practice").click().run()
    assert "This is too long: 6,210 of 5,000 characters. Please shorten it." in texts(at)
    assert _ws(personal).all("skill_logs") == []
    assert field(at.text_area, "practice__note").value == "p" * 6210


def test_story_changed_in_another_tab_is_refused_and_rehearsals_kept(personal):
    ws = _ws(personal)
    story = {"title": "Late report", "situation": "s", "action": "a", "result": "r", "times_rehearsed": 2}
    sid = journal.save(ws, "interview_stories", story, clock.today())
    at = open_page(PAGE)
    button(at, "Edit story").click().run()
    journal.save(
        ws, "interview_stories", {**ws.get("interview_stories", sid), "result": "other tab"}, clock.today(), rid=sid
    )
    field(at.text_area, "story__result").input("this tab")
    button(at, "Save changes").click().run()
    assert not at.exception
    assert any(w.value.startswith(forms.CHANGED) for w in at.warning)
    assert "**Result:** other tab" in texts(at)
    assert ws.get("interview_stories", sid)["result"] == "other tab"
    assert field(at.text_area, "story__result").value == "this tab"
    button(at, "Save changes").click().run()
    saved = ws.get("interview_stories", sid)
    assert (saved["result"], saved["times_rehearsed"]) == ("this tab", 2)


def test_store_down_keeps_the_story(personal, monkeypatch):
    at = open_page(PAGE)
    field(at.text_input, "story__title").input("Late report")
    for f in ("situation", "action", "result"):
        field(at.text_area, f"story__{f}").input(f"my {f}")

    def down(*args, **kwargs):
        raise StoreUnavailable("database unreachable")

    monkeypatch.setattr(FileWorkspace, "add", down)
    button(at, "Save story").click().run()
    assert not at.exception
    assert forms.UNAVAILABLE in [e.value for e in at.error]
    assert field(at.text_area, "story__action").value == "my action"
    monkeypatch.undo()
    button(at, "Save story").click().run()
    assert [s["action"] for s in _ws(personal).all("interview_stories")] == ["my action"]


def test_a_future_rehearsal_date_gets_words(personal):
    _ws(personal).add("interview_stories", {"title": "T", "situation": "s", "action": "a", "result": "r"})
    at = open_page(PAGE)
    at.date_input(key="rehearse__date").set_value(clock.today() + dt.timedelta(days=40))
    button(at, "I rehearsed this story").click().run()
    assert "This date is in the future. Pick today or an earlier day." in texts(at)
    assert _ws(personal).all("activities") == []


def test_start_blank_instead_of_a_recurring_theme(personal):
    ws = _ws(personal)
    today = clock.today().isoformat()
    for company in ("A", "B"):
        rid = ws.add("rejections", {"company": company, "role": "Analyst", "stage": "interview", "rejected_on": today})
        ws.add("reflections", {"rejection_id": rid, "went_well": "w", "to_improve": "t", "themes": ["system_design"]})
    at = open_page(PAGE)
    button(at, "Make it a skill").click().run()
    assert field(at.text_input, "skill__name").value == "System design"
    button(at, "Start blank instead").click().run()
    assert field(at.text_input, "skill__name").value == ""
    assert "Started from the recurring theme" not in texts(at)
    field(at.text_input, "skill__name").input("Whiteboarding")
    button(at, "Save skill").click().run()
    (skill,) = ws.all("skills")
    assert (skill["name"], skill["from_theme"], skill["themes"]) == ("Whiteboarding", None, [])
