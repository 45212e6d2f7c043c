"""Your support network: people, conversations, who you have not talked to lately, leads.

Pure functions and journal writes; no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rebound import content, drafts, journal
from rebound.models import NAME, Invalid, validate
from rebound.storage import Workspace
from rebound.text import shorten

RELATIONSHIPS = ("mentor", "peer", "recruiter", "friend", "former colleague", "family", "other")
CONVERSATION_KINDS = ("coffee or call", "message", "meeting", "advice", "mock interview", "introduction", "other")
# Past this many days without contact, a person is gently flagged.
DEFAULT_THRESHOLD = 30
CONTACT_FIELDS = ["name", "relationship", "organization", "how_they_help", "notes", "last_contacted_on"]
LOG_FIELDS = ["contact_id", "date", "kind", "takeaways", "themes", "leads"]


def _norm(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def same_name(contacts: Iterable[Mapping[str, Any]], name: str | None, exclude_id: str | None = None) -> list[dict]:
    """Other people already saved under this name (case and spacing ignored)."""
    key = _norm(name)
    if not key:
        return []
    return [dict(c) for c in contacts if c.get("id") != exclude_id and _norm(c.get("name")) == key]


def days_since(day: str | None, today: dt.date) -> int | None:
    if not day:
        return None
    try:
        return (today - dt.date.fromisoformat(day)).days
    except ValueError:
        return None


@dataclass(frozen=True)
class Staleness:
    contact: dict
    days: int | None  # None: no contact recorded yet
    overdue: bool

    @property
    def text(self) -> str:
        if self.days is None:
            return "no contact logged yet"
        if self.days <= 0:
            return "today"
        if self.days == 1:
            return "yesterday"
        return f"{self.days} days ago"


def who_to_contact(
    contacts: Iterable[Mapping[str, Any]], today: dt.date, threshold: int = DEFAULT_THRESHOLD
) -> list[Staleness]:
    """Everyone, longest without contact first (no contact logged counts as longest)."""
    rows = []
    for c in contacts:
        days = days_since(c.get("last_contacted_on"), today)
        rows.append(Staleness(dict(c), days, days is None or days >= threshold))
    return sorted(rows, key=lambda r: (r.days is not None, -(r.days or 0), _norm(r.contact.get("name"))))


def save_conversation(
    ws: Workspace,
    data: Mapping[str, Any],
    today: dt.date,
    rid: str | None = None,
    expected_updated_at: str | None = None,
) -> str:
    """Save a conversation and move the person's last contact forward when it is later.

    One atomic write: if the conversation is refused (e.g. the person was deleted, or it
    changed in another tab since ``expected_updated_at``) nothing changes.
    """
    check_conversation(data, today)
    with ws.batch():
        rid = journal.save(ws, "support_log", data, today, rid=rid, expected_updated_at=expected_updated_at)
        log = ws.get("support_log", rid)
        contact = ws.get("contacts", log["contact_id"])
        last = contact.get("last_contacted_on")
        if not last or log["date"] > last:
            ws.update("contacts", contact["id"], {"last_contacted_on": log["date"]})
    return rid


def split_leads(text: str | None) -> list[str]:
    """One lead per line; list bullets and blank lines dropped."""
    leads = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip()
        if line:
            leads.append(" ".join(line.split()))
    return leads


def lead_title(lead: str, contact_name: str | None = None) -> str:
    """A next-step title for a lead, within the title's length cap."""
    prefix = "Follow up a lead"
    prefix += f" from {shorten(contact_name, 40)}: " if contact_name else ": "
    return prefix + shorten(lead, NAME - len(prefix))


def lead_action(actions: Iterable[Mapping[str, Any]], title: str) -> dict | None:
    """The next step already made from this lead, if any."""
    return next(
        (dict(a) for a in actions if a.get("source") == "support" and a.get("kind") == "lead" and a["title"] == title),
        None,
    )


def make_lead_action(ws: Workspace, lead: str, contact_name: str | None, today: dt.date) -> str:
    """Turn a lead into a next step (``actions``); returns the existing one if it is already there."""
    title = lead_title(lead, contact_name)
    existing = lead_action(ws.all("actions"), title)
    if existing:
        return existing["id"]
    return journal.save(ws, "actions", {"title": title, "source": "support", "kind": "lead"}, today)


