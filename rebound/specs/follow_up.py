"""Follow up: the feedback request and the thank-you note, each a draft that writes itself."""

from __future__ import annotations

from rebound import followup
from rebound.forms_spec import Expander, Field, FormSpec, Slot, Words
from rebound.insights import patterns

_SPECIFIC = Field(
    "specific",
    "Something specific from the process (optional)",
    placeholder="e.g. the system design exercise, meeting the team",
    help="A detail makes the message personal. Rebound adds it to the draft.",
    draft=True,
)
_STYLE = (
    Field(
        "tone", "Tone", "radio", options=tuple(followup.TONES), option_labels=followup.TONES, default="warm", draft=True
    ),
    Field(
        "length",
        "Length",
        "radio",
        options=tuple(followup.LENGTHS),
        option_labels=followup.LENGTHS,
        default="short",
        draft=True,
    ),
    Field("my_name", "Your name", draft=True),
)
_EMAIL = Field("contact_email", "Their email (optional)")
_WHO = "e.g. Sam Lee, the recruiter"

FEEDBACK = FormSpec(
    name="fb",
    table="feedback_requests",
    layout=(
        (Field("contact_name", "Their name", placeholder=_WHO), _EMAIL),
        _SPECIFIC,
        _STYLE,
        Field("subject", "Subject"),
        Field("body", "Your request (edit freely)", "textarea", height=260),
        Slot("send"),
        Words("Keep track"),
        Field(
            "status",
            "Where is it at?",
            "select",
            options=tuple(followup.STATUS_LABELS),
            option_labels=followup.STATUS_LABELS,
            default="draft",
        ),
        (
            Field("requested_on", "Sent on", "date"),
            Field(
                "follow_up_on",
                "Follow up on (optional)",
                "date",
                help="Rebound nudges you on this day if you have not heard back. "
                f"A week ({followup.FOLLOW_UP_DAYS} days) is usual.",
            ),
        ),
        Expander(
            "Their feedback (when it arrives)",
            (
                Field(
                    "feedback_text",
                    "What did they say?",
                    "textarea",
                    placeholder="Their words as closely as you remember them. Facts first; how you feel about it "
                    "can go in a reflection.",
                ),
                Field(
                    "themes",
                    "Themes in their feedback (pick, or type your own and press Enter)",
                    "multiselect",
                    new_options=True,
                    max_selections=patterns.TAGS_MAX,
                    format=patterns.theme_label,
                    help="Themes feed the patterns on the Reflect page.",
                    default=(),
                ),
                Field("received_on", "Feedback received on", "date"),
            ),
        ),
    ),
    add_label="Save feedback request",
    added="Saved. Asking for feedback takes courage. Well done.",
)

THANKS = FormSpec(
    name="ty",
    table="thank_you_notes",
    layout=(
        (Field("recipient", "Who is it for?", placeholder=_WHO), _EMAIL),
        _SPECIFIC,
        _STYLE,
        Field("subject", "Subject"),
        Field("body", "Your note (edit freely)", "textarea", height=260),
        Slot("send"),
        Field("sent_on", "Sent on (leave empty while it is a draft)", "date"),
    ),
    add_label="Save thank-you note",
    added="Thank-you note saved.",
)

NAME_FIELD = {"fb": "contact_name", "ty": "recipient"}
PURPOSE = {"fb": "feedback_request", "ty": "thank_you"}
