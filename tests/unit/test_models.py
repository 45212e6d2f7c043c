"""rebound.models: every table's rules, with messages that say what to do."""

from __future__ import annotations

import datetime as dt

import pytest

from rebound.models import MODELS, NAME, NOTE, Invalid, label, validate

TODAY = dt.date(2026, 3, 31)
TOMORROW = "2026-04-01"

FILL = "Please fill this in."
FUTURE = "This date is in the future. Pick today or an earlier day."

# One good record per table (only required fields plus a few optional ones).
GOOD: dict[str, dict] = {
    "profile": {"name": "Sam", "values": ["growth"], "weekly_goals": {"application": 5}},
    "rejections": {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": "2026-03-31"},
    "checkins": {"date": "2026-03-31", "mood": 4, "confidence": 6},
    "reflections": {"rejection_id": "r1", "went_well": "Rapport", "to_improve": "Examples"},
    "feedback_requests": {"rejection_id": "r1", "status": "draft"},
    "thank_you_notes": {"rejection_id": "r1", "recipient": "Dana"},
    "reframes": {
        "date": "2026-03-31",
        "situation": "No offer",
        "automatic_thought": "I always fail",
        "intensity_before": 80,
        "balanced_thought": "I reached the final round",
        "intensity_after": 40,
    },
    "writings": {"date": "2026-03-31", "text": "Today I felt..."},
    "contacts": {"name": "Ana", "relationship": "mentor"},
    "support_log": {"contact_id": "c1", "date": "2026-03-31"},
    "activities": {"date": "2026-03-31", "kind": "application", "count": 2},
    "applications": {"company": "Acme", "role": "Analyst", "applied_on": "2026-03-01"},
    "plans": {"cue": "After breakfast", "action": "Send one application"},
    "plan_reviews": {"plan_id": "p1", "week_start": "2026-03-30", "kept": True},
    "reviews": {"date": "2026-03-31", "working": "a", "not_working": "b", "change_next": "c"},
    "skills": {"name": "SQL", "level": 2, "target_level": 4},
    "skill_logs": {"skill_id": "s1", "date": "2026-03-31", "level": 3},
    "interview_stories": {"title": "Launch", "situation": "s", "action": "a", "result": "r"},
    "connections": {"company": "Acme"},
    "actions": {"title": "Update CV"},
    "wins": {"date": "2026-03-31", "text": "Finished the course"},
    "stories": {"title": "Late bloomer", "setback": "Rejected 30 times", "outcome": "Found a great job"},
    "story_notes": {"story_id": "shipped-1"},
}

# Required fields per table, straight from DESIGN.md.
REQUIRED: dict[str, list[str]] = {
    "rejections": ["company", "role", "stage", "rejected_on"],
    "checkins": ["date", "mood", "confidence"],
    "reflections": ["rejection_id", "went_well", "to_improve"],
    "feedback_requests": ["rejection_id", "status"],
    "thank_you_notes": ["rejection_id", "recipient"],
    "reframes": [
        "date",
        "situation",
        "automatic_thought",
        "intensity_before",
        "balanced_thought",
        "intensity_after",
    ],
    "writings": ["date", "text"],
    "contacts": ["name", "relationship"],
    "support_log": ["contact_id", "date"],
    "activities": ["date", "kind", "count"],
    "applications": ["company", "role"],
    "plans": ["cue", "action"],
    "plan_reviews": ["plan_id", "week_start", "kept"],
    "reviews": ["date", "working", "not_working", "change_next"],
    "skills": ["name", "level", "target_level"],
    "skill_logs": ["skill_id", "date", "level"],
    "interview_stories": ["title", "situation", "action", "result"],
    "connections": ["company"],
    "actions": ["title"],
    "wins": ["date", "text"],
    "stories": ["title", "setback", "outcome"],
    "story_notes": ["story_id"],
}


def errors_of(table: str, data: dict, today: dt.date | None = TODAY) -> dict[str, str]:
    with pytest.raises(Invalid) as info:
        validate(table, data, today)
    return info.value.errors


def test_every_table_has_a_good_record_here():
    assert set(GOOD) == set(MODELS)


@pytest.mark.parametrize("table", sorted(GOOD))
def test_good_record_validates(table):
    clean = validate(table, GOOD[table], TODAY)
    for field, value in GOOD[table].items():
        assert clean[field] == value


@pytest.mark.parametrize("table,field", [(t, f) for t, fields in REQUIRED.items() for f in fields])
def test_required_field_missing(table, field):
    data = {k: v for k, v in GOOD[table].items() if k != field}
    assert errors_of(table, data) == {field: FILL}


@pytest.mark.parametrize(
    "table,field",
    [("rejections", "company"), ("rejections", "role"), ("reflections", "went_well"), ("wins", "text")],
)
def test_blank_required_text_is_missing(table, field):
    assert errors_of(table, {**GOOD[table], field: "   "}) == {field: FILL}


def test_all_missing_fields_reported_at_once():
    assert errors_of("rejections", {}) == {f: FILL for f in REQUIRED["rejections"]}


def test_validate_returns_json_ready_dates_and_ignores_unknown_fields():
    clean = validate(
        "rejections",
        {**GOOD["rejections"], "rejected_on": dt.date(2026, 3, 1), "evil": "x", "id": "abc"},
        TODAY,
    )
    assert clean["rejected_on"] == "2026-03-01"
    assert "evil" not in clean and "id" not in clean


# --- ranges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("mood", 0, "Please pick a number of at least 1."),
        ("mood", 11, "Please pick a number no higher than 10."),
        ("confidence", 0, "Please pick a number of at least 1."),
        ("confidence", 11, "Please pick a number no higher than 10."),
        ("mood", "abc", "This should be a whole number."),
        ("mood", 5.5, "This should be a whole number."),
    ],
)
def test_checkin_scales(field, value, message):
    assert errors_of("checkins", {**GOOD["checkins"], field: value}) == {field: message}


