"""Stage 4 · Grow: skills, their practice log, and the interview story bank.

Writes go through :mod:`rebound.journal` (validation and link checks) and land in
one batch, so a practice session and the skill's new level are saved together or
not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rebound import content, journal
from rebound.i18n import N_, _
from rebound.models import Invalid, validate
from rebound.storage import Workspace

PLAN_LABELS = {
    "course": N_("A course"),
    "certification": N_("A certification"),
    "workshop": N_("A workshop"),
    "project": N_("A project of my own"),
    "practice": N_("Regular practice"),
}

# The offered categories are stored as written here (English, like a code) and shown translated;
# a category the person typed is their own text, shown as typed.
CATEGORIES = (
    N_("Technical"),
    N_("Interviewing"),
    N_("Communication"),
    N_("Leadership"),
    N_("Domain knowledge"),
    N_("Tools"),
    # Translators: a skill category
    N_("Other"),
)
CATEGORY_LABELS = {c: c for c in CATEGORIES}  # marked texts: Field.labels() translates them

LEVEL_LABELS = {
    1: N_("1 · just starting"),
    2: N_("2 · basics"),
    3: N_("3 · comfortable"),
    4: N_("4 · strong"),
    5: N_("5 · expert"),
}


def category_label(category: str | None) -> str:
    """A stored category as shown: an offered one translated, the person's own as typed."""
    if not category:
        return ""
    return _(category) if category in CATEGORIES else category


def level_label(level: int) -> str:
    return _(LEVEL_LABELS[level]) if level in LEVEL_LABELS else str(level)


def plan_label(kind: str | None) -> str:
    return _(PLAN_LABELS[kind]) if kind in PLAN_LABELS else ""


def themes() -> dict[str, str]:
    """Theme vocabulary as {id: label}; empty when the content file is not there yet."""
    try:
        doc = content.load("themes")
    except FileNotFoundError:
        return {}
    items = doc.get("themes", []) if isinstance(doc, dict) else doc
    return {t["id"]: t.get("label", t["id"]) for t in items if isinstance(t, dict) and t.get("id")}


def theme_label(theme: str, vocab: Mapping[str, str] | None = None) -> str:
    vocab = themes() if vocab is None else vocab
    return vocab.get(theme, theme.replace("_", " ").replace("-", " ").capitalize())


# --- Skills ------------------------------------------------------------------------------
def save_skill(
    ws: Workspace,
    data: Mapping[str, Any],
    today: dt.date,
    rid: str | None = None,
    expected_updated_at: str | None = None,
) -> str:
    """Add or edit a skill. ``from_theme`` is kept from the saved record when editing.

    An edit given ``expected_updated_at`` is refused (store.RecordChanged) if the skill changed since.
    """
    data = dict(data)
    if rid is not None:
        current = ws.get("skills", rid) or {}
        data.setdefault("from_theme", current.get("from_theme"))
    if data.get("from_theme") and data["from_theme"] not in (data.get("themes") or []):
        data["themes"] = [data["from_theme"], *(data.get("themes") or [])]
    return journal.save(ws, "skills", data, today, rid=rid, expected_updated_at=expected_updated_at)


