"""AppTest: the Reflect page — reflections (create, edit, delete, every validation), patterns and their charts."""

from __future__ import annotations

import datetime as dt

from rebound import clock, journal
from rebound.storage import open_workspace
from tests.apptest.conftest import button, field, figure, open_page, texts

PAGE = "pages/2_Reflect.py"


def today() -> dt.date:
    return clock.today()


def iso(days_ago: int = 0) -> str:
    return (today() - dt.timedelta(days=days_ago)).isoformat()


def store(data_dir):
    return open_workspace("personal", data_dir)


def add_rejection(data_dir, company="Acme", days_ago=1, **changes) -> str:
    data = {"company": company, "role": "Analyst", "stage": "interview", "rejected_on": iso(days_ago), **changes}
    return journal.save(store(data_dir), "rejections", data, today())


def add_reflection(data_dir, rejection_id, **changes) -> str:
    data = {"rejection_id": rejection_id, "went_well": "Good rapport", "to_improve": "Slow start", **changes}
    return journal.save(store(data_dir), "reflections", data, today())


def errors(at) -> dict[str, str]:
    return {m.value for m in at.markdown if m.value.startswith(":red[")}


def fill(at, went_well="Clear answers on SQL", to_improve="Shorter intro", **extra):
    if went_well is not None:
        field(at.text_area, "refl__went_well").set_value(went_well)
    if to_improve is not None:
        field(at.text_area, "refl__to_improve").set_value(to_improve)
    for name, value in extra.items():
        field(at.text_area, f"refl__{name}").set_value(value)


# A chart's title is the page heading above it (not Plotly's), so find each chart by its key.
CHART_KEYS = {
    "How far your applications got": "stage_chart",
    "Themes across your rejections": "themes_chart",
    "How you rated each area over time": "ratings_chart",
    "Stage reached, by how you applied": "stage_by_chart",
    "Stage reached, by where you found it": "stage_by_chart",
}


def figure_titled(at, title: str) -> dict:
    key = CHART_KEYS[title]
    for el in at.get("plotly_chart"):
        if el.proto.id.endswith("-" + key):
            fig = figure(el)
            if key != "stage_by_chart" or title.split("by ")[1] == fig["layout"]["xaxis"]["title"]["text"].lower():
                return fig
    raise AssertionError(f"no chart {title!r} ({key})")


# --- empty states ----------------------------------------------------------------------------------
def test_empty_journal_shows_helpful_empty_states(personal):
    at = open_page(PAGE)
    infos = " ".join(i.value for i in at.info)
    assert "Reflection starts from a rejection you have logged" in infos
    assert "No themes yet." in infos
    assert "Rate a few areas" in infos
    assert not at.get("plotly_chart")
    [link] = [p for p in at.get("page_link") if p.proto.label == "Log a rejection"]
    assert link.proto.page.endswith("Understand")


def test_rejection_without_reflections(personal):
    add_rejection(personal)
    at = open_page(PAGE)
    assert "No reflection saved here yet." in " ".join(i.value for i in at.info)
    assert "No themes yet." in " ".join(i.value for i in at.info)
    # the stage chart still has something to show
    stage = figure_titled(at, "How far your applications got")
    assert stage["data"][0]["y"] == [0, 0, 1, 0, 0]


# --- create ------------------------------------------------------------------------------------------
def test_write_a_reflection_with_ratings_and_themes(personal):
    rid = add_rejection(personal)
    at = open_page(PAGE)
    fill(at, lesson="Lead with the result", fit_note="Yes, the team felt right")
    field(at.select_slider, "refl__rate__preparation").set_value(4)
    field(at.select_slider, "refl__rate__questions").set_value(2)
    field(at.multiselect, "refl__themes").set_value(["system_design", "Whiteboard nerves"])
    button(at, "Save reflection").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Reflection saved. Looking back honestly is hard work: well done."]
    [rec] = store(personal).all("reflections")
    assert rec["rejection_id"] == rid
    assert (rec["went_well"], rec["to_improve"], rec["lesson"]) == (
        "Clear answers on SQL",
        "Shorter intro",
        "Lead with the result",
    )
    assert rec["ratings"] == {"preparation": 4, "questions": 2}
    assert rec["themes"] == ["system_design", "Whiteboard nerves"]
    # the form is clear again, the ratings reset, and the reflection is listed
    assert field(at.text_area, "refl__went_well").value in ("", None)
    assert field(at.select_slider, "refl__rate__preparation").value == 0
    assert any(e.label.startswith("Reflection of") for e in at.expander)
    # the patterns pick it up straight away
    themes = figure_titled(at, "Themes across your rejections")
    assert themes["data"][0]["y"] == ["Whiteboard nerves", "System design"]
    assert themes["data"][0]["x"] == [1, 1]
    ratings = figure_titled(at, "How you rated each area over time")
    assert {t["name"]: t["y"] for t in ratings["data"]} == {"Preparation": [4.0], "Questions asked": [2.0]}