@pytest.mark.parametrize("value", [1, 10])
def test_checkin_scale_edges_allowed(value):
    assert validate("checkins", {**GOOD["checkins"], "mood": value}, TODAY)["mood"] == value


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("intensity_before", -1, "Please pick a number of at least 0."),
        ("intensity_before", 101, "Please pick a number no higher than 100."),
        ("intensity_after", -1, "Please pick a number of at least 0."),
        ("intensity_after", 101, "Please pick a number no higher than 100."),
    ],
)
def test_reframe_intensity_range(field, value, message):
    assert errors_of("reframes", {**GOOD["reframes"], field: value}) == {field: message}


def test_reframe_intensity_edges_allowed():
    clean = validate("reframes", {**GOOD["reframes"], "intensity_before": 100, "intensity_after": 0}, TODAY)
    assert (clean["intensity_before"], clean["intensity_after"]) == (100, 0)


@pytest.mark.parametrize("field", ["level", "target_level"])
@pytest.mark.parametrize("value,message", [(0, "of at least 1"), (6, "no higher than 5")])
def test_skill_levels(field, value, message):
    assert errors_of("skills", {**GOOD["skills"], field: value}) == {field: f"Please pick a number {message}."}


# --- choices ----------------------------------------------------------------------


def test_stage_must_be_one_of_the_stages():
    assert errors_of("rejections", {**GOOD["rejections"], "stage": "lunch"}) == {
        "stage": "Please choose one of: 'applied', 'screen', 'interview', 'final' or 'offer'."
    }


def test_stage_none_asks_to_choose():
    assert errors_of("rejections", {**GOOD["rejections"], "stage": None}) == {"stage": "Please choose one."}


@pytest.mark.parametrize("stage", ["applied", "screen", "interview", "final", "offer"])
def test_every_stage_allowed(stage):
    assert validate("rejections", {**GOOD["rejections"], "stage": stage}, TODAY)["stage"] == stage


def test_feedback_status_enum():
    errs = errors_of("feedback_requests", {**GOOD["feedback_requests"], "status": "ghosted"})
    assert errs == {"status": "Please choose one of: 'draft', 'sent', 'received', 'declined' or 'no_reply'."}
    for status in ("draft", "sent", "received", "declined", "no_reply"):
        assert validate("feedback_requests", {**GOOD["feedback_requests"], "status": status}, TODAY)["status"] == status


