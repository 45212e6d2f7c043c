"""rebound.forms_spec: a form declared once; its rules come from the model (no Streamlit)."""

from __future__ import annotations

import datetime as dt

import pytest

from rebound.forms_spec import TODAY, Expander, Field, FormSpec, Slot, Words, fields_of, show_values
from rebound.models import NAME, NOTE, validate
from rebound.specs.follow_up import FEEDBACK, THANKS
from rebound.specs.reflect import REFLECTION
from rebound.specs.reframe import OWN_STORY, THOUGHT
from rebound.specs.understand import CHECKIN, REJECTION

DAY = dt.date(2026, 3, 31)
ALL = [REJECTION, CHECKIN, REFLECTION, FEEDBACK, THANKS, THOUGHT, OWN_STORY]


def test_layout_rows_expanders_and_words_flatten_to_fields_in_order():
    spec = FormSpec(
        "t",
        "rejections",
        (
            (Field("company", "Company"), Field("role", "Role")),
            Words("A title"),
            Slot("extra"),
            Expander("More", (Field("notes", "Notes", "textarea"),)),
        ),
        add_label="Save",
        added="Saved.",
    )
    assert [f.name for f in spec.fields] == ["company", "role", "notes"]
    assert spec.slots() == ["extra"]
    assert [f.name for f in fields_of(spec.layout[3].items)] == ["notes"]
    assert spec.edit_key == "rejections"


def test_required_and_caps_come_from_the_model():
    assert REJECTION.required("company") and REJECTION.required("rejected_on")
    assert not REJECTION.required("applied_on") and not REJECTION.required("notes")
    assert REJECTION.cap("company") == NAME and REJECTION.cap("notes") == NOTE
    assert REJECTION.cap("rejected_on") is None
    assert FEEDBACK.cap("body") == 20000


def test_a_field_the_table_does_not_have_is_refused_unless_it_is_a_draft_input():
    with pytest.raises(ValueError, match="no field"):
        FormSpec("t", "rejections", (Field("compnay", "Company"),), add_label="Save", added="Saved.")
    with pytest.raises(ValueError, match="twice"):
        FormSpec("t", "rejections", (Field("role", "A"), Field("role", "B")), add_label="S", added="S.")
    FormSpec("t", "rejections", (Field("tone", "Tone", "radio", draft=True),), add_label="S", added="S.")


def test_fresh_values_never_invent_an_optional_date():
    fresh = REJECTION.fresh(DAY)
    assert fresh["applied_on"] is None  # optional: empty until the person picks one
    assert fresh["rejected_on"] == DAY  # required, shown, changeable
    assert fresh["company"] == "" and fresh["notes"] == "" and fresh["stage"] is None
    assert CHECKIN.fresh(DAY)["emotions"] == [] and CHECKIN.fresh(DAY)["mood"] == 5


def test_record_round_trip_through_the_widgets():
    record = {"company": "Acme", "role": "Analyst", "stage": "final", "rejected_on": "2026-03-02", "notes": None}
    widgets = REJECTION.from_record(record)
    assert widgets["rejected_on"] == dt.date(2026, 3, 2) and widgets["applied_on"] is None
    assert widgets["notes"] == ""
    back = REJECTION.to_record(widgets)
    assert back["rejected_on"] == "2026-03-02"
    assert validate("rejections", back, DAY)["notes"] is None  # blank optional text stays nothing


def test_draft_inputs_are_not_read_from_a_record():
    widgets = FEEDBACK.from_record({"contact_name": "Sam", "status": "sent", "tone": "formal"})
    assert "tone" not in widgets and widgets["contact_name"] == "Sam"


def test_show_values_are_labelled_plain_text_in_form_order():
    shown = show_values(REJECTION, {"company": "Acme", "role": "Lead", "stage": "final", "notes": "", "x": 1})
    assert shown == [("Company", "Acme"), ("Role", "Lead"), ("How far did you get?", "Final round")]
    chosen = show_values(
        CHECKIN, {"rejection_id": "r1", "emotions": ["sad", "tired"]}, {"rejection_id": {"r1": "Acme"}}
    )
    assert ("Is this about a particular rejection? (optional)", "Acme") in chosen
    assert ("What are you feeling? (pick any, or type your own)", "sad, tired") in chosen


@pytest.mark.parametrize("spec", ALL, ids=[s.name for s in ALL])
def test_every_declared_form_is_well_formed(spec):
    assert spec.add_label and spec.added
    assert all(f.text_label() for f in spec.fields)  # every widget has a visible label
    assert set(spec.fresh(DAY)) == {f.name for f in spec.fields}
    assert TODAY not in spec.fresh(DAY).values()


def test_form_names_are_unique():
    assert len({s.name for s in ALL}) == len(ALL)
