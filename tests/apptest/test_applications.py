"""AppTest: applications on Understand — log, answer, pick one for a rejection, N weeks, delete."""

from __future__ import annotations

import datetime as dt

from rebound import clock, journal
from rebound.storage import open_workspace
from tests.apptest.conftest import button, field, open_page, texts

PAGE = "pages/1_Understand.py"


def today() -> dt.date:
    return clock.today()


def store(data_dir):
    return open_workspace("personal", data_dir)


def add_app(data_dir, **changes) -> str:
    data = {"company": "Acme", "role": "Analyst", "applied_on": (today() - dt.timedelta(days=10)).isoformat()}
    return journal.save(store(data_dir), "applications", data | changes, today())


def test_log_an_application_through_the_form(personal):
    at = open_page(PAGE)
    assert "No applications logged yet" in texts(at)
    field(at.text_input, "app__company").set_value("Northwind")
    field(at.text_input, "app__role").set_value("Data analyst")
    field(at.selectbox, "app__channel").set_value("referral")
    button(at, "Save application").click().run()
    assert not at.exception
    [app] = store(personal).all("applications")
    assert (app["company"], app["role"], app["applied_on"], app["channel"], app["status"]) == (
        "Northwind",
        "Data analyst",
        today().isoformat(),
        "referral",
        "waiting",
    )
    assert any(e.label.startswith("Northwind · Data analyst — Waiting for an answer") for e in at.expander)


def test_a_new_application_needs_its_company_by_the_field(personal):
    at = open_page(PAGE)
    field(at.text_input, "app__role").set_value("Data analyst")
    button(at, "Save application").click().run()
    assert ":red[:material/error: Please fill this in.]" in [m.value for m in at.markdown]
    assert store(personal).all("applications") == []


def test_pick_an_open_application_for_a_rejection(personal):
    aid = add_app(personal, channel="job board", source="Weekly newsletter")
    add_app(personal, company="Closed Co", status="offer", status_on=today().isoformat())
    at = open_page(PAGE)
    picker = field(at.selectbox, "rej_from_app")
    assert aid in picker.options or any("Acme · Analyst" in o for o in picker.options)
    picker.set_value(aid).run()
    assert not at.exception
    assert field(at.text_input, "rej__company").value == "Acme"
    assert field(at.text_input, "rej__role").value == "Analyst"
    assert field(at.date_input, "rej__applied_on").value == today() - dt.timedelta(days=10)
    assert field(at.selectbox, "rej__application_id").value == aid
    assert store(personal).all("rejections") == []  # nothing saved before Save
    field(at.selectbox, "rej__stage").set_value("applied")
    button(at, "Save rejection").click().run()
    assert not at.exception
    [rej] = store(personal).all("rejections")
    assert rej["application_id"] == aid and rej["source"] == "Weekly newsletter"
    app = store(personal).get("applications", aid)
    assert app["status"] == "rejected" and app["status_on"] == today().isoformat()
    assert len(store(personal).all("applications")) == 2  # picked, not made again


def test_they_said_no_button_fills_the_rejection_form(personal):
    aid = add_app(personal, company="Contoso")
    at = open_page(PAGE)
    button(at, "They said no: log it").click().run()
    assert field(at.text_input, "rej__company").value == "Contoso"
    assert field(at.selectbox, "rej__application_id").value == aid
    assert "Filled in from your application to Contoso" in texts(at)


def test_record_an_answer(personal):
    aid = add_app(personal)
    at = open_page(PAGE)
    button(at, "Record an answer").click().run()
    field(at.selectbox, "ans__status").set_value("interview")
    field(at.date_input, "ans__status_on").set_value(today() - dt.timedelta(days=2))
    button(at, "Save changes").click().run()
    assert not at.exception
    app = store(personal).get("applications", aid)
    assert (app["status"], app["status_on"], app["answered_on"]) == ("interview",) + (
        (today() - dt.timedelta(days=2)).isoformat(),
    ) * 2
    assert app["company"] == "Acme"  # the answer form keeps what it does not ask for
    assert "Answer saved." in [s.value for s in at.success]


def test_no_answer_after_the_persons_weeks(personal):
    add_app(personal, applied_on=(today() - dt.timedelta(days=30)).isoformat())
    at = open_page(PAGE)
    assert any("Acme · Analyst — Waiting for an answer" in e.label for e in at.expander)  # 30 days < 6 weeks
    field(at.number_input, "ghostw__ghost_after_weeks").set_value(4)
    button(at, "Save").click().run()
    assert not at.exception
    assert journal.profile(store(personal))["ghost_after_weeks"] == 4
    assert any("No answer after 4 weeks" in e.label for e in at.expander)
    # picking it for a rejection marks the silence as what it is
    field(at.selectbox, "rej_from_app").set_value(store(personal).all("applications")[0]["id"]).run()
    assert field(at.checkbox, "rej__ghosted").value is True


def test_delete_an_application_keeps_its_rejection(personal):
    aid = add_app(personal)
    rid = journal.save(
        store(personal),
        "rejections",
        {
            "company": "Acme",
            "role": "Analyst",
            "stage": "applied",
            "rejected_on": today().isoformat(),
            "application_id": aid,
        },
        today(),
    )
    at = open_page(PAGE)
    deletes = [b for b in at.button if b.label == "Delete"]
    # the rejection is listed first, then the application: delete the application (the last one)
    deletes[-1].click().run()
    assert "1 rejection will stay, no longer linked to it." in texts(at)
    button(at, "Yes, delete").click().run()
    assert store(personal).all("applications") == []
    assert store(personal).get("rejections", rid)["application_id"] is None


def test_a_silence_logged_as_a_no_gets_its_debrief_as_what_it_is(personal):
    aid = add_app(personal, company="Quiet Co", applied_on=(today() - dt.timedelta(days=60)).isoformat())
    journal.save(
        store(personal),
        "rejections",
        {"company": "Quiet Co", "role": "Analyst", "stage": "applied", "ghosted": True,
         "rejected_on": today().isoformat(), "application_id": aid},
        today(),
    )  # fmt: skip
    at = open_page()  # Home: the debrief checklist
    assert any(e.label.startswith("Quiet Co · Analyst — No answer ·") for e in at.expander)
    at = open_page(PAGE)
    assert any("Quiet Co · Analyst — No answer" in e.label for e in at.expander)


def test_a_long_silence_offers_its_debrief(personal):
    add_app(personal, company="Silent Ltd", applied_on=(today() - dt.timedelta(days=50)).isoformat())
    at = open_page(PAGE)
    button(at, "Count the silence as a no: debrief it").click().run()
    assert field(at.text_input, "rej__company").value == "Silent Ltd"
    assert field(at.checkbox, "rej__ghosted").value is True
    assert field(at.selectbox, "rej__stage").value == "applied"
