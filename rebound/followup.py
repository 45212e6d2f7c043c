"""Follow up after a rejection: feedback requests and thank-you notes, drafted and tracked.

Pure functions, no Streamlit. Templates come from data/content/templates.json (each:
id, purpose, tone, length, label, subject, body with {placeholders}); drafting uses
rebound.drafts so no {placeholder} ever reaches a draft.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from rebound import content, drafts
from rebound.i18n import N_, _
from rebound.insights.patterns import clean_themes
from rebound.models import FEEDBACK_STATUSES, Invalid, validate

PURPOSES = (
    "feedback_request",
    "feedback_follow_up",
    "thank_you",
    "reach_out_advice",
    "reach_out_news",
    "reach_out_thanks",
)
TONES = {"warm": N_("Warm"), "formal": N_("Formal")}
# Translators: the length of a message: short or detailed.
LENGTHS = {"short": N_("Short"), "detailed": N_("Detailed")}
FOLLOW_UP_DAYS = 7

STATUS_LABELS = {
    "draft": N_("Draft (not sent yet)"),
    "sent": N_("Sent, waiting to hear"),
    "received": N_("Feedback received"),
    "declined": N_("They could not give feedback"),
    "no_reply": N_("No reply (let it go)"),
}
assert set(STATUS_LABELS) == set(FEEDBACK_STATUSES)

# How a stage reads inside a sentence of a message ("the time you gave me during ..."); written in
# the draft's language (``compose``).
STAGE_PHRASES = {
    # Translators: a stage inside a sentence of a message: "the time you gave me during the application process".
    "applied": N_("the application process"),
    "screen": N_("the screening call"),
    "interview": N_("the interviews"),
    "final": N_("the final round"),
    "offer": N_("the offer stage"),
}

_EMAIL = re.compile(r"[^@\s,;:<>()\[\]\"']+@[^@\s,;:<>()\[\]\"']+\.[^@\s,;:<>()\[\]\"'.]+")


# --- templates ---------------------------------------------------------------------------
def templates(purpose: str | None = None) -> list[dict]:
    """Shipped message templates, optionally for one purpose."""
    items = list(content.load("templates"))
    return [t for t in items if purpose is None or t["purpose"] == purpose]


def template(tid: str | None) -> dict | None:
    return next((t for t in templates() if t["id"] == tid), None)


def pick(purpose: str, tone: str | None = None, length: str | None = None) -> dict:
    """The template for a purpose, tone and length; the closest one when that mix is missing."""
    options = templates(purpose)
    if not options:
        raise KeyError(f"No template for {purpose!r}.")
    for ok in (
        lambda t: t["tone"] == tone and t["length"] == length,
        lambda t: t["tone"] == tone,
        lambda t: t["length"] == length,
    ):
        found = [t for t in options if ok(t)]
        if found:
            return found[0]
    return options[0]


# --- drafting ------------------------------------------------------------------------------
def _clip(value: object | None) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text.rstrip(" .!?;,") or None


def draft_values(
    rejection: Mapping[str, Any] | None,
    contact_name: str | None = None,
    specific: str | None = None,
    my_name: str | None = None,
) -> dict[str, str | None]:
    """Placeholder values from a rejection and what the person typed (missing ones stay None)."""
    rejection = rejection or {}
    stage = STAGE_PHRASES.get(str(rejection.get("stage")))
    return {
        "company": _clip(rejection.get("company")),
        "role": _clip(rejection.get("role")),
        "stage": _(stage) if stage else None,  # in the current language: the draft's, inside ``compose``
        "contact_name": _clip(contact_name),
        "specific": _clip(specific),
        "my_name": _clip(my_name),
    }


def draft(tmpl: Mapping[str, str], values: Mapping[str, object | None]) -> tuple[str, str]:
    """(subject, body) of a template filled with the values."""
    return drafts.fill(tmpl["subject"], values), drafts.fill(tmpl["body"], values)


def compose(
    purpose: str,
    rejection: Mapping[str, Any] | None,
    *,
    tone: str | None = None,
    length: str | None = None,
    contact_name: str | None = None,
    specific: str | None = None,
    my_name: str | None = None,
    language: str | None = None,
) -> tuple[str, str, str]:
    """(template id, subject, body) of a message for ``purpose``, written in ``language``.

    The template is chosen by its id (the same in every language); the template's words, the stage
    phrase and the neutral phrases for missing values all come out in ``language``.
    """
    tid = pick(purpose, tone, length)["id"]
    subject, body = drafts.compose(tid, lambda: draft_values(rejection, contact_name, specific, my_name), language)
    return tid, subject, body


def email_ok(address: str | None) -> bool:
    return bool(address) and _EMAIL.fullmatch(address.strip()) is not None


def mail_link(address: str | None, subject: str | None, body: str | None) -> str:
    return drafts.mailto(address if email_ok(address) else None, subject or "", body or "")


# --- checking a record before it is saved -------------------------------------------------
def _merge(errors: dict[str, str], run) -> Any:
    try:
        return run()
    except Invalid as exc:
        for k, v in exc.errors.items():
            errors.setdefault(k, v)
        return None


def _email_error(errors: dict[str, str], address: str | None) -> None:
    if address and address.strip() and not email_ok(address):
        errors.setdefault("contact_email", _("This does not look like one email address (like name@example.com)."))


def check_request(data: Mapping[str, Any], today: dt.date, known_themes: Iterable[str] = ()) -> dict:
    """A feedback request, clean; or Invalid naming every field that needs a change."""
    data = dict(data)
    errors: dict[str, str] = {}
    if data.get("themes"):
        data["themes"] = _merge(errors, lambda: clean_themes(data["themes"], known=known_themes)) or []
    clean = _merge(errors, lambda: validate("feedback_requests", data, today))
    _email_error(errors, data.get("contact_email"))
    status = data.get("status")
    if status == "sent" and not data.get("requested_on"):
        errors.setdefault("requested_on", _("Add the day you sent it, so Rebound can remind you to follow up."))
    if status == "received" and not (data.get("feedback_text") or "").strip():
        errors.setdefault("feedback_text", _("Write down what they told you, even a line or two."))
    sent, received = data.get("requested_on"), data.get("received_on")
    if sent and received and str(received) < str(sent):
        errors.setdefault("received_on", _("This is before the day you asked. Check both dates."))
    if errors:
        raise Invalid(errors)
    return clean


def check_note(data: Mapping[str, Any], today: dt.date) -> dict:
    """A thank-you note, clean; or Invalid naming every field that needs a change."""
    errors: dict[str, str] = {}
    clean = _merge(errors, lambda: validate("thank_you_notes", data, today))
    _email_error(errors, data.get("contact_email"))
    if errors:
        raise Invalid(errors)
    return clean


# --- what needs a nudge ----------------------------------------------------------------------
def default_follow_up(sent_on: dt.date) -> dt.date:
    return sent_on + dt.timedelta(days=FOLLOW_UP_DAYS)


def overdue(requests: Iterable[Mapping[str, Any]], today: dt.date) -> list[dict]:
    """Sent requests whose follow-up date has come (oldest first)."""
    now = today.isoformat()
    due = [
        dict(r) for r in requests if r.get("status") == "sent" and r.get("follow_up_on") and r["follow_up_on"] <= now
    ]
    return sorted(due, key=lambda r: r["follow_up_on"])


def mark_sent(record: Mapping[str, Any], today: dt.date) -> dict:
    """The changes that mark a draft as sent today, with a follow-up date a week on."""
    sent = dt.date.fromisoformat(record["requested_on"]) if record.get("requested_on") else today
    follow = record.get("follow_up_on") or default_follow_up(sent).isoformat()
    return {"status": "sent", "requested_on": sent.isoformat(), "follow_up_on": follow}


def snooze(record: Mapping[str, Any], today: dt.date) -> dict:
    return {"follow_up_on": default_follow_up(today).isoformat()}


def editable(record: Mapping[str, Any]) -> dict:
    """A stored record without the store's own fields (to save it again with changes)."""
    return {k: v for k, v in record.items() if k not in ("id", "created_at", "updated_at")}