def test_activity_kind_enum():
    errs = errors_of("activities", {**GOOD["activities"], "kind": "nap"})
    assert list(errs) == ["kind"]
    assert errs["kind"].startswith("Please choose one of: 'application'")
    assert "'rest'" in errs["kind"]
    assert validate("activities", {**GOOD["activities"], "kind": "rest", "count": 0}, TODAY)["kind"] == "rest"


# --- length caps -------------------------------------------------------------------


def test_name_cap():
    assert validate("rejections", {**GOOD["rejections"], "company": "x" * NAME}, TODAY)["company"] == "x" * NAME
    assert errors_of("rejections", {**GOOD["rejections"], "company": "x" * (NAME + 1)}) == {
        "company": "This is too long: 121 of 120 characters. Please shorten it."
    }


def test_note_cap():
    assert validate("rejections", {**GOOD["rejections"], "notes": "n" * NOTE}, TODAY)["notes"] == "n" * NOTE
    assert errors_of("rejections", {**GOOD["rejections"], "notes": "n" * 6210}) == {
        "notes": "This is too long: 6,210 of 5,000 characters. Please shorten it."
    }


def test_caps_fit_a_journal():
    """A note holds a few pages, an expressive-writing session well past 10,000 characters."""
    assert NOTE >= 5000
    long_session = {"date": TODAY.isoformat(), "text": "w" * 15000}
    assert validate("writings", long_session, TODAY)["text"] == "w" * 15000


def test_checkin_self_compassion_caps():
    errs = errors_of("checkins", {**GOOD["checkins"], "facts": "f" * (NOTE + 1), "kind_words": "k" * NOTE})
    assert errs == {"facts": "This is too long: 5,001 of 5,000 characters. Please shorten it."}


def test_too_many_tags():
    errs = errors_of("checkins", {**GOOD["checkins"], "emotions": [f"e{i}" for i in range(31)]})
    assert errs == {"emotions": "Please keep this to 30 items or fewer."}


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table,field",
    [
        ("rejections", "rejected_on"),
        ("rejections", "applied_on"),
        ("checkins", "date"),
        ("reframes", "date"),
        ("writings", "date"),
        ("support_log", "date"),
        ("activities", "date"),
        ("reviews", "date"),
        ("skill_logs", "date"),
        ("wins", "date"),
        ("feedback_requests", "requested_on"),
        ("thank_you_notes", "sent_on"),
        ("contacts", "last_contacted_on"),
        ("connections", "last_touch_on"),
    ],
)
def test_date_not_after_today(table, field):
    errs = errors_of(table, {**GOOD[table], field: TOMORROW})
    assert errs[field] == FUTURE
    # today itself is fine
    assert validate(table, {**GOOD[table], field: TODAY.isoformat()}, TODAY)[field] == "2026-03-31"


@pytest.mark.parametrize(
    "table,field",
    [
        ("feedback_requests", "follow_up_on"),
        ("actions", "due_on"),
        ("connections", "next_check_on"),
        ("connections", "reapply_after"),
    ],
)
def test_future_allowed_where_it_makes_sense(table, field):
    assert validate(table, {**GOOD[table], field: "2026-06-01"}, TODAY)[field] == "2026-06-01"


def test_no_today_means_no_future_check():
    assert validate("wins", {**GOOD["wins"], "date": "2030-01-01"}, None)["date"] == "2030-01-01"


def test_bad_date_text():
    assert errors_of("wins", {**GOOD["wins"], "date": "31/03/2026"}) == {
        "date": "This should be a date like 2026-03-31."
    }


def test_rejected_before_applied():
    errs = errors_of("rejections", {**GOOD["rejections"], "applied_on": "2026-03-10", "rejected_on": "2026-03-09"})
    assert errs == {"rejected_on": "This is before the day you applied. Check both dates."}


