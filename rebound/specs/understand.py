"""Understand: log a rejection; check in (with the short self-compassion exercise)."""

from __future__ import annotations

from rebound import content
from rebound.applications import STATUS_LABELS
from rebound.forms_spec import TODAY, Field, FormSpec, Words
from rebound.models import CHANNELS, STAGE_LABELS, STAGES

REJECTION = FormSpec(
    name="rej",
    table="rejections",
    layout=(
        Field(
            "application_id",
            "Which application was it? (optional)",
            "select",
            placeholder="Not one I logged",
            help="Picking one fills in the details below and marks that application as answered.",
        ),
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
        Field(
            "ghosted",
            "They never answered: I am counting the silence as a no",
            "checkbox",
            default=False,
            help="Shown as “no answer”, not as a rejection they sent, and it gets the same debrief.",
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
            options=content.emotion_ids,
            option_labels=content.EMOTION_LABELS,
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


# Applications: logged when sent, answered later (rebound.applications holds the rules).
APPLICATION = FormSpec(
    name="app",
    table="applications",
    layout=(
        (Field("company", "Company you applied to"), Field("role", "Role you applied for")),
        (
            Field("applied_on", "Sent on", "date", default=TODAY),
            Field("channel", "How you sent it (optional)", "select", options=CHANNELS, placeholder="Choose…"),
        ),
        Field(
            "source",
            "Where you found the job (optional)",
            placeholder="For example: a job board, a friend, a newsletter",
        ),
        Field(
            "notes",
            "Notes on it (optional)",
            "textarea",
            placeholder="Anything to remember: the contact, the salary, why it appealed.",
        ),
    ),
    add_label="Save application",
    added="Saved. Another one sent: that is effort, whatever the answer.",
)

ANSWER_STATUSES = (
    "waiting",
    "screen",
    "interview",
    "final",
    "offer",
    "withdrawn",
)  # a no goes through the rejection form
ANSWER = FormSpec(
    name="ans",
    table="applications",
    edit_key="applications_answer",
    layout=(
        (
            Field("status", "Where it stands now", "select", options=ANSWER_STATUSES, option_labels=STATUS_LABELS),
            Field("status_on", "Since (the day you heard)", "date"),
        ),
        Field(
            "answered_on",
            "Their first answer came on (optional)",
            "date",
            help="The first reply of any kind. Left empty, the day above counts as the first answer.",
        ),
    ),
    add_label="Save answer",
    added="Saved.",
    changed="",  # the form closes on save: the page shows its own message (components.applications)
)
