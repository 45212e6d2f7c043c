"""Next steps: an activity, an if-then plan, a company to keep warm, a win, a next step, a monthly review."""

from __future__ import annotations

from rebound.forms_spec import TODAY, Field, FormSpec
from rebound.insights.effort import GOAL_KINDS, KIND_LABELS
from rebound.models import ACTIVITY_KINDS

ACTIVITY = FormSpec(
    name="act",
    table="activities",
    layout=(
        (
            Field("date", "Date", "date", default=TODAY),
            Field(
                "kind",
                "Kind",
                "select",
                options=ACTIVITY_KINDS,
                option_labels=KIND_LABELS,
                placeholder="What did you do?",
            ),
        ),
        (
            Field("count", "How many", "number", default=1, min_value=0, max_value=500, step=1),
            Field("minutes", "Minutes (optional)", "number", min_value=0, max_value=24 * 60, step=5),
        ),
        Field("note", "Note (optional)"),
    ),
    add_label="Log it",
    added="Logged. Every bit of effort counts.",
)

PLAN = FormSpec(
    name="plan",
    table="plans",
    layout=(
        Field("cue", "If… (the moment)", placeholder="it is Monday at 9:00"),
        Field("action", "…then I will", placeholder="send two tailored applications"),
        (
            Field(
                "kind",
                "Kind of effort (optional)",
                "select",
                options=GOAL_KINDS,
                option_labels=KIND_LABELS,
                placeholder="Choose…",
            ),
            Field("per_week", "Times a week (optional)", "number", min_value=1, max_value=14, step=1),
        ),
    ),
    add_label="Save plan",
    added="Plan saved.",
)

CONNECTION = FormSpec(
    name="con",
    table="connections",
    layout=(
        (Field("company", "Company"), Field("contact", "Contact there (optional)")),
        Field(
            "done",
            "What you have done so far (pick or type your own)",
            "multiselect",
            new_options=True,
            default=(),
        ),
        (
            Field("last_touch_on", "Last touch (optional)", "date"),
            Field("next_check_on", "Next check (optional)", "date"),
            Field("reapply_after", "Re-apply after (optional)", "date"),
        ),
        Field("notes", "Notes (optional)", "textarea"),
    ),
    add_label="Save company",
    added="Saved. Keeping in touch is a long game.",
)

WIN = FormSpec(
    name="win",
    table="wins",
    layout=(Field("date", "Date", "date", default=TODAY), Field("text", "Your win", "textarea", height=80)),
    add_label="Save win",
    added="Saved. Well done.",
)

ACTION = FormSpec(
    name="acn",
    table="actions",
    layout=(
        Field("title", "Next step", placeholder="Ask Ana for an intro to her team"),
        (
            Field("due_on", "Due (optional)", "date"),
            Field(
                "rejection_id",
                "For a rejection (optional)",
                "select",
                placeholder="Not about one in particular",
            ),
        ),
    ),
    add_label="Save next step",
    added="Next step saved.",
)

REVIEW = FormSpec(
    name="rev",
    table="reviews",
    layout=(
        Field("date", "Date", "date", default=TODAY),
        Field("working", "What is working?", "textarea"),
        Field("not_working", "What is not working?", "textarea"),
        Field("change_next", "One change for next month", "textarea"),
    ),
    add_label="Save review",
    added="Review saved. One change at a time is plenty.",
)