def test_rejected_same_day_as_applied_is_fine():
    clean = validate(
        "rejections", {**GOOD["rejections"], "applied_on": "2026-03-10", "rejected_on": "2026-03-10"}, TODAY
    )
    assert clean["applied_on"] == clean["rejected_on"] == "2026-03-10"


def test_follow_up_before_requested():
    data = {**GOOD["feedback_requests"], "status": "sent", "requested_on": "2026-03-20", "follow_up_on": "2026-03-19"}
    assert errors_of("feedback_requests", data) == {"follow_up_on": "The follow-up date is before the day you sent it."}
    data["follow_up_on"] = "2026-03-20"
    assert validate("feedback_requests", data, TODAY)["follow_up_on"] == "2026-03-20"


def test_follow_up_without_requested_on_is_fine():
    data = {**GOOD["feedback_requests"], "follow_up_on": "2026-01-01"}
    assert validate("feedback_requests", data, TODAY)["follow_up_on"] == "2026-01-01"


# --- cleaning -----------------------------------------------------------------------------


def test_blank_optional_text_becomes_none():
    clean = validate(
        "rejections", {**GOOD["rejections"], "notes": "   ", "source": "", "channel": "\n\t", "applied_on": ""}, TODAY
    )
    assert clean["notes"] is None and clean["source"] is None and clean["channel"] is None
    assert clean["applied_on"] is None


def test_text_is_trimmed():
    clean = validate("rejections", {**GOOD["rejections"], "company": "  Acme  ", "notes": " hi \n"}, TODAY)
    assert clean["company"] == "Acme"
    assert clean["notes"] == "hi"


def test_optional_fields_default():
    clean = validate("checkins", GOOD["checkins"], TODAY)
    assert clean["emotions"] == []
    assert clean["note"] is None and clean["rejection_id"] is None


def test_tags_trimmed_and_deduplicated_case_insensitively_keeping_first():
    clean = validate("checkins", {**GOOD["checkins"], "emotions": [" Sad", "sad ", "SAD", "angry", "Angry"]}, TODAY)
    assert clean["emotions"] == ["Sad", "angry"]


def test_themes_deduplicated_on_reflections():
    data = {**GOOD["reflections"], "themes": ["Communication", "communication", " Technical depth "]}
    assert validate("reflections", data, TODAY)["themes"] == ["Communication", "Technical depth"]


def test_blank_tag_is_refused():
    errs = errors_of("checkins", {**GOOD["checkins"], "emotions": ["ok", "  "]})
    assert errs == {"emotions": FILL}


def test_ratings_range():
    errs = errors_of("reflections", {**GOOD["reflections"], "ratings": {"communication": 6}})
    assert errs == {"ratings": "Please pick a number no higher than 5."}
    assert validate("reflections", {**GOOD["reflections"], "ratings": {"communication": 5}}, TODAY)["ratings"] == {
        "communication": 5
    }


def test_invalid_message_names_each_field():
    with pytest.raises(Invalid) as info:
        validate("checkins", {"date": "2026-03-31", "mood": 0, "confidence": 5}, TODAY)
    assert "mood: Please pick a number of at least 1." in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "table,data",
    [
        ("rejections", {}),
        ("checkins", {"mood": 0, "confidence": 99, "date": "x"}),
        ("reframes", {"intensity_before": 500}),
        ("activities", {"kind": "nap", "count": -1}),
    ],
)
def test_every_message_says_what_to_do(table, data):
    # Each message is a short, plain sentence; none is pydantic's jargon.
    for msg in errors_of(table, data).values():
        assert msg.endswith(".")
        assert "pydantic" not in msg.lower() and "input" not in msg.lower()
        assert msg.split()[0] in {"Please", "This", "The"}


# --- labels --------------------------------------------------------------------------------


def test_label():
    assert label("rejections", "company") == "Company"
    assert label("rejections", "rejected_on") == "Heard back on"
    assert label("checkins", "kind_words") == "What a good friend would say"
    assert label("writings", "prompt_id") == "Prompt id"  # no title: from the field name
    assert label("rejections", "no_such_field") == "no_such_field"
