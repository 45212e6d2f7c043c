"""Follow up: the feedback request and the thank-you note, each a draft that writes itself."""

from __future__ import annotations

from rebound import drafts, followup, i18n
from rebound.forms_spec import Expander, Field, FormSpec, Slot, Words
from rebound.i18n import N_
from rebound.insights import patterns

_SPECIFIC = Field(
    "specific",
    N_("Something specific from the process (optional)"),
    placeholder=N_("e.g. the system design exercise, meeting the team"),
    help=N_("A detail makes the message personal. Rebound adds it to the draft."),
    draft=True,
)
_STYLE = (
    Field(
        "tone",
        N_("Tone"),
        "radio",
        options=tuple(followup.TONES),
        option_labels=followup.TONES,
        default="warm",
        draft=True,
    ),
    Field(
        "length",
        N_("Length"),
        "radio",
        options=tuple(followup.LENGTHS),
        option_labels=followup.LENGTHS,
        default="short",
        draft=True,
    ),
    Field("my_name", N_("Your name"), draft=True),
)
# Kept with the record (a code such as "de"): the message's language, which may not be the app's.
_LANGUAGE = Field(
    "language",
    N_("Language of this draft"),
    "select",
    options=lambda: tuple(i18n.languages()),
    format=drafts.language_name,  # each language in its own words, never translated
    help=N_("Rebound writes the message in this language. The app stays in yours."),
)
_EMAIL = Field("contact_email", N_("Their email (optional)"))
_WHO = N_("e.g. Sam Lee, the recruiter")

FEEDBACK = FormSpec(
    name="fb",
    table="feedback_requests",
    layout=(
        (Field("contact_name", N_("Their name"), placeholder=_WHO), _EMAIL),
        _SPECIFIC,
        _STYLE,
        _LANGUAGE,
        Field("subject", N_("Subject")),
        Field("body", N_("Your request (edit freely)"), "textarea", height=260),
        Slot("send"),
        Words(N_("Keep track")),
        Field(
            "status",
            N_("Where is it at?"),
            "select",
            options=tuple(followup.STATUS_LABELS),
            option_labels=followup.STATUS_LABELS,
            default="draft",
        ),
        (
            Field("requested_on", N_("Sent on"), "date"),
            Field(
                "follow_up_on",
                N_("Follow up on (optional)"),
                "date",
                help=lambda: i18n.ngettext(
                    "Rebound nudges you on this day if you have not heard back. A week ({n} day) is usual.",
                    "Rebound nudges you on this day if you have not heard back. A week ({n} days) is usual.",
                    followup.FOLLOW_UP_DAYS,
                ),
            ),
        ),
        Expander(
            N_("Their feedback (when it arrives)"),
            (
                Field(
                    "feedback_text",
                    N_("What did they say?"),
                    "textarea",
                    placeholder=N_(
                        "Their words as closely as you remember them. Facts first; how you feel about it "
                        "can go in a reflection."
                    ),
                ),
                Field(
                    "themes",
                    N_("Themes in their feedback (pick, or type your own and press Enter)"),
                    "multiselect",
                    new_options=True,
                    max_selections=patterns.TAGS_MAX,
                    format=patterns.theme_label,
                    help=N_("Themes feed the patterns on the Reflect page."),
                    default=(),
                ),
                Field("received_on", N_("Feedback received on"), "date"),
            ),
        ),
    ),
    add_label=N_("Save feedback request"),
    added=N_("Saved. Asking for feedback takes courage. Well done."),
)

THANKS = FormSpec(
    name="ty",
    table="thank_you_notes",
    layout=(
        (Field("recipient", N_("Who is it for?"), placeholder=_WHO), _EMAIL),
        _SPECIFIC,
        _STYLE,
        _LANGUAGE,
        Field("subject", N_("Subject")),
        Field("body", N_("Your note (edit freely)"), "textarea", height=260),
        Slot("send"),
        Field("sent_on", N_("Sent on (leave empty while it is a draft)"), "date"),
    ),
    add_label=N_("Save thank-you note"),
    added=N_("Thank-you note saved."),
)

NAME_FIELD = {"fb": "contact_name", "ty": "recipient"}
PURPOSE = {"fb": "feedback_request", "ty": "thank_you"}
