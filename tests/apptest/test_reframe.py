"""Reframe page in AppTest: thought records (create, edit, delete, validation), writing, stories."""

from __future__ import annotations

from rebound import clock, journal
from rebound.storage import open_workspace
from tests.apptest.conftest import button, field, figure, open_page, texts

PAGE = "pages/4_Reframe.py"


def ws(data_dir):
    return open_workspace("personal", data_dir)


def tab(at, label):
    """Only the open tab runs; open another one as a click on it would."""
    at.session_state["reframe_tab"] = label
    at.run()
    assert not at.exception, at.exception
    return at


def fill_record(at, **values):
    defaults = {
        "situation": "Heard no after the final round.",
        "automatic_thought": "I'll never get a job like this.",
        "intensity_before": 80,
        "balanced_thought": "This one hurt, and I got to the final round.",
        "intensity_after": 40,
    }
    for name, value in (defaults | values).items():
        key = f"rf__{name}"
        if name.startswith("intensity"):
            field(at.number_input, key).set_value(value)
        elif name == "distortions":
            field(at.multiselect, key).set_value(value)
        elif name == "rejection_id":
            field(at.selectbox, key).set_value(value)
        else:
            field(at.text_area, key).set_value(value)
    return button(at, "Save thought record").click().run()


def test_empty_states_and_only_the_open_tab_runs(personal):
    at = open_page(PAGE)
    page = texts(at)
    assert "No thought records yet. Once you save one" in page
    assert "No thought records yet. The next time" in page
    assert not at.get("plotly_chart")
    assert "Nothing kept yet" not in page and "Brian Acton" not in page
    assert "Nothing kept yet" in texts(tab(at, "Expressive writing"))
    page = texts(tab(at, "Success stories"))
    assert "Your own stories will appear here" in page and "Brian Acton" in page
    assert "No thought records yet" not in page


def test_typed_values_survive_a_tab_switch(personal):
    at = open_page(PAGE)
    field(at.text_area, "rf__automatic_thought").set_value("Half written")
    field(at.number_input, "rf__intensity_before").set_value(65)
    tab(tab(at, "Success stories"), "Thought records")
    assert field(at.text_area, "rf__automatic_thought").value == "Half written"
    assert field(at.number_input, "rf__intensity_before").value == 65


def test_create_shows_shift_chart_and_lights_up_debrief(personal):
    store = ws(personal)
    rid = journal.save(
        store,
        "rejections",
        {"company": "Acme", "role": "Analyst", "stage": "final", "rejected_on": "2026-01-05"},
        clock.today(),
    )
    at = open_page(PAGE)
    at = fill_record(at, situation="", rejection_id=rid, distortions=["mind_reading", "labelling"])
    assert not at.exception
    (rec,) = store.all("reframes")
    assert rec["situation"] == "Heard no from Acme for the Analyst role."
    assert (rec["intensity_before"], rec["intensity_after"], rec["rejection_id"]) == (80, 40, rid)
    assert rec["distortions"] == ["mind_reading", "labelling"]
    page = texts(at)
    assert "Before → after: 80 → 40 (eased by 40)" in page
    assert "Across 1 thought record, the feeling eased by 40 points" in page
    assert "Mind reading (1)" in page
    fig = figure(at.get("plotly_chart")[0])
    assert [t.get("name") for t in fig["data"]][1:] == ["Before", "After"]
    assert fig["data"][1]["y"] == [80] and fig["data"][2]["y"] == [40]
    # the form is cleared after saving
    assert not field(at.text_area, "rf__automatic_thought").value
    # Home: the debrief step "Reframed it" is done for this rejection
    home = open_page()
    assert any("check_circle" in m.value and "Reframed it" in m.value for m in home.markdown)


def test_validation_keeps_values_and_saves_nothing(personal):
    at = open_page(PAGE)
    at = fill_record(at, intensity_before=150, balanced_thought="", intensity_after=None)
    page = texts(at)
    assert "Write a more balanced thought before saving" in page
    assert page.count("Rate it with a whole number from 0") == 2
    assert ws(personal).all("reframes") == []
    assert field(at.text_area, "rf__automatic_thought").value == "I'll never get a job like this."


def test_edit_then_delete(personal):
    at = fill_record(open_page(PAGE))
    button(at, "Edit").click().run()
    assert field(at.number_input, "rf__intensity_after").value == 40
    field(at.number_input, "rf__intensity_after").set_value(70)
    button(at, "Save changes").click().run()
    (rec,) = ws(personal).all("reframes")
    assert rec["intensity_after"] == 70
    assert "80 → 70 (eased by 10)" in texts(at)
    button(at, "Delete").click().run()
    assert "Nothing else is linked to it" in texts(at)
    button(at, "Yes, delete").click().run()
    assert ws(personal).all("reframes") == []
    assert "Deleted." in texts(at)


