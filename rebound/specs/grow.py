"""Grow: a skill to build, a practice session, an interview story."""

from __future__ import annotations

from rebound.forms_spec import TODAY, Field, FormSpec
from rebound.grow import CATEGORIES, CATEGORY_LABELS, LEVEL_LABELS, PLAN_LABELS
from rebound.i18n import N_, pgettext
from rebound.models import PLAN_KINDS

LEVELS = (1, 2, 3, 4, 5)

SKILL = FormSpec(
    name="skill",
    table="skills",
    layout=(
        (
            Field("name", N_("Skill"), placeholder=N_("e.g. SQL window functions")),
            Field(
                "category",
                N_("Category (optional)"),
                "select",
                options=CATEGORIES,
                option_labels=CATEGORY_LABELS,
                new_options=True,
                placeholder=N_("Choose, or type your own and press Enter"),
            ),
        ),
        (
            Field(
                "level", N_("Where you are now"), "select_slider", options=LEVELS, option_labels=LEVEL_LABELS, default=2
            ),
            Field(
                "target_level",
                N_("Where you want to be"),
                "select_slider",
                options=LEVELS,
                option_labels=LEVEL_LABELS,
                default=4,
            ),
        ),
        Field(
            "plan_kind",
            N_("How you will build it (optional)"),
            "select",
            options=PLAN_KINDS,
            option_labels=PLAN_LABELS,
            placeholder=N_("A course, a certification, a workshop, a project or practice"),
        ),
        Field(
            "plan",
            N_("Your plan (optional)"),
            "textarea",
            placeholder=N_(
                "What, where, how often. e.g. two evenings a week on an online course, then a small project."
            ),
        ),
        Field("themes", N_("Themes that motivated it (optional)"), "multiselect", new_options=True, default=()),
    ),
    add_label=N_("Save skill"),
    added=N_("Skill saved. Log your first practice session below."),
)

PRACTICE = FormSpec(
    name="practice",
    table="skill_logs",
    layout=(
        (
            Field("date", N_("Date"), "date", default=TODAY),
            Field("minutes", N_("Minutes (optional)"), "number", min_value=0, max_value=24 * 60, step=5),
        ),
        Field(
            "level",
            N_("Level after this session"),
            "select_slider",
            options=LEVELS,
            option_labels=LEVEL_LABELS,
            default=2,
        ),
        Field(
            "note",
            N_("What you did (optional)"),
            "textarea",
            placeholder=N_("e.g. two practice questions on joins; got stuck on the second, solved it after a hint."),
        ),
    ),
    add_label=N_("Save practice"),
    added=N_("Practice saved. Every session counts."),
)

_STORY_PARTS = (
    ("situation", N_("Situation"), N_("Where were you, and what was going on?")),
    ("task", N_("Task (optional)"), N_("What was yours to do?")),
    # Translators: the "A" of a STAR interview story (Situation, Task, Action, Result): what you did
    ("action", lambda: pgettext("interview story", "Action"), N_("What did you do, step by step? Say “I”, not “we”.")),
    ("result", N_("Result"), N_("What came of it? Numbers help, and so does what you learned.")),
)

STORY = FormSpec(
    name="story",
    table="interview_stories",
    layout=(
        Field("title", N_("A short title"), placeholder=N_("e.g. Rescuing the late report")),
        *(Field(name, label, "textarea", placeholder=hint) for name, label, hint in _STORY_PARTS),
        (
            Field("themes", N_("Themes it shows (optional)"), "multiselect", new_options=True, default=()),
            Field("skill_id", N_("Skill it shows (optional)"), "select", placeholder=N_("No particular skill")),
        ),
    ),
    add_label=N_("Save story"),
    added=N_("Story saved. Try telling it out loud once today."),
)
