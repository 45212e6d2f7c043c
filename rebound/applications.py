"""Applications: the record of each one sent, where it stands, and how it ties to a rejection.

The rules (the journal's save calls these, so every way in keeps them):

* An application is ``waiting`` until an answer: a stage (``screen``, ``interview``,
  ``final``), an ``offer``, ``rejected``, or ``ghosted`` (no answer). The person may also
  have ``withdrawn`` it. A waiting application older than the person's N weeks
  (``profile.ghost_after_weeks``, default 6) *reads* as ghosted (:func:`outcome`); nothing
  is written for that, so changing N changes the picture at once.
* A rejection points at its application (``application_id``). Logging a rejection for an
  open application closes it (``rejected``, or ``ghosted`` for a rejection logged as "no
  answer") and keeps company, role, dates, channel and source the same on both. A new
  rejection logged without one gets its own application, so every rejection counts as an
  application sent, as old journals do after :func:`upgrade_tables`.
* Deleting an application keeps its rejection (and the reflections hanging on it): the
  rejection only loses its link. Deleting a rejection keeps the application and its outcome.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from rebound import i18n
from rebound.i18n import N_, _, ngettext
from rebound.models import ANSWERED_STATUSES, CHANNELS, GHOST_WEEKS_DEFAULT, STAGE_LABELS, Invalid, validate

SHARED = ("company", "role", "applied_on", "channel", "source")  # the same on an application and its rejection
OPEN_STATUSES = ("waiting", "screen", "interview", "final", "offer", "ghosted")  # a no may still come
STATUS_LABELS = {  # marked: shown with status_label() (or _())
    "waiting": N_("Waiting for an answer"),
    "screen": N_("Screening call"),
    "interview": N_("Interview"),
    "final": N_("Final round"),
    "offer": N_("Offer"),
    "rejected": N_("Rejected"),
    "ghosted": N_("No answer"),
    "withdrawn": N_("Withdrawn"),
}
# How an application was sent: the stored code (models.CHANNELS) and what is shown for it.
CHANNEL_LABELS = {
    "job board": N_("Job board"),
    "company site": N_("Company website"),
    "referral": N_("Referral"),
    "recruiter": N_("Recruiter"),
    "networking": N_("Networking"),
    "other": N_("Other"),
}
assert set(CHANNEL_LABELS) == set(CHANNELS)


def status_label(code: str | None) -> str:
    """An application's status as shown (the code itself when it is not one of ours)."""
    return _(STATUS_LABELS[code]) if code in STATUS_LABELS else (code or "")


def stage_label(code: str | None, ghosted: bool = False) -> str:
    """The stage a rejection reached as shown; "No answer" for a silence counted as a no."""
    if ghosted:
        return _("No answer")
    return _(STAGE_LABELS[code]) if code in STAGE_LABELS else (code or "")


def channel_label(code: str | None) -> str:
    """How an application was sent, as shown (an imported channel of its own shows as written)."""
    return _(CHANNEL_LABELS[code]) if code in CHANNEL_LABELS else (code or "")


def day(value: Any, form: str = "date") -> str:
    """A stored date (ISO text or a date) as the current locale writes it; other text as it is."""
    when = _date(value)
    return i18n.format_date(when, form) if when else (str(value) if value else "")


_STAMPS = ("id", "created_at", "updated_at")


def ghost_weeks(profile: Mapping[str, Any] | None) -> int:
    n = (profile or {}).get("ghost_after_weeks")
    return n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else GHOST_WEEKS_DEFAULT


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def outcome(app: Mapping[str, Any], today: dt.date, weeks: int = GHOST_WEEKS_DEFAULT) -> str:
    """Where it stands today: its status, or ``ghosted`` for a waiting one past ``weeks``."""
    status = app.get("status") or "waiting"
    applied = _date(app.get("applied_on"))
    if status == "waiting" and applied is not None and (today - applied).days >= 7 * weeks:
        return "ghosted"
    return status


def outcome_label(app: Mapping[str, Any], today: dt.date, weeks: int = GHOST_WEEKS_DEFAULT) -> str:
    state = outcome(app, today, weeks)
    if state == "ghosted" and app.get("status") == "waiting":
        return ngettext("No answer after {n} week", "No answer after {n} weeks", weeks)
    return status_label(state)


def is_open(app: Mapping[str, Any]) -> bool:
    return (app.get("status") or "waiting") in OPEN_STATUSES