def test_own_rating_area(personal):
    add_rejection(personal)
    at = open_page(PAGE)
    at.multiselect(key="refl_areas").set_value(["preparation", "Salary talk"]).run()
    assert {s.label for s in at.select_slider} == {"Preparation", "Salary talk"}
    fill(at)
    field(at.select_slider, "refl__rate__Salary talk").set_value(3)
    button(at, "Save reflection").click().run()
    [rec] = store(personal).all("reflections")
    assert rec["ratings"] == {"Salary talk": 3}


# --- bad input ------------------------------------------------------------------------------------------
def test_empty_reflection_gets_kind_messages_and_saves_nothing(personal):
    add_rejection(personal)
    at = open_page(PAGE)
    button(at, "Save reflection").click().run()
    errs = errors(at)
    assert any("Write at least one thing that went well" in e for e in errs)
    assert any("Write one thing you would do differently" in e for e in errs)
    assert not at.success
    assert store(personal).all("reflections") == []


def test_text_over_the_cap_is_kept_and_named(personal):
    """No max_chars (it drops a paste over the cap silently): the words say it, the text stays."""
    add_rejection(personal)
    at = open_page(PAGE)
    fill(at, went_well="x" * 50_000)
    button(at, "Save reflection").click().run()
    assert ":red[:material/error: This is too long: 50,000 of 5,000 characters. Please shorten it.]" in errors(at)
    assert store(personal).all("reflections") == []
    assert field(at.text_area, "refl__went_well").value == "x" * 50_000


def test_theme_with_html_is_refused_with_a_clear_message(personal):
    add_rejection(personal)
    at = open_page(PAGE)
    fill(at)
    field(at.multiselect, "refl__themes").set_value(["communication", "<script>alert(1)</script>"])
    button(at, "Save reflection").click().run()
    [err] = errors(at)
    assert "letters, numbers, spaces" in err and "<script>" not in err
    assert store(personal).all("reflections") == []


def test_rejection_deleted_while_the_form_is_open(personal):
    other = add_rejection(personal, company="Other", days_ago=9)
    rid = add_rejection(personal, company="Gone", days_ago=1)
    at = open_page(PAGE)
    assert at.selectbox(key="reflect_pick").value == rid
    fill(at)
    journal.delete(store(personal), "rejections", rid)  # another tab deletes it
    button(at, "Save reflection").click().run()
    assert not at.exception
    assert store(personal).all("reflections") == []
    assert ":red[:material/error: That rejection no longer exists. Please pick another.]" in errors(at)
    # the words are kept, and the picker moved to a rejection that exists
    assert field(at.text_area, "refl__went_well").value == "Clear answers on SQL"
    assert at.selectbox(key="reflect_pick").value == other
    button(at, "Save reflection").click().run()
    [rec] = store(personal).all("reflections")
    assert rec["rejection_id"] == other


def test_deleting_a_rejection_takes_its_reflections_with_it(personal):
    keep = add_rejection(personal, company="Keep")
    gone = add_rejection(personal, company="Gone", days_ago=0)
    add_reflection(personal, gone, themes=["leadership"])
    add_reflection(personal, keep, themes=["leadership"])
    journal.delete(store(personal), "rejections", gone)
    at = open_page(PAGE)
    assert [r["rejection_id"] for r in store(personal).all("reflections")] == [keep]
    assert at.selectbox(key="reflect_pick").value == keep
    assert figure_titled(at, "Themes across your rejections")["data"][0]["x"] == [1]


# --- edit and delete -------------------------------------------------------------------------------------
def test_edit_a_reflection(personal):
    rid = add_rejection(personal)
    ref = add_reflection(personal, rid, ratings={"preparation": 2, "My own area": 5}, themes=["Nerves"])
    at = open_page(PAGE)
    button(at, "Edit").click().run()
    assert field(at.text_area, "refl__went_well").value == "Good rapport"
    assert field(at.select_slider, "refl__rate__preparation").value == 2
    assert field(at.select_slider, "refl__rate__My own area").value == 5
    assert field(at.multiselect, "refl__themes").value == ["Nerves"]
    field(at.text_area, "refl__went_well").set_value("Good rapport with the panel")
    field(at.select_slider, "refl__rate__preparation").set_value(3)
    button(at, "Save changes").click().run()
    assert [s.value for s in at.success] == ["Changes saved."]
    [rec] = store(personal).all("reflections")
    assert rec["id"] == ref
    assert rec["went_well"] == "Good rapport with the panel"
    assert rec["ratings"] == {"preparation": 3, "My own area": 5}
    assert rec["themes"] == ["Nerves"]
    assert "Save reflection" in [b.label for b in at.button]  # back to a fresh form


def test_cancel_edit_keeps_the_record(personal):
    rid = add_rejection(personal)
    add_reflection(personal, rid)
    at = open_page(PAGE)
    button(at, "Edit").click().run()
    field(at.text_area, "refl__went_well").set_value("changed")
    button(at, "Cancel").click().run()
    assert store(personal).all("reflections")[0]["went_well"] == "Good rapport"
    assert field(at.text_area, "refl__went_well").value in ("", None)


