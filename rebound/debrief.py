"""The per-rejection debrief checklist and where a person is on the four-stage journey."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rebound.i18n import N_

Tables = Mapping[str, list[dict]]

# (step id, what the person sees (marked: shown with _()), the page that does it)
STEPS: list[tuple[str, str, str]] = [
    ("logged", N_("Logged it"), "pages/1_Understand.py"),
    ("checked_in", N_("Checked in with how you feel"), "pages/1_Understand.py"),
    ("reflected", N_("Reflected on it"), "pages/2_Reflect.py"),
    ("feedback_asked", N_("Asked for feedback"), "pages/3_Follow_up.py"),
    ("thanked", N_("Sent a thank-you"), "pages/3_Follow_up.py"),
    ("reframed", N_("Reframed it"), "pages/4_Reframe.py"),
    ("next_step", N_("Set a next step"), "pages/6_Next_steps.py"),
]

_RULES: dict[str, Callable[[dict], bool]] = {
    "checked_in": lambda r: True,
    "reflected": lambda r: True,
    "feedback_asked": lambda r: r.get("status") not in (None, "draft"),
    "thanked": lambda r: bool(r.get("sent_on")),
    "reframed": lambda r: True,
    "next_step": lambda r: True,
}
_TABLE = {
    "checked_in": "checkins",
    "reflected": "reflections",
    "feedback_asked": "feedback_requests",
    "thanked": "thank_you_notes",
    "reframed": "reframes",
    "next_step": "actions",
}


def checklist(rejection_id: str, tables: Tables) -> dict[str, bool]:
    """Which debrief steps are done for one rejection (rules in DESIGN.md)."""
    done = {"logged": True}
    for step, table in _TABLE.items():
        rule = _RULES[step]
        done[step] = any(r.get("rejection_id") == rejection_id and rule(r) for r in tables.get(table, []))
    return done


def open_steps(rejection_id: str, tables: Tables) -> list[str]:
    done = checklist(rejection_id, tables)
    return [step for step, _, _ in STEPS if not done[step]]


@dataclass(frozen=True)
class Stage:
    number: int
    name: str  # marked (N_): shown with _()
    what: str
    tables: tuple[str, ...]
    page: str


STAGES = [
    Stage(
        1,
        N_("Understand"),
        N_("Name what happened and how it feels."),
        ("rejections", "checkins"),
        "pages/1_Understand.py",
    ),
    Stage(
        2,
        N_("Reflect"),
        N_("Learn what you can, ask for feedback, say thanks."),
        ("reflections", "feedback_requests", "thank_you_notes"),
        "pages/2_Reflect.py",
    ),
    Stage(
        3,
        N_("Reframe"),
        N_("Loosen the harsh thoughts and lean on people."),
        ("reframes", "writings", "support_log", "contacts"),
        "pages/4_Reframe.py",
    ),
    Stage(
        4,
        N_("Next steps"),
        N_("Keep a steady, kind rhythm and build skills."),
        ("activities", "actions", "skills", "plans", "wins"),
        "pages/6_Next_steps.py",
    ),
]


def stage_progress(sizes: Mapping[str, int | list]) -> list[tuple[Stage, bool]]:
    """Each stage with whether the person has used it; a stage counts once any of its tools holds a record.

    ``sizes`` maps a table to its record count (or to its records).
    """
    return [(s, any(_size(sizes.get(t)) for t in s.tables)) for s in STAGES]


def _size(value: int | list | None) -> int:
    return value if isinstance(value, int) else len(value or ())


def current_stage(sizes: Mapping[str, int | list]) -> Stage:
    """The first stage not yet started (the last one once all are under way)."""
    for stage, started in stage_progress(sizes):
        if not started:
            return stage
    return STAGES[-1]