def answered(app: Mapping[str, Any]) -> bool:
    """The employer answered (a stage, an offer or a no); ghosted and withdrawn are not answers."""
    return app.get("status") in ANSWERED_STATUSES


def name(app: Mapping[str, Any]) -> str:
    """``Company · Role (applied 3 Mar 2026)`` in the current language (company and role as typed)."""
    when = app.get("applied_on")
    title = f"{app.get('company', '')} · {app.get('role', '')}"
    return _("{title} (applied {day})", title=title, day=day(when)) if when else title


# --- saving -------------------------------------------------------------------------------


def _kept(current: Mapping[str, Any] | None, data: Mapping[str, Any]) -> dict[str, Any]:
    """An edit keeps the fields its form does not ask for (a link, an import's fingerprint)."""
    base = {k: v for k, v in (current or {}).items() if k not in _STAMPS}
    return base | dict(data)


def _moved(errors: dict[str, str], to: dict[str, str]) -> Invalid:
    """Errors found on the other record, shown by the field the person can change."""
    out: dict[str, str] = {}
    for fld, msg in errors.items():
        out.setdefault(to.get(fld, fld), msg)
    return Invalid(out)


def closed_by(app: Mapping[str, Any], rejection: Mapping[str, Any]) -> dict[str, Any]:
    """The application once ``rejection`` is logged for it (a JSON-ready record, unchecked)."""
    ghosted = bool(rejection.get("ghosted"))
    shared = {k: rejection.get(k) for k in SHARED if rejection.get(k) is not None}
    first = app.get("answered_on")
    if not ghosted and not first and rejection.get("stage") == "applied":
        first = rejection.get("rejected_on")  # the no was their first answer
    return {
        **{k: v for k, v in app.items() if k not in _STAMPS},
        **shared,
        "status": "ghosted" if ghosted else "rejected",
        "answered_on": None if ghosted else first,
        "status_on": rejection.get("rejected_on"),
    }


def from_rejection(rejection: Mapping[str, Any]) -> dict[str, Any]:
    """The application behind a rejection logged on its own (or kept in an old journal)."""
    return closed_by({"company": rejection.get("company"), "role": rejection.get("role")}, rejection)


def _current(ws, table: str, rid: str | None) -> dict[str, Any] | None:
    # A record gone meanwhile (another tab) reads as nothing: the update below then raises the
    # store's RecordNotFound, and the batch writes nothing.
    return ws.get(table, rid) if rid is not None else None


GONE = N_("That application no longer exists. Please pick another, or none.")


def _reopen(ws, app_id: str, rejection: Mapping[str, Any]) -> None:
    """An application no longer answered by ``rejection`` waits again, when that no was its only answer.

    One that had answered before keeps its record as it is: which stage it reached is not known.
    """
    app = ws.get("applications", app_id)
    if app is None or app.get("status") not in ("rejected", "ghosted"):
        return
    first = app.get("answered_on")
    if first and not (first == rejection.get("rejected_on") and rejection.get("stage") == "applied"):
        return
    ws.update("applications", app_id, {"status": "waiting", "answered_on": None, "status_on": None})


def save_rejection(
    ws, data: Mapping[str, Any], today: dt.date, rid: str | None, expected_updated_at: str | None
) -> str:
    """Check and write a rejection with its application, in one batch (see the module's rules)."""
    lenient = today + dt.timedelta(days=1)  # the application may hold a date written a zone ahead
    with ws.batch():
        current = _current(ws, "rejections", rid)
        record = validate("rejections", _kept(current, data), today)
        app_id = record.get("application_id")
        before = (current or {}).get("application_id")
        if before and before != app_id:
            _reopen(ws, before, current)  # the rejection was for another application after all
        if app_id:
            app = ws.get("applications", app_id)
            if app is None:
                raise Invalid({"application_id": _(GONE)})
            if record.get("applied_on") is None and app.get("applied_on"):
                record = validate("rejections", record | {"applied_on": app["applied_on"]}, today)
            try:
                closed = validate("applications", closed_by(app, record), lenient)
            except Invalid as exc:
                raise _moved(exc.errors, {"status_on": "rejected_on", "answered_on": "rejected_on"}) from None
            ws.update("applications", app_id, closed)
        elif rid is None:
            try:
                made = validate("applications", from_rejection(record), lenient)
            except Invalid as exc:
                raise _moved(exc.errors, {"status_on": "rejected_on", "answered_on": "rejected_on"}) from None
            record["application_id"] = ws.add("applications", made)
        if rid is None:
            return ws.add("rejections", record)
        ws.update("rejections", rid, record, expected_updated_at=expected_updated_at)
        return rid