def test_delete_a_reflection_in_two_steps(personal):
    rid = add_rejection(personal)
    add_reflection(personal, rid)
    at = open_page(PAGE)
    button(at, "Delete").click().run()
    assert any("Delete the reflection of" in w.value for w in at.warning)
    assert len(store(personal).all("reflections")) == 1
    button(at, "Yes, delete").click().run()
    assert store(personal).all("reflections") == []
    assert [s.value for s in at.success] == ["Deleted."]


# --- arriving from a rejection, picking another ------------------------------------------------------------
def test_focus_rejection_from_another_page_and_picking(personal):
    old = add_rejection(personal, company="Old", days_ago=20)
    new = add_rejection(personal, company="New", days_ago=1)
    add_reflection(personal, old, went_well="Old one")
    at = open_page()
    at.session_state["_focus_rejection"] = old
    at.switch_page(PAGE).run()
    assert at.selectbox(key="reflect_pick").value == old
    assert any(e.label.startswith("Reflection of") for e in at.expander)
    at.selectbox(key="reflect_pick").set_value(new).run()
    assert at.session_state["_focus_rejection"] == new
    assert "No reflection saved here yet." in " ".join(i.value for i in at.info)
    at.toggle(key="refl_show_all").set_value(True).run()
    assert any("Old" in e.label for e in at.expander)


# --- patterns ------------------------------------------------------------------------------------------------
def seed_patterns(data_dir):
    ws = store(data_dir)
    r = [
        add_rejection(data_dir, company=f"Co{i}", days_ago=d, channel=ch)
        for i, (d, ch) in enumerate([(40, "referral"), (20, "job board"), (5, "job board")])
    ]
    add_reflection(data_dir, r[0], themes=["system_design", "Nerves"], ratings={"communication": 2})
    add_reflection(data_dir, r[1], themes=["system_design"], ratings={"communication": 4})
    journal.save(
        ws,
        "feedback_requests",
        {"rejection_id": r[2], "status": "received", "feedback_text": "More depth", "themes": ["system_design"]},
        today(),
    )
    cid = journal.save(ws, "contacts", {"name": "Mo", "relationship": "mentor"}, today())
    journal.save(ws, "support_log", {"contact_id": cid, "date": iso(2), "themes": ["Nerves"]}, today())
    return r


def test_patterns_with_data(personal):
    seed_patterns(personal)
    at = open_page(PAGE)
    assert not at.exception
    body = texts(at)
    assert "‘System design’ came up in 3 of your last 3 rejections\\." in body
    themes = figure_titled(at, "Themes across your rejections")
    traces = {t["name"]: t for t in themes["data"]}
    assert traces["Your reflections"]["y"] == ["Nerves", "System design"]
    assert traces["Your reflections"]["x"] == [1, 2]
    assert traces["Feedback received"]["x"] == [0, 1]
    assert traces["Conversations"]["x"] == [1, 0]
    assert themes["layout"]["template"]["layout"]["colorway"][0] == "#0072B2"  # the shared template
    ratings = figure_titled(at, "How you rated each area over time")
    assert ratings["data"][0]["y"] == [2.0, 4.0]
    assert "Communication has gone from 2 to 4\\. That is real progress\\." in body
    by = figure_titled(at, "Stage reached, by how you applied")
    assert by["data"][0]["x"] == ["job board", "referral"] and by["data"][0]["y"] == [2, 1]
    at.radio(key="refl_stage_by").set_value("source").run()
    by_source = figure_titled(at, "Stage reached, by where you found it")
    assert by_source["data"][0]["x"] == ["not recorded"]
    assert {"themes_table", "ratings_table", "stage_table"} <= {d.key for d in at.dataframe if d.key} or len(
        at.dataframe
    ) >= 3


def test_turn_a_recurring_theme_into_a_skill(personal):
    seed_patterns(personal)
    at = open_page(PAGE)
    labels = [b.label for b in at.button if b.label == "Turn into a skill"]
    assert len(labels) == 2  # System design (3) and Nerves (2)
    at.button(key="skill_system_design").click().run()
    [skill] = store(personal).all("skills")
    assert skill["from_theme"] == "system_design" and skill["name"] == "System design"
    assert (skill["level"], skill["target_level"]) == (2, 4)
    assert [s.value for s in at.success] == ["Added “System design” to your skills to build."]
    assert [b.key for b in at.button if b.label == "Turn into a skill"] == ["skill_Nerves"]
    assert ":green[:material/check_circle: In your skills]" in texts(at)


def test_own_tags_with_markdown_are_shown_as_typed(personal):
    rid = add_rejection(personal)
    add_reflection(personal, rid, themes=["C++ (templates)"], lesson="**bold** [x](http://e.com)")
    add_reflection(personal, rid, themes=["C++ (templates)"])
    at = open_page(PAGE)
    body = texts(at)
    assert "C\\+\\+ \\(templates\\)" in body  # escaped in the summary and the list
    assert "**bold**" not in body.replace("\\*\\*bold\\*\\*", "")
