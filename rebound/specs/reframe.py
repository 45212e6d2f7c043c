"""Reframe: the thought record and the person's own success stories."""

from __future__ import annotations

from rebound import content, reframe
from rebound.forms_spec import TODAY, Field, FormSpec


def _rating(name: str, label: str) -> Field:
    return Field(name, label, "number", min_value=0, max_value=100, step=5, placeholder="0 to 100")


THOUGHT = FormSpec(
    name="rf",
    table="reframes",
    layout=(
        (
            Field("date", "Date", "date", default=TODAY),
            Field(
                "rejection_id",
                "About a logged rejection? (optional)",
                "select",
                placeholder="Not about one in particular",
            ),
        ),
        Field(
            "situation",
            "1 · The situation",
            "textarea",
            placeholder="What happened, in plain facts. (Leave blank if you picked a rejection above.)",
        ),
        Field(
            "automatic_thought",
            "2 · The thought that came up",
            "textarea",
            placeholder="The first thing your mind said, word for word, e.g. “I'll never get a job like this.”",
        ),
        (
            Field(
                "emotion",
                "3 · The feeling (pick or type your own)",
                "select",
                options=content.emotion_ids,
                option_labels=content.EMOTION_LABELS,
                new_options=True,
                placeholder="e.g. ashamed, anxious",
            ),
            _rating("intensity_before", "How strong, 0–100, right now"),
        ),
        Field(
            "distortions",
            "4 · Thinking traps you notice (optional — see the list above)",
            "multiselect",
            options=reframe.trap_ids,
            format=reframe.trap_label,
            placeholder="Choose any that fit",
            default=(),
        ),
        (
            Field(
                "evidence_for", "5 · Evidence for the thought", "textarea", placeholder="Facts only: what supports it?"
            ),
            Field(
                "evidence_against",
                "6 · Evidence against it",
                "textarea",
                placeholder="What does not fit the thought? What would a friend point out?",
            ),
        ),
        Field(
            "balanced_thought",
            "7 · A more balanced thought",
            "textarea",
            placeholder="Something fair that takes in both sides, e.g. “This one hurt, and I reached the final round.”",
        ),
        Field(
            "opportunity",
            "8 · What this opens up (optional)",
            "textarea",
            placeholder="A redirection, something to learn, a door that is still open, time for something else…",
        ),
        _rating("intensity_after", "9 · How strong is the feeling now, 0–100?"),
    ),
    add_label="Save thought record",
    added="Thought record saved. Well done for slowing down.",
)

OWN_STORY = FormSpec(
    name="story",
    table="stories",
    layout=(
        (Field("title", "Title"), Field("person", "Who (optional)")),
        Field("setback", "The setback", "textarea"),
        Field("outcome", "What came after", "textarea"),
        Field("lesson", "What to take from it (optional)", "textarea"),
        Field(
            "source",
            "Where it comes from (optional)",
            placeholder="e.g. my own experience, a friend, an interview I read",
        ),
    ),
    add_label="Save story",
    added="Story saved.",
)
