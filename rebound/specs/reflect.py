"""Reflect: the structured reflection on one rejection."""

from __future__ import annotations

from rebound import content
from rebound.forms_spec import Field, FormSpec, Slot, Words
from rebound.insights import patterns


def _prompts(field: str) -> list[dict]:
    return content.load("reflection")["prompts"][field]


def _ask(field: str, label: str) -> Field:
    """A reflection question: its first prompt as the placeholder, all of them as help."""
    return Field(
        field,
        label,
        "textarea",
        placeholder=lambda: _prompts(field)[0]["text"],
        help=lambda: " ".join(p["text"] for p in _prompts(field)),
    )


REFLECTION = FormSpec(
    name="refl",
    table="reflections",
    layout=(
        _ask("went_well", "What went well?"),
        _ask("to_improve", "What would you do differently?"),
        _ask("lesson", "The lesson to keep (optional)"),
        _ask("fit_note", "Was the role a fit for what you want? (optional)"),
        Words("How did each area go?", "1 is hard going, 5 is strong. Skip any you cannot judge."),
        Slot("ratings"),
        Field(
            "themes",
            "Themes (pick from the list, or type your own and press Enter)",
            "multiselect",
            new_options=True,
            max_selections=patterns.TAGS_MAX,
            format=patterns.theme_label,
            default=(),
        ),
    ),
    add_label="Save reflection",
    added="Reflection saved. Looking back honestly is hard work: well done.",
)
