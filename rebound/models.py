"""Every table of the journal, with the rules a record must meet.

One way throughout: a pydantic model per table. ``validate(table, data, today)``
returns a clean, JSON-ready dict or raises :class:`Invalid` whose ``errors`` map
each field to a plain, kind message that says what to do. *today* is the date
in the person's own time zone (the shell computes it), used by every date rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from rebound.i18n import N_, _, format_number, ngettext

# Length caps (characters), sized to fit the content: a journal note runs to a few pages,
# a 15-minute expressive-writing session past 10,000 characters. Text over a cap is kept in
# the form and refused with "too long: N of CAP characters" (never cut off silently).
NAME = 120
NOTE = 5000
ESSAY = 20000

STAGES = ("applied", "screen", "interview", "final", "offer")
STAGE_LABELS = {  # marked: shown translated (rebound.applications.stage_label, or _())
    "applied": N_("Application"),
    "screen": N_("Screening call"),
    "interview": N_("Interview"),
    "final": N_("Final round"),
    "offer": N_("Offer stage"),
}
CHANNELS = ("job board", "company site", "referral", "recruiter", "networking", "other")
# Where an application stands. "waiting" until an answer; "ghosted" is stored when the person
# says so, and is also worked out for a waiting application older than the person's N weeks
# (rebound.applications.outcome): it counts as a no for the debrief but keeps its own name.
APPLICATION_STATUSES = ("waiting", "screen", "interview", "final", "offer", "rejected", "ghosted", "withdrawn")
ANSWERED_STATUSES = ("screen", "interview", "final", "offer", "rejected")  # the employer answered
GHOST_WEEKS_DEFAULT = 6
FEEDBACK_STATUSES = ("draft", "sent", "received", "declined", "no_reply")
ACTIVITY_KINDS = ("application", "networking", "interview_practice", "learning", "materials", "follow_up", "rest")
PLAN_KINDS = ("course", "certification", "workshop", "project", "practice")

Name = Annotated[str, Field(min_length=1, max_length=NAME)]
OptName = Annotated[str | None, Field(default=None, max_length=NAME)]
Text = Annotated[str, Field(min_length=1, max_length=NOTE)]
OptText = Annotated[str | None, Field(default=None, max_length=NOTE)]
Tags = Annotated[list[Annotated[str, Field(min_length=1, max_length=60)]], Field(default_factory=list, max_length=30)]
Scale10 = Annotated[int, Field(ge=1, le=10)]
Scale5 = Annotated[int, Field(ge=1, le=5)]
Percent = Annotated[int, Field(ge=0, le=100)]
OptId = Annotated[str | None, Field(default=None, max_length=64)]
Id = Annotated[str, Field(min_length=1, max_length=64)]


class Invalid(ValueError):
    """A record broke a rule. ``errors`` maps field name -> message for that field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _not_future(value: dt.date | None, info: ValidationInfo) -> dt.date | None:
    today = (info.context or {}).get("today")
    if value is not None and today is not None and value > today:
        raise PydanticCustomError("future_date", N_("This date is in the future. Pick today or an earlier day."))
    return value


