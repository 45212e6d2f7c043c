"""Understand: log a rejection; check in (with the short self-compassion exercise)."""

from __future__ import annotations

from rebound import content
from rebound.applications import CHANNEL_LABELS, STATUS_LABELS
from rebound.forms_spec import TODAY, Field, FormSpec, Words
from rebound.i18n import N_
from rebound.models import CHANNELS, STAGE_LABELS, STAGES

REJECTION = FormSpec(
    name="rej",
    table="rejections",
    layout=(
        Field(
            "application_id",
            N_("Which application was it? (optional)"),
            "select",
            placeholder=N_("Not one I logged"),
            help=N_("Picking one fills in the details below and marks that application as answered."),
        ),
        (Field("company", N_("Company")), Field("role", N_("Role"))),
        Field(
            "stage",
            N_("How far did you get?"),
            "select",
            options=STAGES,
            option_labels=STAGE_LABELS,
            placeholder=N_("Choose the last stage you reached"),
        ),
        (
            Field("applied_on", N_("Applied on (optional)"), "date"),
            Field("rejected_on", N_("Heard back on"), "date", default=TODAY),
        ),
        (
            Field(
                "channel",
                N_("How you applied (optional)"),
                "select",
                options=CHANNELS,
                option_labels=CHANNEL_LABELS,
                placeholder=N_("Choose…"),
            ),
            Field("source", N_("Where you found it (optional)")),
        ),
        Field(
            "notes",
            N_("Notes (optional)"),
            "textarea",
            placeholder=N_("Anything you want to remember: who you met, what they said, how it ended."),
        ),
        Field(
            "ghosted",
            N_("They never answered: I am counting the silence as a no"),
            "checkbox",
            default=False,
            help=N_("Shown as “no answer”, not as a rejection they sent, and it gets the same debrief."),
        ),
    ),
    add_label=N_("Save rejection"),
    added=N_("Saved. That took courage. Next, check in with how you feel."),
)


def _prompt(field: str):
    return lambda: content.acceptance_prompts()[field]


CHECKIN = FormSpec(
    name="chk",
    table="checkins",
    layout=(
        Field("date", N_("Date"), "date", default=TODAY),
        (
            Field("mood", N_("Mood (1 = very low, 10 = very good)"), "slider", default=5, min_value=1, max_value=10),
            Field(
                "confidence",
                N_("Confidence (1 = very low, 10 = very high)"),
                "slider",
                default=5,
                min_value=1,
                max_value=10,
            ),
        ),
        Field(
            "emotions",
            N_("What are you feeling? (pick any, or type your own)"),
            "multiselect",
            options=content.emotion_ids,
            option_labels=content.EMOTION_LABELS,
            new_options=True,
            default=(),
        ),
        Field(
            "rejection_id",
            N_("Is this about a particular rejection? (optional)"),
            "select",
            placeholder=N_("Not about one in particular"),
        ),
        Field("note", N_("Anything else on your mind? (optional)"), "textarea"),
        Words(
            N_("A short self-compassion exercise (optional, about five minutes)"),
            N_(
                "Three questions that help you see the rejection clearly without being hard on yourself. "
                "People who treat a setback kindly tend to be more motivated to improve, not less."
            ),
        ),
        Field("facts", _prompt("facts"), "textarea"),
        Field("kind_words", _prompt("kind_words"), "textarea"),
        Field("not_defined_by", _prompt("not_defined_by"), "textarea"),
    ),
    add_label=N_("Save check-in"),
    added=N_("Check-in saved. Thank you for taking a moment for yourself."),
)


# Applications: logged when sent, answered later (rebound.applications holds the rules).
APPLICATION = FormSpec(
    name="app",
    table="applications",
    layout=(
        (Field("company", N_("Company you applied to")), Field("role", N_("Role you applied for"))),
        (
            Field("applied_on", N_("Sent on"), "date", default=TODAY),
            Field(
                "channel",
                N_("How you sent it (optional)"),
                "select",
                options=CHANNELS,
                option_labels=CHANNEL_LABELS,
                placeholder=N_("Choose…"),
            ),
        ),
        Field(
            "source",
            N_("Where you found the job (optional)"),
            placeholder=N_("For example: a job board, a friend, a newsletter"),
        ),
        Field(
            "notes",
            N_("Notes on it (optional)"),
            "textarea",
            placeholder=N_("Anything to remember: the contact, the salary, why it appealed."),
        ),
    ),
    add_label=N_("Save application"),
    added=N_("Saved. Another one sent: that is effort, whatever the answer."),
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
            Field("status", N_("Where it stands now"), "select", options=ANSWER_STATUSES, option_labels=STATUS_LABELS),
            Field("status_on", N_("Since (the day you heard)"), "date"),
        ),
        Field(
            "answered_on",
            N_("Their first answer came on (optional)"),
            "date",
            help=N_("The first reply of any kind. Left empty, the day above counts as the first answer."),
        ),
    ),
    add_label=N_("Save answer"),
    added=N_("Saved."),
    changed="",  # the form closes on save: the page shows its own message (components.applications)
)
