"""Reframe: the thought record and the person's own success stories."""

from __future__ import annotations

from rebound import content, reframe
from rebound.forms_spec import TODAY, Field, FormSpec
from rebound.i18n import N_


def _rating(name: str, label: str) -> Field:
    return Field(name, label, "number", min_value=0, max_value=100, step=5, placeholder=N_("0 to 100"))


THOUGHT = FormSpec(
    name="rf",
    table="reframes",
    layout=(
        (
            Field("date", N_("Date"), "date", default=TODAY),
            Field(
                "rejection_id",
                N_("About a logged rejection? (optional)"),
                "select",
                placeholder=N_("Not about one in particular"),
            ),
        ),
        Field(
            "situation",
            N_("1 · The situation"),
            "textarea",
            placeholder=N_("What happened, in plain facts. (Leave blank if you picked a rejection above.)"),
        ),
        Field(
            "automatic_thought",
            N_("2 · The thought that came up"),
            "textarea",
            placeholder=N_("The first thing your mind said, word for word, e.g. “I'll never get a job like this.”"),
        ),
        (
            Field(
                "emotion",
                N_("3 · The feeling (pick or type your own)"),
                "select",
                options=content.emotion_ids,
                option_labels=content.EMOTION_LABELS,
                new_options=True,
                placeholder=N_("e.g. ashamed, anxious"),
            ),
            _rating("intensity_before", N_("How strong, 0–100, right now")),
        ),
        Field(
            "distortions",
            N_("4 · Thinking traps you notice (optional — see the list above)"),
            "multiselect",
            options=reframe.trap_ids,
            format=reframe.trap_label,
            placeholder=N_("Choose any that fit"),
            default=(),
        ),
        (
            Field(
                "evidence_for",
                N_("5 · Evidence for the thought"),
                "textarea",
                placeholder=N_("Facts only: what supports it?"),
            ),
            Field(
                "evidence_against",
                N_("6 · Evidence against it"),
                "textarea",
                placeholder=N_("What does not fit the thought? What would a friend point out?"),
            ),
        ),
        Field(
            "balanced_thought",
            N_("7 · A more balanced thought"),
            "textarea",
            placeholder=N_(
                "Something fair that takes in both sides, e.g. “This one hurt, and I reached the final round.”"
            ),
        ),
        Field(
            "opportunity",
            N_("8 · What this opens up (optional)"),
            "textarea",
            placeholder=N_("A redirection, something to learn, a door that is still open, time for something else…"),
        ),
        _rating("intensity_after", N_("9 · How strong is the feeling now, 0–100?")),
    ),
    add_label=N_("Save thought record"),
    added=N_("Thought record saved. Well done for slowing down."),
)

OWN_STORY = FormSpec(
    name="story",
    table="stories",
    layout=(
        (Field("title", N_("Title")), Field("person", N_("Who (optional)"))),
        Field("setback", N_("The setback"), "textarea"),
        Field("outcome", N_("What came after"), "textarea"),
        Field("lesson", N_("What to take from it (optional)"), "textarea"),
        Field(
            "source",
            N_("Where it comes from (optional)"),
            placeholder=N_("e.g. my own experience, a friend, an interview I read"),
        ),
    ),
    add_label=N_("Save story"),
    added=N_("Story saved."),
)