def save_application(
    ws, data: Mapping[str, Any], today: dt.date, rid: str | None, expected_updated_at: str | None
) -> str:
    """Check and write an application; an edit carries company, role and dates to its rejections."""
    with ws.batch():
        record = validate("applications", _kept(_current(ws, "applications", rid), data), today)
        if rid is None and record.get("applied_on") is None:
            raise Invalid({"applied_on": _("Please add the day you sent it.")})
        if record["status"] == "waiting" and (record.get("answered_on") or record.get("status_on")):
            raise Invalid({"status": _("A date of an answer needs the answer too: choose what they said.")})
        if record["status"] in ANSWERED_STATUSES and record.get("status_on") and not record.get("answered_on"):
            record["answered_on"] = record["status_on"]  # the first answer we know of
        if rid is None:
            return ws.add("applications", record)
        ws.update("applications", rid, record, expected_updated_at=expected_updated_at)
        for rej in ws.all("rejections"):
            if rej.get("application_id") != rid:
                continue
            changes = {k: record.get(k) for k in SHARED if record.get(k) is not None and rej.get(k) != record.get(k)}
            if changes:
                try:
                    validate("rejections", {**rej, **changes}, today + dt.timedelta(days=1))
                except Invalid as exc:
                    raise Invalid(
                        {k: _("The rejection logged for it says: {problem}", problem=v) for k, v in exc.errors.items()}
                    ) from None
                ws.update("rejections", rej["id"], changes)
        return rid


# --- old journals -------------------------------------------------------------------------


def application_id_for(rejection_id: str) -> str:
    """The id an old rejection's application gets: the same on every read, in every process."""
    return hashlib.sha256(f"rebound/application-of/{rejection_id}".encode()).hexdigest()[:32]


def upgrade_tables(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Format 1 -> 2: every rejection gains an application with its outcome.

    Idempotent and deterministic: only a rejection without an ``application_id`` field at
    all (one written before applications existed) gains one, with an id made from its own,
    so reading an old file twice, or in two processes, gives the same journal. A rejection
    whose link was cleared on purpose (its application deleted) keeps ``application_id:
    None`` and is left alone.
    """
    rejections = tables.get("rejections") or []
    if not any(isinstance(r, dict) and "application_id" not in r for r in rejections):
        return tables
    apps = list(tables.get("applications") or [])
    have = {a.get("id") for a in apps if isinstance(a, dict)}
    out_rejections = []
    for rej in rejections:
        if not isinstance(rej, dict) or "application_id" in rej or not isinstance(rej.get("id"), str):
            out_rejections.append(rej)
            continue
        try:  # a damaged record is left as it is: its own check names the problem once
            validate("rejections", rej)
        except Invalid:
            out_rejections.append(rej)
            continue
        app_id = application_id_for(rej["id"])
        if app_id not in have:
            app = validate("applications", from_rejection(rej))  # the shape the model writes: every field
            app.update(id=app_id, **{k: rej[k] for k in ("created_at", "updated_at") if k in rej})
            apps.append(app)
            have.add(app_id)
        out_rejections.append({**rej, "application_id": app_id})
    return {**tables, "rejections": out_rejections, "applications": apps}


def upgrade_workspace(ws, fmt: str, version: int) -> bool:
    """Bring a journal kept without a format version (PostgreSQL rows) up to date, in place.

    Runs :func:`upgrade_tables` on what is stored and writes only what changed, in one batch
    (nothing at all for a journal already up to date or one never written). True if it wrote.
    ``fmt`` and ``version`` are the store's document format (passed in: the store imports this
    module, never the other way round).
    """
    with ws.batch():
        rejections = ws.all("rejections")
        if not any("application_id" not in r for r in rejections):
            return False
        old = {r["id"] for r in rejections if "application_id" not in r}
        tables = {"rejections": rejections, "applications": ws.all("applications")}
        new = upgrade_tables(tables)
        known = {r["id"] for r in tables["applications"]}
        changed = {
            "rejections": [r for r in new["rejections"] if r["id"] in old],
            "applications": [a for a in new["applications"] if a["id"] not in known],
        }
        ws.import_data({"format": fmt, "version": version, "tables": changed}, "merge")
    return True
