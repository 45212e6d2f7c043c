"""Backups: export a journal, and restore one in three steps — plan, show, apply.

``plan_import`` validates every record and every reference and reports what
would be added, changed and removed, changing nothing. ``apply_import`` writes
the plan's cleaned records in one atomic batch.

A backup is language-neutral: table names, field names and every value that is a code (a stage,
a kind, a trap, an emotion id) are kept as codes, so a backup made in German restores in Spanish.
The problems said about a file are in the person's language, and name its tables and fields by their
codes, as the person sees them in the file (``TABLE_TITLES`` names a table on the page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import orjson

from rebound import workshop
from rebound.i18n import N_, _
from rebound.models import MODELS, REFERENCES, Invalid, validate
from rebound.storage import FORMAT, SCHEMA_VERSION, ImportRefused, Workspace, check_document
from rebound.text import shorten

MAX_PROBLEMS = 25
_KEEP = ("id", "created_at", "updated_at")
WORKSHOP_FIELDS = ("workshop", "workshop_member_id", "workshop_opt_in", "workshop_contributed")


# What each table is called in a heading or a list of problems (translated where shown: ``table_title``).
TABLE_TITLES: dict[str, str] = {
    "applications": N_("Applications"),
    "rejections": N_("Rejections"),
    "checkins": N_("Check-ins"),
    "reflections": N_("Reflections"),
    "feedback_requests": N_("Feedback requests"),
    "thank_you_notes": N_("Thank-you notes"),
    "reframes": N_("Thought records"),
    "contacts": N_("People in your corner"),
    "support_log": N_("Conversations"),
    "plans": N_("If-then plans"),
    "plan_reviews": N_("Weekly plan reviews"),
    "skills": N_("Skills"),
    "skill_logs": N_("Practice log entries"),
    "interview_stories": N_("Interview stories"),
    "actions": N_("Next steps"),
    "activities": N_("Logged activities"),
    "writings": N_("Expressive writing"),
    "reviews": N_("Monthly reviews"),
    "connections": N_("Companies to stay in touch with"),
    "wins": N_("Wins"),
    "stories": N_("Success stories of your own"),
    "story_notes": N_("Saved story notes"),
    "profile": N_("Profile"),
}


def table_title(table: str) -> str:
    """A table's name in the current language (an unknown one as it is)."""
    return _(TABLE_TITLES[table]) if table in TABLE_TITLES else table


class BackupError(ValueError):
    """The file cannot be read as a backup at all."""


@dataclass
class ImportPlan:
    mode: str
    problems: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    tables: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> int:
        return sum(len(recs) for recs in self.tables.values())


def export_bytes(ws: Workspace) -> bytes:
    return orjson.dumps(ws.export(), option=orjson.OPT_INDENT_2)


def backup_file_name(today: dt.date) -> str:
    return f"rebound-backup-{today.isoformat()}.json"


def read_backup(raw: bytes) -> Any:
    """Parse uploaded bytes; a clear message if they are not JSON."""
    if not raw:
        raise BackupError(_("The file is empty."))
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BackupError(
            _("This file is not a Rebound backup: it is not valid JSON (problem near character {pos}).", pos=exc.pos)
        ) from None


def plan_import(ws: Workspace, doc: Any, mode: str, today: dt.date) -> ImportPlan:
    """Check everything and count the changes; nothing is written."""
    plan = ImportPlan(mode=mode)
    try:
        tables = check_document(doc)
    except ImportRefused as exc:
        plan.problems = exc.problems[:MAX_PROBLEMS]
        return plan
    # A backup made in a time zone ahead of this one may hold "tomorrow".
    lenient_today = today + dt.timedelta(days=1)
    for name, records in tables.items():
        if name not in MODELS:
            plan.problems.append(_('"{name}" is not something Rebound keeps.', name=name))
            continue
        cleaned = []
        for i, rec in enumerate(records, start=1):
            try:
                clean = validate(name, rec, lenient_today)
            except Invalid as exc:
                where = _where(name, i, rec)
                plan.problems += [
                    _("{where}: {field} — {problem}", where=where, field=fld.replace("_", " "), problem=msg)
                    for fld, msg in exc.errors.items()
                ]
                continue
            clean.update({k: rec[k] for k in _KEEP if isinstance(rec.get(k), str) and len(rec[k]) <= 64})
            cleaned.append(clean)
        plan.tables[name] = cleaned
    if not plan.problems:
        plan.problems += _one_profile(ws, plan)
    if not plan.problems:
        plan.problems += _dangling(ws, plan.tables, mode)
    if plan.problems:
        plan.problems = plan.problems[:MAX_PROBLEMS]
        return plan
    plan.counts = _counts(ws, plan.tables, mode)
    return plan


