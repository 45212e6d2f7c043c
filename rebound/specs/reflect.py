"""Reflect: the structured reflection on one rejection."""

from __future__ import annotations

from rebound import content
from rebound.forms_spec import Field, FormSpec, Slot, Words
from rebound.i18n import N_
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
        _ask("went_well", N_("What went well?")),
        _ask("to_improve", N_("What would you do differently?")),
        _ask("lesson", N_("The lesson to keep (optional)")),
        _ask("fit_note", N_("Was the role a fit for what you want? (optional)")),
        Words(N_("How did each area go?"), N_("1 is hard going, 5 is strong. Skip any you cannot judge.")),
        Slot("ratings"),
        Field(
            "themes",
            N_("Themes (pick from the list, or type your own and press Enter)"),
            "multiselect",
            new_options=True,
            max_selections=patterns.TAGS_MAX,
            format=patterns.theme_label,
            default=(),
        ),
    ),
    add_label=N_("Save reflection"),
    added=N_("Reflection saved. Looking back honestly is hard work: well done."),
)
