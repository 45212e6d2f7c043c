"""Saving and deleting records by the house rules: validate, check links, write atomically.

Pages call these instead of the store directly, so every write goes through the
same checks and every delete follows the DESIGN rule (dependants go with their
parent in one batch; optional links are cleared, the content kept).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rebound import applications, i18n
from rebound.i18n import N_, _, ngettext
from rebound.models import REFERENCES, Invalid, validate
from rebound.storage import Workspace

# What a table is called in a sentence, singular and plural (marked: show with _(), or noun()).
NOUNS: dict[str, tuple[str, str]] = {
    "applications": (N_("application"), N_("applications")),
    "rejections": (N_("rejection"), N_("rejections")),
    "checkins": (N_("check-in"), N_("check-ins")),
    "reflections": (N_("reflection"), N_("reflections")),
    "feedback_requests": (N_("feedback request"), N_("feedback requests")),
    "thank_you_notes": (N_("thank-you note"), N_("thank-you notes")),
    "reframes": (N_("thought record"), N_("thought records")),
    "contacts": (N_("person"), N_("people")),
    "support_log": (N_("conversation"), N_("conversations")),
    "plans": (N_("if-then plan"), N_("if-then plans")),
    "plan_reviews": (N_("weekly plan review"), N_("weekly plan reviews")),
    "skills": (N_("skill"), N_("skills")),
    "skill_logs": (N_("practice log entry"), N_("practice log entries")),
    "interview_stories": (N_("interview story"), N_("interview stories")),
    "actions": (N_("next step"), N_("next steps")),
    "activities": (N_("logged activity"), N_("logged activities")),
    "writings": (N_("piece of expressive writing"), N_("pieces of expressive writing")),
    "reviews": (N_("monthly review"), N_("monthly reviews")),
    "connections": (N_("company to stay in touch with"), N_("companies to stay in touch with")),
    "wins": (N_("win"), N_("wins")),
    "stories": (N_("success story of your own"), N_("success stories of your own")),
    "story_notes": (N_("saved story note"), N_("saved story notes")),
    "profile": (N_("profile"), N_("profiles")),
}

# "3 reflections": each table's count with the plural forms of the language (ngettext).
_COUNTS: dict[str, Callable[[int], str]] = {
    "applications": lambda n: ngettext("{n} application", "{n} applications", n),
    "rejections": lambda n: ngettext("{n} rejection", "{n} rejections", n),
    "checkins": lambda n: ngettext("{n} check-in", "{n} check-ins", n),
    "reflections": lambda n: ngettext("{n} reflection", "{n} reflections", n),
    "feedback_requests": lambda n: ngettext("{n} feedback request", "{n} feedback requests", n),
    "thank_you_notes": lambda n: ngettext("{n} thank-you note", "{n} thank-you notes", n),
    "reframes": lambda n: ngettext("{n} thought record", "{n} thought records", n),
    "contacts": lambda n: ngettext("{n} person", "{n} people", n),
    "support_log": lambda n: ngettext("{n} conversation", "{n} conversations", n),
    "plans": lambda n: ngettext("{n} if-then plan", "{n} if-then plans", n),
    "plan_reviews": lambda n: ngettext("{n} weekly plan review", "{n} weekly plan reviews", n),
    "skills": lambda n: ngettext("{n} skill", "{n} skills", n),
    "skill_logs": lambda n: ngettext("{n} practice log entry", "{n} practice log entries", n),
    "interview_stories": lambda n: ngettext("{n} interview story", "{n} interview stories", n),
    "actions": lambda n: ngettext("{n} next step", "{n} next steps", n),
    "activities": lambda n: ngettext("{n} logged activity", "{n} logged activities", n),
    "writings": lambda n: ngettext("{n} piece of expressive writing", "{n} pieces of expressive writing", n),
    "reviews": lambda n: ngettext("{n} monthly review", "{n} monthly reviews", n),
    "connections": lambda n: ngettext("{n} company to stay in touch with", "{n} companies to stay in touch with", n),
    "wins": lambda n: ngettext("{n} win", "{n} wins", n),
    "stories": lambda n: ngettext("{n} success story of your own", "{n} success stories of your own", n),
    "story_notes": lambda n: ngettext("{n} saved story note", "{n} saved story notes", n),
    "profile": lambda n: ngettext("{n} profile", "{n} profiles", n),
}

# Links a record cannot stand without: it is deleted with its parent.
REQUIRED_LINKS = {
    ("reflections", "rejection_id"),
    ("feedback_requests", "rejection_id"),
    ("thank_you_notes", "rejection_id"),
    ("support_log", "contact_id"),
    ("skill_logs", "skill_id"),
    ("plan_reviews", "plan_id"),
}


def count_phrase(table: str, n: int) -> str:
    """``3 reflections`` in the current language."""
    count = _COUNTS.get(table)
    return count(n) if count else f"{n} {table}"


def noun(table: str, plural: bool = False) -> str:
    """What a record of ``table`` is called, translated (``reflection``, or ``reflections``)."""
    one, many = NOUNS.get(table, (table, table))
    return _(many if plural else one) if table in NOUNS else table


def check_links(ws: Workspace, table: str, record: Mapping[str, Any]) -> None:
    """Every id a record points at must exist."""
    errors = {}
    for fld, target in REFERENCES.get(table, {}).items():
        rid = record.get(fld)
        if rid and ws.get(target, rid) is None:
            errors[fld] = _("That {what} no longer exists. Please pick another.", what=noun(target))
    if errors:
        raise Invalid(errors)


def save(
    ws: Workspace,
    table: str,
    data: Mapping[str, Any],
    today: dt.date,
    rid: str | None = None,
    expected_updated_at: str | None = None,
) -> str:
    """Validate and write one record (add when ``rid`` is None). Raises Invalid; writes nothing then.

    An update given ``expected_updated_at`` (the record's ``updated_at`` when the form opened)
    raises ``store.RecordChanged`` if it changed since, ``store.RecordNotFound`` if it is gone.
    Applications and rejections keep each other in step (``rebound.applications``); an edit of
    either keeps the fields its form does not ask for.
    """
    if table in _LINKED:
        return _LINKED[table](ws, data, today, rid, expected_updated_at)
    clean = validate(table, data, today)
    check_links(ws, table, clean)
    if rid is None:
        return ws.add(table, clean)
    ws.update(table, rid, clean, expected_updated_at=expected_updated_at)
    return rid


_LINKED = {"rejections": applications.save_rejection, "applications": applications.save_application}


def profile(ws: Workspace) -> dict[str, Any]:
    records = ws.all("profile")
    return records[0] if records else {}


def save_profile(ws: Workspace, changes: Mapping[str, Any], today: dt.date) -> str:
    """The one profile record: update-or-add, merging the changes into what is there."""
    current = profile(ws)
    merged = {k: v for k, v in current.items() if k not in ("id", "created_at", "updated_at")} | dict(changes)
    return save(ws, "profile", merged, today, rid=current.get("id"))


@dataclass
class DeletePlan:
    table: str
    rid: str
    removes: dict[str, list[str]] = field(default_factory=dict)  # dependants deleted too
    unlinks: dict[str, list[str]] = field(default_factory=dict)  # kept, link cleared

    def describe(self) -> str:
        """One plain sentence naming what goes and what stays."""
        parts = []
        if self.removes:
            gone = i18n.format_list(count_phrase(t, len(ids)) for t, ids in self.removes.items())
            parts.append(_("This also deletes {records}.", records=gone))
        if self.unlinks:
            kept = i18n.format_list(count_phrase(t, len(ids)) for t, ids in self.unlinks.items())
            n = sum(len(ids) for ids in self.unlinks.values())
            parts.append(
                ngettext(
                    "{records} will stay, no longer linked to it.",
                    "{records} will stay, no longer linked to it.",
                    n,
                    records=kept,
                )
            )
        return " ".join(parts) or _("Nothing else is linked to it.")


def plan_delete(ws: Workspace, table: str, rid: str) -> DeletePlan:
    plan = DeletePlan(table, rid)
    for child, links in REFERENCES.items():
        for fld, target in links.items():
            if target != table:
                continue
            ids = [r["id"] for r in ws.all(child) if r.get(fld) == rid]
            if ids:
                bucket = plan.removes if (child, fld) in REQUIRED_LINKS else plan.unlinks
                bucket.setdefault(child, []).extend(ids)
    return plan


def delete(ws: Workspace, table: str, rid: str) -> DeletePlan:
    """Delete the record and its dependants, clear optional links: one atomic write.

    The plan is worked out again inside the batch, so a record linked after the
    person saw the confirmation is handled too.
    """
    with ws.batch():
        plan = plan_delete(ws, table, rid)
        for child, ids in plan.removes.items():
            for cid in ids:
                ws.delete(child, cid)
        for child, ids in plan.unlinks.items():
            cleared = {f: None for f, t in REFERENCES[child].items() if t == table}
            for cid in ids:
                ws.update(child, cid, cleared)
        ws.delete(table, rid)
    return plan


def sorted_by(records: list[dict], *keys: str, reverse: bool = True) -> list[dict]:
    """Newest first by the given date fields, then by when it was written."""
    return sorted(records, key=lambda r: tuple(str(r.get(k) or "") for k in (*keys, "created_at")), reverse=reverse)