def _empty_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class Record(BaseModel):
    """Common rules: trim text, turn blank optional text into nothing, ignore unknown fields."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    @field_validator("*", mode="before")
    @classmethod
    def _blank(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields[info.field_name]
        return value if field.is_required() else _empty_to_none(value)

    @field_validator("*", mode="after")
    @classmethod
    def _tags_unique(cls, value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            seen: dict[str, str] = {}
            for v in value:
                seen.setdefault(v.casefold(), v)
            return list(seen.values())
        return value


class Profile(Record):
    name: OptName
    long_term_goal: OptText
    values: Tags
    target_roles: Tags
    weekly_goals: dict[str, Annotated[int, Field(ge=0, le=200)]] = Field(default_factory=dict)
    last_backup_on: dt.date | None = None
    workshop: OptName = None  # the join code of the workshop this person joined
    workshop_member_id: OptId = None  # random; never the private link
    workshop_opt_in: bool = False
    # What this journal last added to its room's counts (0/1 per figure; see rebound.workshop.sync).
    workshop_contributed: dict[str, Annotated[int, Field(ge=0, le=1)]] | None = None
    language: OptName = None  # the language the person picked (a code such as "de"), else the browser's
    link_saved: bool = False  # the person confirmed they saved their private link (shown at join until then)
    # No answer after this many weeks counts as "ghosted" (None: GHOST_WEEKS_DEFAULT).
    ghost_after_weeks: Annotated[int | None, Field(default=None, ge=1, le=52)] = Field(
        default=None, title=N_("Weeks without an answer before it counts as no answer")
    )


class Application(Record):
    """An application, logged when it is sent. ``applied_on`` may be unknown only for one
    brought in from an old journal's rejection (the form asks for it)."""

    company: Name = Field(title=N_("Company"))
    role: Name = Field(title=N_("Role"))
    applied_on: dt.date | None = Field(default=None, title=N_("Applied on"))
    channel: OptName = Field(title=N_("How you applied"))
    source: OptName = Field(title=N_("Where you found it"))
    notes: OptText = Field(title=N_("Notes"))
    status: Literal[APPLICATION_STATUSES] = Field(default="waiting", title=N_("Where it stands"))  # type: ignore[valid-type]
    answered_on: dt.date | None = Field(default=None, title=N_("First answer on"))
    status_on: dt.date | None = Field(default=None, title=N_("Since"))
    fingerprint: OptId = Field(title=N_("Imported row"))  # stable per imported row: an import adds nothing twice

    _future = field_validator("applied_on", "answered_on", "status_on")(_not_future)

    @field_validator("answered_on", "status_on")
    @classmethod
    def _after_applied(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        applied = info.data.get("applied_on")
        if value and applied and value < applied:
            raise PydanticCustomError("before_applied", N_("This is before the day you applied. Check both dates."))
        return value

    @field_validator("status_on")
    @classmethod
    def _not_before_answer(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        first = info.data.get("answered_on")
        if value and first and value < first:
            raise PydanticCustomError("before_answer", N_("This is before their first answer. Check both dates."))
        return value


class Rejection(Record):
    company: Name = Field(title=N_("Company"))
    role: Name = Field(title=N_("Role"))
    stage: Literal[STAGES] = Field(title=N_("Stage reached"))  # type: ignore[valid-type]
    applied_on: dt.date | None = Field(default=None, title=N_("Applied on"))
    rejected_on: dt.date = Field(title=N_("Heard back on"))
    channel: OptName = Field(title=N_("How you applied"))
    source: OptName = Field(title=N_("Where you found it"))
    notes: OptText = Field(title=N_("Notes"))
    application_id: OptId = Field(title=N_("Application"))
    ghosted: bool = Field(default=False, title=N_("No answer"))  # logged for an application that never answered

    _future = field_validator("applied_on", "rejected_on")(_not_future)

    @field_validator("rejected_on")
    @classmethod
    def _after_applied(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        applied = info.data.get("applied_on")
        if applied and value < applied:
            raise PydanticCustomError("before_applied", N_("This is before the day you applied. Check both dates."))
        return value


class CheckIn(Record):
    date: dt.date = Field(title=N_("Date"))
    mood: Scale10 = Field(title=N_("Mood"))
    confidence: Scale10 = Field(title=N_("Confidence"))
    emotions: Tags = Field(title=N_("Feelings"))
    note: OptText = Field(title=N_("Note"))
    rejection_id: OptId = Field(title=N_("Rejection"))
    facts: OptText = Field(title=N_("What happened, in plain facts"))
    kind_words: OptText = Field(title=N_("What a good friend would say"))
    not_defined_by: OptText = Field(title=N_("What this does not say about you"))

    _future = field_validator("date")(_not_future)


class Reflection(Record):
    rejection_id: Id = Field(title=N_("Rejection"))
    went_well: Text = Field(title=N_("What went well"))
    to_improve: Text = Field(title=N_("What to improve"))
    ratings: dict[Annotated[str, Field(max_length=60)], Scale5] = Field(default_factory=dict, title=N_("Ratings"))
    themes: Tags = Field(title=N_("Themes"))
    lesson: OptText = Field(title=N_("Lesson to keep"))
    fit_note: OptText = Field(title=N_("Was it a fit?"))


class FeedbackRequest(Record):
    rejection_id: Id = Field(title=N_("Rejection"))
    status: Literal[FEEDBACK_STATUSES] = Field(title=N_("Status"))  # type: ignore[valid-type]
    contact_name: OptName = Field(title=N_("Contact name"))
    requested_on: dt.date | None = Field(default=None, title=N_("Sent on"))
    follow_up_on: dt.date | None = Field(default=None, title=N_("Follow up on"))
    feedback_text: OptText = Field(title=N_("Feedback received"))
    themes: Tags = Field(title=N_("Themes"))
    contact_email: OptName = Field(title=N_("Contact email"))
    template_id: OptId = Field(title=N_("Template"))
    subject: OptName = Field(title=N_("Subject"))
    body: Annotated[str | None, Field(default=None, max_length=ESSAY)] = Field(default=None, title=N_("Message"))
    received_on: dt.date | None = Field(default=None, title=N_("Feedback received on"))
    language: OptId = Field(title=N_("Language of this draft"))  # a code ("de"): the message's, not the app's

    _future = field_validator("requested_on", "received_on")(_not_future)

    @field_validator("follow_up_on")
    @classmethod
    def _after_sent(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        sent = info.data.get("requested_on")
        if value and sent and value < sent:
            raise PydanticCustomError("before_sent", N_("The follow-up date is before the day you sent it."))
        return value


class ThankYouNote(Record):
    rejection_id: Id = Field(title=N_("Rejection"))
    recipient: Name = Field(title=N_("Recipient"))
    sent_on: dt.date | None = Field(default=None, title=N_("Sent on"))
    body: Annotated[str | None, Field(default=None, max_length=ESSAY)] = None
    contact_email: OptName = Field(title=N_("Email"))
    template_id: OptId = Field(title=N_("Template"))
    subject: OptName = Field(title=N_("Subject"))
    language: OptId = Field(title=N_("Language of this draft"))  # a code ("de"): the message's, not the app's

    _future = field_validator("sent_on")(_not_future)


class Reframe(Record):
    date: dt.date = Field(title=N_("Date"))
    situation: Text = Field(title=N_("Situation"))
    automatic_thought: Text = Field(title=N_("The thought"))
    intensity_before: Percent = Field(title=N_("Intensity before"))
    balanced_thought: Text = Field(title=N_("A more balanced thought"))
    intensity_after: Percent = Field(title=N_("Intensity after"))
    rejection_id: OptId = Field(title=N_("Rejection"))
    emotion: OptName = Field(title=N_("Emotion"))
    distortions: Tags = Field(title=N_("Thinking traps"))
    evidence_for: OptText = Field(title=N_("Evidence for"))
    evidence_against: OptText = Field(title=N_("Evidence against"))
    opportunity: OptText = Field(title=N_("What this opens up"))

    _future = field_validator("date")(_not_future)


class Writing(Record):
    date: dt.date = Field(title=N_("Date"))
    text: Annotated[str, Field(min_length=1, max_length=ESSAY)] = Field(title=N_("Your writing"))
    minutes: Annotated[int | None, Field(default=None, ge=0, le=240)] = None
    prompt_id: OptId = None

    _future = field_validator("date")(_not_future)


class Contact(Record):
    name: Name = Field(title=N_("Name"))
    relationship: Name = Field(title=N_("Relationship"))
    organization: OptName = Field(title=N_("Organisation"))
    how_they_help: OptText = Field(title=N_("How they help"))
    notes: OptText = Field(title=N_("Notes"))
    last_contacted_on: dt.date | None = Field(default=None, title=N_("Last contact"))
    email: OptName = Field(title=N_("Email"))

    _future = field_validator("last_contacted_on")(_not_future)


class SupportLog(Record):
    contact_id: Id = Field(title=N_("Person"))
    date: dt.date = Field(title=N_("Date"))
    kind: OptName = Field(title=N_("Kind of conversation"))
    takeaways: OptText = Field(title=N_("Takeaways"))
    themes: Tags = Field(title=N_("Themes"))
    leads: OptText = Field(title=N_("Leads"))

    _future = field_validator("date")(_not_future)


class Activity(Record):
    date: dt.date = Field(title=N_("Date"))
    kind: Literal[ACTIVITY_KINDS] = Field(title=N_("Kind"))  # type: ignore[valid-type]
    count: Annotated[int, Field(ge=0, le=500)] = Field(title=N_("How many"))
    minutes: Annotated[int | None, Field(default=None, ge=0, le=24 * 60)] = Field(default=None, title=N_("Minutes"))
    note: OptText = Field(title=N_("Note"))

    _future = field_validator("date")(_not_future)


class Plan(Record):
    cue: Name = Field(title=N_("If (the moment)"))
    action: Name = Field(title=N_("Then (what I will do)"))
    kind: OptName = Field(title=N_("Kind"))
    per_week: Annotated[int | None, Field(default=None, ge=1, le=14)] = Field(default=None, title=N_("Times a week"))


class PlanReview(Record):
    plan_id: Id = Field(title=N_("Plan"))
    week_start: dt.date = Field(title=N_("Week"))
    kept: bool = Field(title=N_("Kept"))
    note: OptText = Field(title=N_("Note"))


class Review(Record):
    date: dt.date = Field(title=N_("Date"))
    working: Text = Field(title=N_("What is working"))
    not_working: Text = Field(title=N_("What is not working"))
    change_next: Text = Field(title=N_("One change for next month"))

    _future = field_validator("date")(_not_future)


class Skill(Record):
    name: Name = Field(title=N_("Skill"))
    level: Scale5 = Field(title=N_("Current level"))
    target_level: Scale5 = Field(title=N_("Target level"))
    category: OptName = Field(title=N_("Category"))
    plan_kind: Literal[PLAN_KINDS] | None = Field(default=None, title=N_("Kind of plan"))  # type: ignore[valid-type]
    plan: OptText = Field(title=N_("Plan"))
    themes: Tags = Field(title=N_("Themes"))
    from_theme: OptName = Field(title=N_("From theme"))


class SkillLog(Record):
    skill_id: Id = Field(title=N_("Skill"))
    date: dt.date = Field(title=N_("Date"))
    level: Scale5 = Field(title=N_("Level after"))
    minutes: Annotated[int | None, Field(default=None, ge=0, le=24 * 60)] = Field(default=None, title=N_("Minutes"))
    note: OptText = Field(title=N_("Note"))

    _future = field_validator("date")(_not_future)


class InterviewStory(Record):
    title: Name = Field(title=N_("Title"))
    situation: Text = Field(title=N_("Situation"))
    action: Text = Field(title=N_("Action"))
    result: Text = Field(title=N_("Result"))
    task: OptText = Field(title=N_("Task"))
    themes: Tags = Field(title=N_("Themes"))
    skill_id: OptId = Field(title=N_("Skill"))
    times_rehearsed: Annotated[int, Field(ge=0, le=10000)] = Field(default=0, title=N_("Times rehearsed"))
    last_rehearsed_on: dt.date | None = Field(default=None, title=N_("Last rehearsed"))

    _future = field_validator("last_rehearsed_on")(_not_future)


class Connection(Record):
    company: Name = Field(title=N_("Company"))
    contact: OptName = Field(title=N_("Contact"))
    done: Tags = Field(title=N_("What you have done"))
    last_touch_on: dt.date | None = Field(default=None, title=N_("Last touch"))
    next_check_on: dt.date | None = Field(default=None, title=N_("Next check"))
    reapply_after: dt.date | None = Field(default=None, title=N_("Re-apply after"))
    notes: OptText = Field(title=N_("Notes"))

    _future = field_validator("last_touch_on")(_not_future)


class Action(Record):
    title: Name = Field(title=N_("Next step"))
    due_on: dt.date | None = Field(default=None, title=N_("Due"))
    done: bool = Field(default=False, title=N_("Done"))
    kind: OptName = Field(title=N_("Kind"))
    rejection_id: OptId = Field(title=N_("Rejection"))
    source: OptName = Field(title=N_("Came from"))


class Win(Record):
    date: dt.date = Field(title=N_("Date"))
    text: Text = Field(title=N_("Win"))

    _future = field_validator("date")(_not_future)


class Story(Record):
    title: Name = Field(title=N_("Title"))
    setback: Text = Field(title=N_("The setback"))
    outcome: Text = Field(title=N_("What came after"))
    person: OptName = Field(title=N_("Who"))
    lesson: OptText = Field(title=N_("What to take from it"))
    source: OptName = Field(title=N_("Source"))


class StoryNote(Record):
    story_id: Id = Field(title=N_("Story"))
    takeaway: OptText = Field(title=N_("What you take from it"))
    favorite: bool = Field(default=False, title=N_("Favourite"))


MODELS: dict[str, type[Record]] = {
    "profile": Profile,
    "applications": Application,
    "rejections": Rejection,
    "checkins": CheckIn,
    "reflections": Reflection,
    "feedback_requests": FeedbackRequest,
    "thank_you_notes": ThankYouNote,
    "reframes": Reframe,
    "writings": Writing,
    "contacts": Contact,
    "support_log": SupportLog,
    "activities": Activity,
    "plans": Plan,
    "plan_reviews": PlanReview,
    "reviews": Review,
    "skills": Skill,
    "skill_logs": SkillLog,
    "interview_stories": InterviewStory,
    "connections": Connection,
    "actions": Action,
    "wins": Win,
    "stories": Story,
    "story_notes": StoryNote,
}

# field -> table it points at. Required links make a record a dependant (deleted
# with its parent); optional links are cleared instead (see rebound.journal).
REFERENCES: dict[str, dict[str, str]] = {
    "rejections": {"application_id": "applications"},
    "checkins": {"rejection_id": "rejections"},
    "reflections": {"rejection_id": "rejections"},
    "feedback_requests": {"rejection_id": "rejections"},
    "thank_you_notes": {"rejection_id": "rejections"},
    "reframes": {"rejection_id": "rejections"},
    "support_log": {"contact_id": "contacts"},
    "plan_reviews": {"plan_id": "plans"},
    "skill_logs": {"skill_id": "skills"},
    "interview_stories": {"skill_id": "skills"},
    "actions": {"rejection_id": "rejections"},
}

_PLAIN = {
    "missing": N_("Please fill this in."),
    "string_too_short": N_("Please fill this in."),
    "string_type": N_("This should be text."),
    "int_parsing": N_("This should be a whole number."),
    "int_type": N_("This should be a whole number."),
    "int_from_float": N_("This should be a whole number."),
    "bool_parsing": N_("This should be yes or no."),
    "bool_type": N_("This should be yes or no."),
    "date_parsing": N_("This should be a date like 2026-03-31."),
    "date_from_datetime_parsing": N_("This should be a date like 2026-03-31."),
    "date_type": N_("This should be a date like 2026-03-31."),
    "list_type": N_("This should be a list."),
    "dict_type": N_("This should be a set of named values."),
}


def _message(err: Mapping[str, Any]) -> str:
    """A validation error in the person's words and language (custom errors carry a marked message)."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "string_too_long":
        typed = err.get("input")
        cap = format_number(ctx["max_length"])
        if isinstance(typed, str):
            return _(
                "This is too long: {length} of {cap} characters. Please shorten it.",
                length=format_number(len(typed)),
                cap=cap,
            )
        return _("This is too long: more than {cap} characters. Please shorten it.", cap=cap)
    if kind == "too_long":
        return ngettext(
            "Please keep this to {n} item or fewer.", "Please keep this to {n} items or fewer.", ctx["max_length"]
        )
    if kind == "greater_than_equal":
        return _("Please pick a number of at least {n}.", n=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("Please pick a number no higher than {n}.", n=ctx.get("le"))
    if kind == "literal_error" and err.get("input") is None:
        return _("Please choose one.")
    if kind == "literal_error":
        return _("Please choose one of: {choices}.", choices=ctx.get("expected", ""))
    if kind in _PLAIN:
        return _(_PLAIN[kind])
    # Our own PydanticCustomError messages are marked English (N_), without placeholders: translated here.
    return _(err.get("msg") or N_("This value is not valid."))


def validate(table: str, data: Mapping[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """Check a record for ``table``; return it clean and JSON-ready, or raise Invalid."""
    model = MODELS[table]
    try:
        obj = model.model_validate(dict(data), context={"today": today})
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "_record"
            errors.setdefault(field, _message(err))
        raise Invalid(errors) from None
    return obj.model_dump(mode="json")


def label(table: str, field: str) -> str:
    info = MODELS[table].model_fields.get(field)
    return (_(info.title) if info and info.title else field.replace("_", " ").capitalize()) if info else field
