"""Support: a person in your corner; a conversation with them."""

from __future__ import annotations

from rebound.forms_spec import TODAY, Field, FormSpec
from rebound.i18n import N_
from rebound.support import CONVERSATION_KINDS, KIND_LABELS, RELATIONSHIP_LABELS, RELATIONSHIPS

PERSON = FormSpec(
    name="ppl",
    table="contacts",
    layout=(
        (
            Field("name", N_("Name")),
            Field(
                "relationship",
                N_("Relationship"),
                "select",
                options=RELATIONSHIPS,
                option_labels=RELATIONSHIP_LABELS,
                new_options=True,
                placeholder=N_("Choose, or type your own and press Enter"),
            ),
        ),
        (Field("organization", N_("Organisation (optional)")), Field("email", N_("Email (optional, for drafts)"))),
        Field(
            "how_they_help",
            N_("How they help (optional)"),
            "textarea",
            placeholder=N_("e.g. honest CV feedback, knows the industry, good for morale"),
        ),
        Field("notes", N_("Notes (optional)"), "textarea"),
        Field("last_contacted_on", N_("Last contact (optional; logging a conversation updates it)"), "date"),
    ),
    add_label=N_("Save person"),
    added=N_("Saved. Good to have them in your corner."),
)

CONVERSATION = FormSpec(
    name="talk",
    table="support_log",
    layout=(
        (
            Field("contact_id", N_("Who"), "select", placeholder=N_("Choose a person")),
            Field("date", N_("When"), "date", default=TODAY),
        ),
        Field(
            "kind",
            N_("Kind of conversation (optional)"),
            "select",
            options=CONVERSATION_KINDS,
            option_labels=KIND_LABELS,
            new_options=True,
            placeholder=N_("Choose, or type your own and press Enter"),
        ),
        Field(
            "takeaways",
            N_("Takeaways (optional)"),
            "textarea",
            placeholder=N_("Advice, encouragement, something they noticed about you…"),
        ),
        Field(
            "themes",
            N_("Themes in what they said (pick or type your own)"),
            "multiselect",
            new_options=True,
            default=(),
            placeholder=N_("e.g. Communication, Networking and referrals"),
        ),
        Field(
            "leads",
            N_("Leads (optional, one per line)"),
            "textarea",
            placeholder=N_("A company hiring, a person to meet, an event… Each line can become a next step."),
        ),
    ),
    add_label=N_("Save conversation"),
    added=N_("Conversation saved."),
)
