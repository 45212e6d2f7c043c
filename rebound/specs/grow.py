"""Grow: a skill to build, a practice session, an interview story."""

from __future__ import annotations

from rebound.forms_spec import TODAY, Field, FormSpec
from rebound.grow import CATEGORIES, LEVEL_LABELS, PLAN_LABELS
from rebound.models import PLAN_KINDS

LEVELS = (1, 2, 3, 4, 5)

SKILL = FormSpec(
    name="skill",
    table="skills",
    layout=(
        (
            Field("name", "Skill", placeholder="e.g. SQL window functions"),
            Field(
                "category",
                "Category (optional)",
                "select",
                options=CATEGORIES,
                new_options=True,
                placeholder="Choose, or type your own and press Enter",
            ),
        ),
        (
            Field("level", "Where you are now", "select_slider", options=LEVELS, option_labels=LEVEL_LABELS, default=2),
            Field(
                "target_level",
                "Where you want to be",
                "select_slider",
                options=LEVELS,
                option_labels=LEVEL_LABELS,
                default=4,
            ),
        ),
        Field(
            "plan_kind",
            "How you will build it (optional)",
            "select",
            options=PLAN_KINDS,
            option_labels=PLAN_LABELS,
            placeholder="A course, a certification, a workshop, a project or practice",
        ),
        Field(
            "plan",
            "Your plan (optional)",
            "textarea",
            placeholder="What, where, how often. e.g. two evenings a week on an online course, then a small project.",
        ),
        Field("themes", "Themes that motivated it (optional)", "multiselect", new_options=True, default=()),
    ),
    add_label="Save skill",
    added="Skill saved. Log your first practice session below.",
)

PRACTICE = FormSpec(
    name="practice",
    table="skill_logs",
    layout=(
        (
            Field("date", "Date", "date", default=TODAY),
            Field("minutes", "Minutes (optional)", "number", min_value=0, max_value=24 * 60, step=5),
        ),
        Field(
            "level",
            "Level after this session",
            "select_slider",
            options=LEVELS,
            option_labels=LEVEL_LABELS,
            default=2,
        ),
        Field(
            "note",
            "What you did (optional)",
            "textarea",
            placeholder="e.g. two practice questions on joins; got stuck on the second, solved it after a hint.",
        ),
    ),
    add_label="Save practice",
    added="Practice saved. Every session counts.",
)

_STORY_PARTS = (
    ("situation", "Situation", "Where were you, and what was going on?"),
    ("task", "Task (optional)", "What was yours to do?"),
    ("action", "Action", "What did you do, step by step? Say “I”, not “we”."),
    ("result", "Result", "What came of it? Numbers help, and so does what you learned."),
)

STORY = FormSpec(
    name="story",
    table="interview_stories",
    layout=(
        Field("title", "A short title", placeholder="e.g. Rescuing the late report"),
        *(Field(name, label, "textarea", placeholder=hint) for name, label, hint in _STORY_PARTS),
        (
            Field("themes", "Themes it shows (optional)", "multiselect", new_options=True, default=()),
            Field("skill_id", "Skill it shows (optional)", "select", placeholder="No particular skill"),
        ),
    ),
    add_label="Save story",
    added="Story saved. Try telling it out loud once today.",
)
