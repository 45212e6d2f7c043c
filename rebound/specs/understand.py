"""Understand: log a rejection; check in (with the short self-compassion exercise)."""

from __future__ import annotations

from rebound import content
from rebound.forms_spec import TODAY, Field, FormSpec, Words
from rebound.models import CHANNELS, STAGE_LABELS, STAGES

REJECTION = FormSpec(
    name="rej",
    table="rejections",
    layout=(
        (Field("company", "Company"), Field("role", "Role")),
        Field(
            "stage",
            "How far did you get?",
            "select",
            options=STAGES,
            option_labels=STAGE_LABELS,
            placeholder="Choose the last stage you reached",
        ),
        (
            Field("applied_on", "Applied on (optional)", "date"),
            Field("rejected_on", "Heard back on", "date", default=TODAY),
        ),
        (
            Field("channel", "How you applied (optional)", "select", options=CHANNELS, placeholder="Choose…"),
            Field("source", "Where you found it (optional)"),
        ),
        Field(
            "notes",
            "Notes (optional)",
            "textarea",
            placeholder="Anything you want to remember: who you met, what they said, how it ended.",
        ),
    ),
    add_label="Save rejection",
    added="Saved. That took courage. Next, check in with how you feel.",
)


def _prompt(field: str):
    return lambda: content.acceptance_prompts()[field]


CHECKIN = FormSpec(
    name="chk",
    table="checkins",
    layout=(
        Field("date", "Date", "date", default=TODAY),
        (
            Field("mood", "Mood (1 = very low, 10 = very good)", "slider", default=5, min_value=1, max_value=10),
            Field(
                "confidence",
                "Confidence (1 = very low, 10 = very high)",
                "slider",
                default=5,
                min_value=1,
                max_value=10,
            ),
        ),
        Field(
            "emotions",
            "What are you feeling? (pick any, or type your own)",
            "multiselect",
            options=content.emotions,
            new_options=True,
            default=(),
        ),
        Field(
            "rejection_id",
            "Is this about a particular rejection? (optional)",
            "select",
            placeholder="Not about one in particular",
        ),
        Field("note", "Anything else on your mind? (optional)", "textarea"),
        Words(
            "A short self-compassion exercise (optional, about five minutes)",
            "Three questions that help you see the rejection clearly without being hard on yourself. "
            "People who treat a setback kindly tend to be more motivated to improve, not less.",
        ),
        Field("facts", _prompt("facts"), "textarea"),
        Field("kind_words", _prompt("kind_words"), "textarea"),
        Field("not_defined_by", _prompt("not_defined_by"), "textarea"),
    ),
    add_label="Save check-in",
    added="Check-in saved. Thank you for taking a moment for yourself.",
)
