"""Support: a person in your corner; a conversation with them."""

from __future__ import annotations

from rebound.forms_spec import TODAY, Field, FormSpec
from rebound.support import CONVERSATION_KINDS, RELATIONSHIPS

PERSON = FormSpec(
    name="ppl",
    table="contacts",
    layout=(
        (
            Field("name", "Name"),
            Field(
                "relationship",
                "Relationship",
                "select",
                options=RELATIONSHIPS,
                new_options=True,
                placeholder="Choose, or type your own and press Enter",
            ),
        ),
        (Field("organization", "Organisation (optional)"), Field("email", "Email (optional, for drafts)")),
        Field(
            "how_they_help",
            "How they help (optional)",
            "textarea",
            placeholder="e.g. honest CV feedback, knows the industry, good for morale",
        ),
        Field("notes", "Notes (optional)", "textarea"),
        Field("last_contacted_on", "Last contact (optional; logging a conversation updates it)", "date"),
    ),
    add_label="Save person",
    added="Saved. Good to have them in your corner.",
)

CONVERSATION = FormSpec(
    name="talk",
    table="support_log",
    layout=(
        (
            Field("contact_id", "Who", "select", placeholder="Choose a person"),
            Field("date", "When", "date", default=TODAY),
        ),
        Field(
            "kind",
            "Kind of conversation (optional)",
            "select",
            options=CONVERSATION_KINDS,
            new_options=True,
            placeholder="Choose, or type your own and press Enter",
        ),
        Field(
            "takeaways",
            "Takeaways (optional)",
            "textarea",
            placeholder="Advice, encouragement, something they noticed about you…",
        ),
        Field(
            "themes",
            "Themes in what they said (pick or type your own)",
            "multiselect",
            new_options=True,
            default=(),
            placeholder="e.g. Communication, Networking and referrals",
        ),
        Field(
            "leads",
            "Leads (optional, one per line)",
            "textarea",
            placeholder="A company hiring, a person to meet, an event… Each line can become a next step.",
        ),
    ),
    add_label="Save conversation",
    added="Conversation saved.",
)