def skill_from_theme(theme: str, vocab: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Starting values for a skill that grows out of a recurring theme."""
    return {"name": theme_label(theme, vocab), "themes": [theme], "from_theme": theme, "level": 2, "target_level": 4}


def latest_log(logs: list[dict]) -> dict | None:
    """The most recent practice session (by date, then by when it was written)."""
    return max(logs, key=lambda r: (r.get("date") or "", r.get("created_at") or ""), default=None)


def log_practice(
    ws: Workspace,
    data: Mapping[str, Any],
    today: dt.date,
    rid: str | None = None,
    expected_updated_at: str | None = None,
) -> tuple[str, int | None]:
    """Save a practice session and move the skill's current level to the latest session's level.

    Returns (log id, the skill's new level or None when it did not change). A backdated
    session older than the latest one does not change the current level.
    """
    clean = validate("skill_logs", data, today)
    journal.check_links(ws, "skill_logs", clean)
    with ws.batch():
        if rid is None:
            rid = ws.add("skill_logs", clean)
        else:
            ws.update("skill_logs", rid, clean, expected_updated_at=expected_updated_at)
        new_level = _sync_level(ws, clean["skill_id"])
    return rid, new_level


def _sync_level(ws: Workspace, skill_id: str) -> int | None:
    skill = ws.get("skills", skill_id)
    logs = [r for r in ws.all("skill_logs") if r.get("skill_id") == skill_id]
    last = latest_log(logs)
    if skill is None or last is None or skill.get("level") == last["level"]:
        return None
    ws.update("skills", skill_id, {"level": last["level"]})
    return last["level"]


def skill_summary(skills: list[dict], logs: list[dict]) -> list[dict[str, Any]]:
    """One row per skill: level, target, sessions, minutes, last practised (newest practice first)."""
    stats: dict[str, dict[str, Any]] = {}
    for log in logs:
        s = stats.setdefault(log.get("skill_id"), {"sessions": 0, "minutes": 0, "last": None})
        s["sessions"] += 1
        s["minutes"] += int(log.get("minutes") or 0)
        if s["last"] is None or (log.get("date") or "") > s["last"]:
            s["last"] = log.get("date")
    rows = []
    for sk in skills:
        s = stats.get(sk["id"], {"sessions": 0, "minutes": 0, "last": None})
        rows.append(
            {
                "id": sk["id"],
                "Skill": sk["name"],
                "Category": sk.get("category") or "",
                "Level": sk["level"],
                "Target": sk["target_level"],
                "Sessions": s["sessions"],
                "Minutes": s["minutes"],
                "Last practised": s["last"] or "",
            }
        )
    rows.sort(key=lambda r: (r["Last practised"], r["Skill"].casefold()), reverse=True)
    return rows


# --- Interview stories ------------------------------------------------------------------
def save_story(
    ws: Workspace,
    data: Mapping[str, Any],
    today: dt.date,
    rid: str | None = None,
    expected_updated_at: str | None = None,
) -> str:
    """Add or edit a story; editing keeps its rehearsal count and date (and is refused if it changed since)."""
    data = dict(data)
    if rid is not None:
        current = ws.get("interview_stories", rid) or {}
        for keep in ("times_rehearsed", "last_rehearsed_on"):
            data.setdefault(keep, current.get(keep))
        if data.get("times_rehearsed") is None:
            data["times_rehearsed"] = 0
    return journal.save(ws, "interview_stories", data, today, rid=rid, expected_updated_at=expected_updated_at)


def rehearse_story(
    ws: Workspace, story_id: str, today: dt.date, minutes: int | None = None, on: dt.date | str | None = None
) -> str:
    """Record "I rehearsed this story": an interview_practice activity (count 1) and the story's tally.

    Returns the activity id. Raises Invalid (field ``minutes`` or ``date``) and writes nothing on bad input.
    """
    story = ws.get("interview_stories", story_id)
    if story is None:
        raise Invalid({"story": _("That interview story no longer exists.")})
    day = on.isoformat() if isinstance(on, dt.date) else (on or today.isoformat())
    activity = validate(
        "activities",
        {
            "date": day,
            "kind": "interview_practice",
            "count": 1,
            "minutes": minutes,
            "note": _("Rehearsed the interview story “{title}”", title=story["title"]),
        },
        today,
    )
    last = max(filter(None, [story.get("last_rehearsed_on"), activity["date"]]))
    with ws.batch():
        rid = ws.add("activities", activity)
        ws.update(
            "interview_stories",
            story_id,
            {"times_rehearsed": int(story.get("times_rehearsed") or 0) + 1, "last_rehearsed_on": last},
        )
    return rid


# --- What the Grow page shows, per section (the page caches each by its tables' content) ---------
SECTIONS: dict[str, tuple[str, ...]] = {
    "skills": ("skills", "skill_logs"),
    "stories": ("interview_stories",),
    "themes": ("reflections", "feedback_requests", "support_log", "rejections"),
}


def skills_view(skills: list[dict], logs: list[dict]) -> dict[str, Any]:
    """Skills by id and the summary rows (newest practice first)."""
    return {"skills": {s["id"]: s for s in skills}, "summary": skill_summary(skills, logs)}


def practice_log(logs: list[dict], skill_id: str) -> list[dict]:
    """One skill's practice sessions, newest first."""
    return journal.sorted_by([r for r in logs if r.get("skill_id") == skill_id], "date")


def recurring_themes(tables: Mapping[str, list[dict]], today: dt.date) -> list[tuple[str, str, int]]:
    """Themes that came up at least twice: (theme, label, mentions), most frequent first."""
    from rebound.insights import patterns  # pandas only when themes are worked out

    events = patterns.theme_events(
        tables.get("reflections", []),
        tables.get("feedback_requests", []),
        tables.get("support_log", []),
        tables.get("rejections", []),
    )
    table = patterns.recurring(patterns.theme_table(events, today))
    return [(row.theme, row.label, int(row.mentions)) for row in table.itertuples()]


def uncovered(recurring: list[tuple[str, str, int]], skills: Mapping[str, dict], n: int = 5) -> list:
    """The recurring themes no skill covers yet (by its origin or its themes), at most ``n``."""
    covered = {t for s in skills.values() for t in [s.get("from_theme"), *(s.get("themes") or [])] if t}
    return [r for r in recurring if r[0] not in covered][:n]
