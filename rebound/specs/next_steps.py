"""Next steps: an activity, an if-then plan, a company to keep warm, a win, a next step, a monthly review."""

from __future__ import annotations

from rebound.forms_spec import TODAY, Field, FormSpec
from rebound.i18n import N_
from rebound.insights.effort import GOAL_KINDS, KIND_LABELS
from rebound.models import ACTIVITY_KINDS

ACTIVITY = FormSpec(
    name="act",
    table="activities",
    layout=(
        (
            Field("date", N_("Date"), "date", default=TODAY),
            Field(
                "kind",
                N_("Kind"),
                "select",
                options=ACTIVITY_KINDS,
                option_labels=KIND_LABELS,
                placeholder=N_("What did you do?"),
            ),
        ),
        (
            Field("count", N_("How many"), "number", default=1, min_value=0, max_value=500, step=1),
            Field("minutes", N_("Minutes (optional)"), "number", min_value=0, max_value=24 * 60, step=5),
        ),
        Field("note", N_("Note (optional)")),
    ),
    add_label=N_("Log it"),
    added=N_("Logged. Every bit of effort counts."),
)

PLAN = FormSpec(
    name="plan",
    table="plans",
    layout=(
        Field("cue", N_("If… (the moment)"), placeholder=N_("it is Monday at 9:00")),
        Field("action", N_("…then I will"), placeholder=N_("send two tailored applications")),
        (
            Field(
                "kind",
                N_("Kind of effort (optional)"),
                "select",
                options=GOAL_KINDS,
                option_labels=KIND_LABELS,
                placeholder=N_("Choose…"),
            ),
            Field("per_week", N_("Times a week (optional)"), "number", min_value=1, max_value=14, step=1),
        ),
    ),
    add_label=N_("Save plan"),
    added=N_("Plan saved."),
)

CONNECTION = FormSpec(
    name="con",
    table="connections",
    layout=(
        (Field("company", N_("Company")), Field("contact", N_("Contact there (optional)"))),
        Field(
            "done",
            N_("What you have done so far (pick or type your own)"),
            "multiselect",
            new_options=True,
            default=(),
        ),
        (
            Field("last_touch_on", N_("Last touch (optional)"), "date"),
            Field("next_check_on", N_("Next check (optional)"), "date"),
            Field("reapply_after", N_("Re-apply after (optional)"), "date"),
        ),
        Field("notes", N_("Notes (optional)"), "textarea"),
    ),
    add_label=N_("Save company"),
    added=N_("Saved. Keeping in touch is a long game."),
)

WIN = FormSpec(
    name="win",
    table="wins",
    layout=(Field("date", N_("Date"), "date", default=TODAY), Field("text", N_("Your win"), "textarea", height=80)),
    add_label=N_("Save win"),
    added=N_("Saved. Well done."),
)

ACTION = FormSpec(
    name="acn",
    table="actions",
    layout=(
        Field("title", N_("Next step"), placeholder=N_("Ask Ana for an intro to her team")),
        (
            Field("due_on", N_("Due (optional)"), "date"),
            Field(
                "rejection_id",
                N_("For a rejection (optional)"),
                "select",
                placeholder=N_("Not about one in particular"),
            ),
        ),
    ),
    add_label=N_("Save next step"),
    added=N_("Next step saved."),
)

REVIEW = FormSpec(
    name="rev",
    table="reviews",
    layout=(
        Field("date", N_("Date"), "date", default=TODAY),
        Field("working", N_("What is working?"), "textarea"),
        Field("not_working", N_("What is not working?"), "textarea"),
        Field("change_next", N_("One change for next month"), "textarea"),
    ),
    add_label=N_("Save review"),
    added=N_("Review saved. One change at a time is plenty."),
)
