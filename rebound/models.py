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

# Length caps (characters), sized to fit the content: a journal note runs to a few pages,
# a 15-minute expressive-writing session past 10,000 characters. Text over a cap is kept in
# the form and refused with "too long: N of CAP characters" (never cut off silently).
NAME = 120
NOTE = 5000
ESSAY = 20000

STAGES = ("applied", "screen", "interview", "final", "offer")
STAGE_LABELS = {
    "applied": "Application",
    "screen": "Screening call",
    "interview": "Interview",
    "final": "Final round",
    "offer": "Offer stage",
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
        raise PydanticCustomError("future_date", "This date is in the future. Pick today or an earlier day.")
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
    link_saved: bool = False  # the person confirmed they saved their private link (shown at join until then)
    # No answer after this many weeks counts as "ghosted" (None: GHOST_WEEKS_DEFAULT).
    ghost_after_weeks: Annotated[int | None, Field(default=None, ge=1, le=52)] = Field(
        default=None, title="Weeks without an answer before it counts as no answer"
    )


class Application(Record):
    """An application, logged when it is sent. ``applied_on`` may be unknown only for one
    brought in from an old journal's rejection (the form asks for it)."""

    company: Name = Field(title="Company")
    role: Name = Field(title="Role")
    applied_on: dt.date | None = Field(default=None, title="Applied on")
    channel: OptName = Field(title="How you applied")
    source: OptName = Field(title="Where you found it")
    notes: OptText = Field(title="Notes")
    status: Literal[APPLICATION_STATUSES] = Field(default="waiting", title="Where it stands")  # type: ignore[valid-type]
    answered_on: dt.date | None = Field(default=None, title="First answer on")
    status_on: dt.date | None = Field(default=None, title="Since")
    fingerprint: OptId = Field(title="Imported row")  # stable per imported row: an import adds nothing twice

    _future = field_validator("applied_on", "answered_on", "status_on")(_not_future)

    @field_validator("answered_on", "status_on")
    @classmethod
    def _after_applied(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        applied = info.data.get("applied_on")
        if value and applied and value < applied:
            raise PydanticCustomError("before_applied", "This is before the day you applied. Check both dates.")
        return value

    @field_validator("status_on")
    @classmethod
    def _not_before_answer(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        first = info.data.get("answered_on")
        if value and first and value < first:
            raise PydanticCustomError("before_answer", "This is before their first answer. Check both dates.")
        return value


class Rejection(Record):
    company: Name = Field(title="Company")
    role: Name = Field(title="Role")
    stage: Literal[STAGES] = Field(title="Stage reached")  # type: ignore[valid-type]
    applied_on: dt.date | None = Field(default=None, title="Applied on")
    rejected_on: dt.date = Field(title="Heard back on")
    channel: OptName = Field(title="How you applied")
    source: OptName = Field(title="Where you found it")
    notes: OptText = Field(title="Notes")
    application_id: OptId = Field(title="Application")
    ghosted: bool = Field(default=False, title="No answer")  # logged for an application that never answered

    _future = field_validator("applied_on", "rejected_on")(_not_future)

    @field_validator("rejected_on")
    @classmethod
    def _after_applied(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        applied = info.data.get("applied_on")
        if applied and value < applied:
            raise PydanticCustomError("before_applied", "This is before the day you applied. Check both dates.")
        return value


class CheckIn(Record):
    date: dt.date = Field(title="Date")
    mood: Scale10 = Field(title="Mood")
    confidence: Scale10 = Field(title="Confidence")
    emotions: Tags = Field(title="Feelings")
    note: OptText = Field(title="Note")
    rejection_id: OptId = Field(title="Rejection")
    facts: OptText = Field(title="What happened, in plain facts")
    kind_words: OptText = Field(title="What a good friend would say")
    not_defined_by: OptText = Field(title="What this does not say about you")

    _future = field_validator("date")(_not_future)


class Reflection(Record):
    rejection_id: Id = Field(title="Rejection")
    went_well: Text = Field(title="What went well")
    to_improve: Text = Field(title="What to improve")
    ratings: dict[Annotated[str, Field(max_length=60)], Scale5] = Field(default_factory=dict, title="Ratings")
    themes: Tags = Field(title="Themes")
    lesson: OptText = Field(title="Lesson to keep")
    fit_note: OptText = Field(title="Was it a fit?")


class FeedbackRequest(Record):
    rejection_id: Id = Field(title="Rejection")
    status: Literal[FEEDBACK_STATUSES] = Field(title="Status")  # type: ignore[valid-type]
    contact_name: OptName = Field(title="Contact name")
    requested_on: dt.date | None = Field(default=None, title="Sent on")
    follow_up_on: dt.date | None = Field(default=None, title="Follow up on")
    feedback_text: OptText = Field(title="Feedback received")
    themes: Tags = Field(title="Themes")
    contact_email: OptName = Field(title="Contact email")
    template_id: OptId = Field(title="Template")
    subject: OptName = Field(title="Subject")
    body: Annotated[str | None, Field(default=None, max_length=ESSAY)] = Field(default=None, title="Message")
    received_on: dt.date | None = Field(default=None, title="Feedback received on")

    _future = field_validator("requested_on", "received_on")(_not_future)

    @field_validator("follow_up_on")
    @classmethod
    def _after_sent(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        sent = info.data.get("requested_on")
        if value and sent and value < sent:
            raise PydanticCustomError("before_sent", "The follow-up date is before the day you sent it.")
        return value


class ThankYouNote(Record):
    rejection_id: Id = Field(title="Rejection")
    recipient: Name = Field(title="Recipient")
    sent_on: dt.date | None = Field(default=None, title="Sent on")
    body: Annotated[str | None, Field(default=None, max_length=ESSAY)] = None
    contact_email: OptName = Field(title="Email")
    template_id: OptId = Field(title="Template")
    subject: OptName = Field(title="Subject")

    _future = field_validator("sent_on")(_not_future)


class Reframe(Record):
    date: dt.date = Field(title="Date")
    situation: Text = Field(title="Situation")
    automatic_thought: Text = Field(title="The thought")
    intensity_before: Percent = Field(title="Intensity before")
    balanced_thought: Text = Field(title="A more balanced thought")
    intensity_after: Percent = Field(title="Intensity after")
    rejection_id: OptId = Field(title="Rejection")
    emotion: OptName = Field(title="Emotion")
    distortions: Tags = Field(title="Thinking traps")
    evidence_for: OptText = Field(title="Evidence for")
    evidence_against: OptText = Field(title="Evidence against")
    opportunity: OptText = Field(title="What this opens up")

    _future = field_validator("date")(_not_future)


class Writing(Record):
    date: dt.date = Field(title="Date")
    text: Annotated[str, Field(min_length=1, max_length=ESSAY)] = Field(title="Your writing")
    minutes: Annotated[int | None, Field(default=None, ge=0, le=240)] = None
    prompt_id: OptId = None

    _future = field_validator("date")(_not_future)


class Contact(Record):
    name: Name = Field(title="Name")
    relationship: Name = Field(title="Relationship")
    organization: OptName = Field(title="Organisation")
    how_they_help: OptText = Field(title="How they help")
    notes: OptText = Field(title="Notes")
    last_contacted_on: dt.date | None = Field(default=None, title="Last contact")
    email: OptName = Field(title="Email")

    _future = field_validator("last_contacted_on")(_not_future)


class SupportLog(Record):
    contact_id: Id = Field(title="Person")
    date: dt.date = Field(title="Date")
    kind: OptName = Field(title="Kind of conversation")
    takeaways: OptText = Field(title="Takeaways")
    themes: Tags = Field(title="Themes")
    leads: OptText = Field(title="Leads")

    _future = field_validator("date")(_not_future)


class Activity(Record):
    date: dt.date = Field(title="Date")
    kind: Literal[ACTIVITY_KINDS] = Field(title="Kind")  # type: ignore[valid-type]
    count: Annotated[int, Field(ge=0, le=500)] = Field(title="How many")
    minutes: Annotated[int | None, Field(default=None, ge=0, le=24 * 60)] = Field(default=None, title="Minutes")
    note: OptText = Field(title="Note")

    _future = field_validator("date")(_not_future)


class Plan(Record):
    cue: Name = Field(title="If (the moment)")
    action: Name = Field(title="Then (what I will do)")
    kind: OptName = Field(title="Kind")
    per_week: Annotated[int | None, Field(default=None, ge=1, le=14)] = Field(default=None, title="Times a week")


class PlanReview(Record):
    plan_id: Id = Field(title="Plan")
    week_start: dt.date = Field(title="Week")
    kept: bool = Field(title="Kept")
    note: OptText = Field(title="Note")


class Review(Record):
    date: dt.date = Field(title="Date")
    working: Text = Field(title="What is working")
    not_working: Text = Field(title="What is not working")
    change_next: Text = Field(title="One change for next month")

    _future = field_validator("date")(_not_future)


class Skill(Record):
    name: Name = Field(title="Skill")
    level: Scale5 = Field(title="Current level")
    target_level: Scale5 = Field(title="Target level")
    category: OptName = Field(title="Category")
    plan_kind: Literal[PLAN_KINDS] | None = Field(default=None, title="Kind of plan")  # type: ignore[valid-type]
    plan: OptText = Field(title="Plan")
    themes: Tags = Field(title="Themes")
    from_theme: OptName = Field(title="From theme")


class SkillLog(Record):
    skill_id: Id = Field(title="Skill")
    date: dt.date = Field(title="Date")
    level: Scale5 = Field(title="Level after")
    minutes: Annotated[int | None, Field(default=None, ge=0, le=24 * 60)] = Field(default=None, title="Minutes")
    note: OptText = Field(title="Note")

    _future = field_validator("date")(_not_future)


class InterviewStory(Record):
    title: Name = Field(title="Title")
    situation: Text = Field(title="Situation")
    action: Text = Field(title="Action")
    result: Text = Field(title="Result")
    task: OptText = Field(title="Task")
    themes: Tags = Field(title="Themes")
    skill_id: OptId = Field(title="Skill")
    times_rehearsed: Annotated[int, Field(ge=0, le=10000)] = Field(default=0, title="Times rehearsed")
    last_rehearsed_on: dt.date | None = Field(default=None, title="Last rehearsed")

    _future = field_validator("last_rehearsed_on")(_not_future)


class Connection(Record):
    company: Name = Field(title="Company")
    contact: OptName = Field(title="Contact")
    done: Tags = Field(title="What you have done")
    last_touch_on: dt.date | None = Field(default=None, title="Last touch")
    next_check_on: dt.date | None = Field(default=None, title="Next check")
    reapply_after: dt.date | None = Field(default=None, title="Re-apply after")
    notes: OptText = Field(title="Notes")

    _future = field_validator("last_touch_on")(_not_future)


class Action(Record):
    title: Name = Field(title="Next step")
    due_on: dt.date | None = Field(default=None, title="Due")
    done: bool = Field(default=False, title="Done")
    kind: OptName = Field(title="Kind")
    rejection_id: OptId = Field(title="Rejection")
    source: OptName = Field(title="Came from")


class Win(Record):
    date: dt.date = Field(title="Date")
    text: Text = Field(title="Win")

    _future = field_validator("date")(_not_future)


class Story(Record):
    title: Name = Field(title="Title")
    setback: Text = Field(title="The setback")
    outcome: Text = Field(title="What came after")
    person: OptName = Field(title="Who")
    lesson: OptText = Field(title="What to take from it")
    source: OptName = Field(title="Source")


class StoryNote(Record):
    story_id: Id = Field(title="Story")
    takeaway: OptText = Field(title="What you take from it")
    favorite: bool = Field(default=False, title="Favourite")


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
    "missing": "Please fill this in.",
    "string_too_short": "Please fill this in.",
    "string_type": "This should be text.",
    "int_parsing": "This should be a whole number.",
    "int_type": "This should be a whole number.",
    "int_from_float": "This should be a whole number.",
    "bool_parsing": "This should be yes or no.",
    "bool_type": "This should be yes or no.",
    "date_parsing": "This should be a date like 2026-03-31.",
    "date_from_datetime_parsing": "This should be a date like 2026-03-31.",
    "date_type": "This should be a date like 2026-03-31.",
    "list_type": "This should be a list.",
    "dict_type": "This should be a set of named values.",
}


def _message(err: Mapping[str, Any]) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "string_too_long":
        typed = err.get("input")
        length = f"{len(typed):,} of " if isinstance(typed, str) else "more than "
        return f"This is too long: {length}{ctx['max_length']:,} characters. Please shorten it."
    if kind == "too_long":
        return f"Please keep this to {ctx['max_length']} items or fewer."
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"Please pick a number {'of at least' if kind == 'greater_than_equal' else 'no higher than'} {ctx.get('ge', ctx.get('le'))}."
    if kind == "literal_error" and err.get("input") is None:
        return "Please choose one."
    if kind == "literal_error":
        return f"Please choose one of: {ctx.get('expected', '')}."
    return _PLAIN.get(kind, err.get("msg", "This value is not valid."))


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
    return (info.title if info and info.title else field.replace("_", " ").capitalize()) if info else field