def _one_profile(ws: Workspace, plan: ImportPlan) -> list[str]:
    """A journal has one profile: a restored one replaces it (same id), it never adds a second.

    Workshop membership belongs to this journal on this app, not to a file: it is kept from the
    journal (when well formed) and never taken from the backup, so a backup cannot opt anyone in.
    """
    incoming = plan.tables.get("profile")
    if incoming is not None and len(incoming) > 1:
        return [_("The backup holds {n} profiles; a journal has one.", n=len(incoming))]
    current = next(iter(ws.all("profile")), None)
    kept = {}
    if current and workshop.membership(current):
        kept = {k: current[k] for k in WORKSHOP_FIELDS if k in current}
    if not incoming:
        if plan.mode == "replace" and kept:
            plan.tables["profile"] = [{"id": current["id"], **kept}]
        return []
    record = {
        **incoming[0],
        "workshop": None,
        "workshop_member_id": None,
        "workshop_opt_in": False,
        "workshop_contributed": None,  # must match what the room holds: only this journal knows
    } | kept
    if current:
        record["id"] = current["id"]
    plan.tables["profile"] = [record]
    return []


def apply_import(ws: Workspace, plan: ImportPlan) -> dict[str, dict[str, int]]:
    if not plan.ok:
        raise ValueError("This plan has problems; fix them before restoring.")  # a programming error, not said
    return ws.import_data({"format": FORMAT, "version": SCHEMA_VERSION, "tables": plan.tables}, plan.mode)


def _where(table: str, index: int, rec: dict) -> str:
    """Where in the file: its own table and field names (codes, as in the JSON the person may open)."""
    hint = next((rec.get(k) for k in ("company", "name", "title", "date") if isinstance(rec.get(k), str)), None)
    if hint:
        # Translators: {table} is the table's code in the backup file (rejections, checkins...), kept as it is.
        return _("{table}, record {i} ({hint})", table=table, i=index, hint=shorten(hint, 40))
    return _("{table}, record {i}", table=table, i=index)


def _dangling(ws: Workspace, tables: dict[str, list[dict]], mode: str) -> list[str]:
    problems = []
    for child, links in REFERENCES.items():
        for fld, target in links.items():
            known = {r["id"] for r in tables.get(target, [])}
            if mode == "merge":
                known |= {r["id"] for r in ws.all(target)}
            for i, rec in enumerate(tables.get(child, []), start=1):
                if rec.get(fld) and rec[fld] not in known:
                    problems.append(
                        # Translators: {target} is a table's code in the file (rejection, skill...), kept as it is.
                        _(
                            "{where}: points to a {target} that is not in the backup.",
                            where=_where(child, i, rec),
                            target=target[:-1],
                        )
                    )
    return problems


def _counts(ws: Workspace, tables: dict[str, list[dict]], mode: str) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    names = set(tables) | (set(ws.tables()) if mode == "replace" else set())
    for name in sorted(names):
        current = {r["id"] for r in ws.all(name)}
        incoming = {r["id"] for r in tables.get(name, [])}
        counts[name] = {
            "added": len(incoming - current),
            "updated": len(incoming & current),
            "removed": len(current - incoming) if mode == "replace" else 0,
        }
    return counts
