"""Your support network: people, conversations, who you have not talked to lately, leads.

Pure functions and journal writes; no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rebound import content, drafts, i18n, journal
from rebound.i18n import N_, _, ngettext
from rebound.models import NAME, Invalid, validate
from rebound.storage import Workspace
from rebound.text import shorten

# Stored as these codes (a person's own words are stored as typed); shown through the labels.
RELATIONSHIPS = ("mentor", "peer", "recruiter", "friend", "former colleague", "family", "other")
RELATIONSHIP_LABELS = {
    "mentor": N_("mentor"),
    "peer": N_("peer"),
    "recruiter": N_("recruiter"),
    "friend": N_("friend"),
    "former colleague": N_("former colleague"),
    "family": N_("family"),
    # Translators: a relationship to a person, or a kind of conversation, that is none of the listed ones.
    "other": N_("other"),
}
CONVERSATION_KINDS = ("coffee or call", "message", "meeting", "advice", "mock interview", "introduction", "other")
KIND_LABELS = {
    "coffee or call": N_("coffee or call"),
    "message": N_("message"),
    "meeting": N_("meeting"),
    "advice": N_("advice"),
    "mock interview": N_("mock interview"),
    "introduction": N_("introduction"),
    "other": N_("other"),
}
# Past this many days without contact, a person is gently flagged.
DEFAULT_THRESHOLD = 30
CONTACT_FIELDS = ["name", "relationship", "organization", "how_they_help", "notes", "last_contacted_on"]
LOG_FIELDS = ["contact_id", "date", "kind", "takeaways", "themes", "leads"]


def relationship_label(code: str | None) -> str:
    """A relationship as shown: ours translated, the person's own words as typed."""
    return _(RELATIONSHIP_LABELS[code]) if code in RELATIONSHIP_LABELS else (code or "")


def kind_label(code: str | None) -> str:
    """A kind of conversation as shown: ours translated, the person's own words as typed."""
    return _(KIND_LABELS[code]) if code in KIND_LABELS else (code or "")


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
            return _("no contact logged yet")
        if self.days <= 0:
            return _("today")
        if self.days == 1:
            return _("yesterday")
        return ngettext("{n} day ago", "{n} days ago", self.days)


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
    if contact_name:
        prefix = _("Follow up a lead from {name}: ", name=shorten(contact_name, 40))
    else:
        prefix = _("Follow up a lead: ")
    return prefix + shorten(lead, NAME - len(prefix))


def lead_titles(lead: str, contact_name: str | None = None) -> set[str]:
    """The titles this lead's next step may have been saved under: one per language of the app
    (the title is written in the app's language of the day it was made)."""
    titles = {lead_title(lead, contact_name)}
    for language in i18n.languages():
        with i18n.use(language):
            titles.add(lead_title(lead, contact_name))
    return titles


def lead_action(actions: Iterable[Mapping[str, Any]], title: str | Iterable[str]) -> dict | None:
    """The next step already made from this lead (``title``: one, or any of ``lead_titles``), if any."""
    wanted = {title} if isinstance(title, str) else set(title)
    return next(
        (dict(a) for a in actions if a.get("source") == "support" and a.get("kind") == "lead" and a["title"] in wanted),
        None,
    )


def make_lead_action(ws: Workspace, lead: str, contact_name: str | None, today: dt.date) -> str:
    """Turn a lead into a next step (``actions``); returns the existing one if it is already there,
    whichever language it was made in."""
    title = lead_title(lead, contact_name)
    existing = lead_action(ws.all("actions"), lead_titles(lead, contact_name))
    if existing:
        return existing["id"]
    return journal.save(ws, "actions", {"title": title, "source": "support", "kind": "lead"}, today)


# --- Checking a person ----------------------------------------------------------------------
_EMAIL = re.compile(r"[^@\s,;<>()\[\]]+@[^@\s,;<>()\[\]]+\.[^@\s,;<>()\[\]]+")


BLANK = {
    "relationship": N_("Please choose how you know them, or type your own."),
    "contact_id": N_("Please choose who you talked to."),
}
FILL_IN = N_("Please fill this in.")


def check_conversation(data: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Validate a conversation with plain messages for what is missing. Raises Invalid."""
    try:
        return validate("support_log", data, today)
    except Invalid as exc:
        errors = dict(exc.errors)
    for f in errors:
        if not str(data.get(f) or "").strip():
            errors[f] = _(BLANK.get(f, FILL_IN))
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
            errors[f] = _(BLANK.get(f, FILL_IN))
    email = " ".join(str(data.get("email") or "").split())
    if email and "email" not in errors and not _EMAIL.fullmatch(email):
        errors["email"] = _(
            "This does not look like an email address (like name@example.com). Leave it blank if unsure."
        )
    if errors:
        raise Invalid(errors)
    return clean


# --- Reach-out drafts -------------------------------------------------------------------------
PURPOSES: dict[str, str] = {
    "reach_out_advice": N_("Ask for advice"),
    "reach_out_news": N_("Share your news"),
    "reach_out_thanks": N_("Say thank you for their help"),
}
# What a sent reach-out adds to the conversation log (the takeaways, in the app's language).
SENT = {
    "reach_out_advice": N_("Sent a message to ask for advice: {subject}"),
    "reach_out_news": N_("Sent a message to share my news: {subject}"),
    "reach_out_thanks": N_("Sent a message to say thank you for their help: {subject}"),
}
# How a stage reads inside a sentence of a message, in the draft's language (``compose``).
STAGE_PHRASES = {
    # Translators: a stage inside a sentence of a message: "I have just had a no after the application stage".
    "applied": N_("the application stage"),
    "screen": N_("the screening call"),
    "interview": N_("the interviews"),
    "final": N_("the final round"),
    "offer": N_("the offer stage"),
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
    stage = STAGE_PHRASES.get((rejection or {}).get("stage") or "")
    return {
        "contact_name": first if tone == "warm" else name,
        "my_name": (profile or {}).get("name"),
        "specific": specific,
        "role": (rejection or {}).get("role"),
        "company": (rejection or {}).get("company"),
        "stage": _(stage) if stage else None,  # in the current language: the draft's, inside ``compose``
    }


def reach_out_draft(template: Mapping[str, Any], values: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body) with every placeholder filled and optional parts without values dropped."""
    return drafts.fill(template["subject"], values), drafts.fill(template["body"], values)


def compose(
    template: Mapping[str, Any],
    contact: Mapping[str, Any],
    profile: Mapping[str, Any] | None = None,
    rejection: Mapping[str, Any] | None = None,
    specific: str | None = None,
    language: str | None = None,
) -> tuple[str, str]:
    """(subject, body) of the reach-out ``template`` (by its id) written in ``language``."""
    tone = template.get("tone")
    return drafts.compose(template["id"], lambda: draft_values(contact, profile, rejection, specific, tone), language)


def reach_out_link(contact: Mapping[str, Any], subject: str, body: str) -> str:
    return drafts.mailto(contact.get("email"), subject, body)


def log_reach_out(ws: Workspace, contact_id: str, purpose: str, subject: str, today: dt.date) -> str:
    """Record a sent reach-out as a conversation (kind "message"), which moves the last contact."""
    takeaways = _(SENT[purpose], subject=subject) if purpose in SENT else _("Reached out: {subject}", subject=subject)
    data = {
        "contact_id": contact_id,
        "date": today.isoformat(),
        "kind": "message",
        "takeaways": takeaways,
    }
    return save_conversation(ws, data, today)
