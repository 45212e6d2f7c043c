"""Grow page: skills (create, validate, edit, delete), practice log, themes, interview stories."""

from __future__ import annotations

from rebound import clock
from rebound.store import open_workspace
from tests.apptest.conftest import button, open_page, texts

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
    at.text_input(key="story__title").input("x" * 10)
    button(at, "Save story").click().run()
    assert texts(at).count("Please fill this in.") >= 3  # situation, action, result
    assert _ws(personal).all("skills") == [] and _ws(personal).all("interview_stories") == []


def test_skill_practice_edit_delete(personal):
    at = open_page(PAGE)
    at.text_input(key="skill__name").input("SQL <joins>")
    at.select_slider(key="skill__level").set_value(2)
    at.select_slider(key="skill__target_level").set_value(4)
    at.selectbox(key="skill__plan_kind").set_value("course")
    button(at, "Save skill").click().run()
    assert not at.exception
    ws = _ws(personal)
    (skill,) = ws.all("skills")
    assert (skill["name"], skill["level"], skill["target_level"], skill["plan_kind"]) == ("SQL <joins>", 2, 4, "course")
    assert "Skill saved" in texts(at)
    assert at.selectbox(key="grow_skill").value == skill["id"]
    assert "the level after it" in texts(at)  # the page says practice updates the level

    # Log practice: the current level follows.
    at.number_input(key="practice__minutes").set_value(45)
    at.select_slider(key="practice__level").set_value(3)
    at.text_area(key="practice__note").input("Window functions, two exercises")
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
    assert at.select_slider(key="practice__level").value == 3
    at.select_slider(key="practice__level").set_value(4)
    button(at, "Save changes").click().run()
    assert ws.get("skill_logs", log["id"])["level"] == 4 and ws.get("skills", skill["id"])["level"] == 4
    assert len(ws.all("skill_logs")) == 1

    # Edit the skill.
    button(at, "Edit skill").click().run()
    assert at.text_input(key="skill__name").value == "SQL <joins>"
    at.text_input(key="skill__name").input("SQL joins")
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
    assert at.text_input(key="skill__name").value == "System design"
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
    at.text_input(key="story__title").input("Late report")
    at.text_area(key="story__situation").input("The monthly report was two weeks late.")
    at.text_area(key="story__action").input("I split the work and met each owner.")
    at.text_area(key="story__result").input("It shipped in five days.")
    at.selectbox(key="story__skill_id").set_value(sid)
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
    at.text_input(key="story__title").input("The late report")
    button(at, "Save changes").click().run()
    saved = ws.get("interview_stories", story["id"])
    assert saved["title"] == "The late report" and saved["times_rehearsed"] == 1

    button(at, "Delete", nth=1).click().run()  # the first Delete belongs to the skill
    assert "Delete the story The late report?" in texts(at)
    button(at, "Yes, delete").click().run()
    assert ws.all("interview_stories") == [] and len(ws.all("skills")) == 1