# --- Checking a person ----------------------------------------------------------------------
_EMAIL = re.compile(r"[^@\s,;<>()\[\]]+@[^@\s,;<>()\[\]]+\.[^@\s,;<>()\[\]]+")


BLANK = {
    "relationship": "Please choose how you know them, or type your own.",
    "contact_id": "Please choose who you talked to.",
}


def check_conversation(data: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Validate a conversation with plain messages for what is missing. Raises Invalid."""
    try:
        return validate("support_log", data, today)
    except Invalid as exc:
        errors = dict(exc.errors)
    for f in errors:
        if not str(data.get(f) or "").strip():
            errors[f] = BLANK.get(f, "Please fill this in.")
    raise Invalid(errors)


def check_contact(data: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Validate a person; an email, when given, must look like one address. Raises Invalid."""
    errors: dict[str, str] = {}
    try:
        clean = validate("contacts", data, today)
    except Invalid as exc:
        errors, clean = dict(exc.errors), {}
    for f in errors:
        if not str(data.get(f) or "").strip():
            errors[f] = BLANK.get(f, "Please fill this in.")
    email = " ".join(str(data.get("email") or "").split())
    if email and "email" not in errors and not _EMAIL.fullmatch(email):
        errors["email"] = "This does not look like an email address (like name@example.com). Leave it blank if unsure."
    if errors:
        raise Invalid(errors)
    return clean


# --- Reach-out drafts -------------------------------------------------------------------------
PURPOSES: dict[str, str] = {
    "reach_out_advice": "Ask for advice",
    "reach_out_news": "Share your news",
    "reach_out_thanks": "Say thank you for their help",
}
STAGE_PHRASES = {
    "applied": "the application stage",
    "screen": "the screening call",
    "interview": "the interviews",
    "final": "the final round",
    "offer": "the offer stage",
}


def templates(purpose: str) -> list[dict[str, Any]]:
    return [t for t in content.load("templates") if t.get("purpose") == purpose]


def pick_template(purpose: str, tone: str | None, length: str | None) -> dict[str, Any] | None:
    """The template for the purpose, tone and length; the closest one when there is no exact match."""
    options = templates(purpose)
    if not options:
        return None

    def score(t: Mapping[str, Any]) -> int:
        return (t.get("tone") == tone) * 2 + (t.get("length") == length)

    return max(options, key=score)


def tones(purpose: str) -> list[str]:
    return list(dict.fromkeys(t["tone"] for t in templates(purpose)))


def lengths(purpose: str) -> list[str]:
    return list(dict.fromkeys(t["length"] for t in templates(purpose)))


def draft_values(
    contact: Mapping[str, Any],
    profile: Mapping[str, Any] | None = None,
    rejection: Mapping[str, Any] | None = None,
    specific: str | None = None,
    tone: str | None = None,
) -> dict[str, str | None]:
    """The values a reach-out template's placeholders take."""
    name = " ".join(str(contact.get("name") or "").split())
    first = name.split(" ")[0] if name else ""
    return {
        "contact_name": first if tone == "warm" else name,
        "my_name": (profile or {}).get("name"),
        "specific": specific,
        "role": (rejection or {}).get("role"),
        "company": (rejection or {}).get("company"),
        "stage": STAGE_PHRASES.get((rejection or {}).get("stage") or ""),
    }


def reach_out_draft(template: Mapping[str, Any], values: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body) with every placeholder filled and optional parts without values dropped."""
    return drafts.fill(template["subject"], values), drafts.fill(template["body"], values)


def reach_out_link(contact: Mapping[str, Any], subject: str, body: str) -> str:
    return drafts.mailto(contact.get("email"), subject, body)


def log_reach_out(ws: Workspace, contact_id: str, purpose: str, subject: str, today: dt.date) -> str:
    """Record a sent reach-out as a conversation (kind "message"), which moves the last contact."""
    what = PURPOSES.get(purpose, "Reached out").lower()
    data = {
        "contact_id": contact_id,
        "date": today.isoformat(),
        "kind": "message",
        "takeaways": f"Sent a message to {what}: {subject}",
    }
    return save_conversation(ws, data, today)