def test_html_and_markdown_shown_as_text(personal):
    nasty = "<b>bold</b> ![x](http://example.com/x.png) **loud**"
    at = fill_record(open_page(PAGE), automatic_thought=nasty)
    (exp,) = [e for e in at.expander if "bold" in e.label]
    assert "<b>" not in exp.label and "\\<b\\>" in exp.label
    assert "\\!\\[x\\]" in exp.label
    assert "unsafe_allow_html" not in str(at.markdown)


def test_show_more_pages_through_long_lists(personal):
    store = ws(personal)
    with store.batch():
        for i in range(25):
            store.add(
                "reframes",
                {
                    "date": f"2026-01-{i + 1:02d}",
                    "situation": "s",
                    "automatic_thought": f"thought {i}",
                    "intensity_before": 70,
                    "intensity_after": 30,
                    "balanced_thought": "b",
                },
            )
    at = open_page(PAGE)
    assert len([e for e in at.expander if "thought " in e.label]) == 10
    assert "Showing the 10 most recent of 25" in texts(at)
    button(at, "Show 20 more").click().run()
    assert len([e for e in at.expander if "thought " in e.label]) == 25
    assert "Across 25 thought records" in texts(at)


def test_writing_let_go_stores_nothing_anywhere(personal):
    at = tab(open_page(PAGE), "Expressive writing")
    button(at, "Start writing").click().run()
    assert "Just started" in str(at.get("progress")[0].proto)
    at.text_area(key="xw_text").input("A private canary sentence 7f3a.").run()
    assert at.session_state["_xw_draft"] == "A private canary sentence 7f3a."
    button(at, "Let it go").click().run()
    assert "cannot be brought back" in texts(at)
    button(at, "Yes, let it go").click().run()
    assert "Nothing was kept" in texts(at)
    assert "_xw_draft" not in at.session_state and "xw_text" not in at.session_state
    assert ws(personal).all("writings") == []
    # nothing written to disk at all: the journal file is only created on the first write
    files = [p for p in personal.rglob("*") if p.is_file()] if personal.exists() else []
    assert not any("7f3a" in p.read_text(errors="ignore") for p in files)
    assert files == []


def test_writing_save_keeps_it_and_can_be_edited(personal):
    at = tab(open_page(PAGE), "Expressive writing")
    button(at, "Start writing").click().run()
    button(at, "Save my writing").click().run()
    assert "There is nothing written yet" in texts(at)
    assert ws(personal).all("writings") == []
    at.text_area(key="xw_text").input("Today I wrote for a while.").run()
    button(at, "Save my writing").click().run()
    (w,) = ws(personal).all("writings")
    assert w["text"] == "Today I wrote for a while." and w["prompt_id"] == "deepest_feelings"
    assert w["minutes"] == 0
    assert "Saved to your journal" in texts(at)
    button(at, "Edit").click().run()
    at.text_area(key=f"xw_edit_{w['id']}__text").set_value("Changed.")
    button(at, "Save changes").click().run()
    assert ws(personal).get("writings", w["id"])["text"] == "Changed."


def test_stories_filter_favourite_and_takeaway(personal):
    at = tab(open_page(PAGE), "Success stories")
    at.selectbox(key="story_theme").set_value("technical_interview").run()
    page = texts(at)
    assert "Max Howell" in page and "Katalin Karikó" not in page
    assert "not literally what happened" in page
    button(at, "Mark favourite").click().run()
    (note,) = ws(personal).all("story_notes")
    assert note["story_id"] == "howell" and note["favorite"] is True
    at.text_area(key="note_howell__takeaway").set_value("One interview is one day.")
    button(at, "Save what I take from it").click().run()
    (note,) = ws(personal).all("story_notes")
    assert note["takeaway"] == "One interview is one day." and note["favorite"] is True
    at.selectbox(key="story_theme").set_value(None)
    at.toggle(key="story_favs").set_value(True).run()
    assert "Max Howell" in texts(at) and "Brian Acton" not in texts(at)


def test_own_story_create_validate_edit_delete(personal):
    at = tab(open_page(PAGE), "Success stories")
    field(at.text_input, "story__title").set_value("My friend's comeback")
    button(at, "Save story").click().run()
    assert texts(at).count("Please fill this in.") == 2  # setback and outcome
    assert ws(personal).all("stories") == []
    field(at.text_area, "story__setback").set_value("Laid off in March.")
    field(at.text_area, "story__outcome").set_value("A better job by June.")
    button(at, "Save story").click().run()
    (story,) = ws(personal).all("stories")
    button(at, "Edit").click().run()
    field(at.text_input, "story__title").set_value("Renamed")
    button(at, "Save changes").click().run()
    assert ws(personal).get("stories", story["id"])["title"] == "Renamed"
    button(at, "Delete").click().run()
    button(at, "Yes, delete").click().run()
    assert ws(personal).all("stories") == []
