"""Stay-connected dates as an .ics calendar file (RFC 5545, via the ``icalendar`` library).

Every date becomes an **all-day event** (``DTSTART;VALUE=DATE`` and ``DTEND`` the day
after), so it lands on the right day whatever the calendar's time zone. The person's
text (company, contact, notes) is data only: it goes into ``SUMMARY``/``DESCRIPTION``
through icalendar's value escaping, on one line for the summary, with control characters
removed, so it can never add properties or events of its own.

Which dates: a company's *next check* and *re-apply after* dates from ``today`` on, and
next checks that are overdue, moved to ``today`` (with the original date in the text) so
they are not lost in the past. Re-apply dates already passed are left out (they are not
a task). Event UIDs are stable (record id + what), so importing a newer file updates
the same events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

import icalendar

from rebound import i18n
from rebound.i18n import _

PRODID = "-//Rebound//Stay connected//EN"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _one_line(text: object, limit: int = 200) -> str:
    line = " ".join(_CONTROL.sub(" ", str(text or "")).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _paragraph(text: object) -> str:
    return _CONTROL.sub(" ", str(text or "")).replace("\r\n", "\n").replace("\r", "\n").strip()


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def calendar_events(connections: Iterable[Mapping], today: dt.date) -> list[dict]:
    """The events the file will hold, as plain dicts (uid, date, summary, description), by date.

    The words are in the current language (a download: build it under ``i18n.use(locale)``)."""
    events = []
    for c in connections:
        company = _one_line(c.get("company")) or _("a company")
        contact = _one_line(c.get("contact"))
        details = "\n".join(
            p for p in (_("Contact: {contact}", contact=contact) if contact else "", _paragraph(c.get("notes"))) if p
        )
        check = _date(c.get("next_check_on"))
        if check is not None:
            overdue = check < today
            summary = (
                _("Check in on {company} (contact: {contact})", company=company, contact=contact)
                if contact
                else _("Check in on {company}", company=company)
            )
            if overdue:
                summary = _("{summary} (was due {day})", summary=summary, day=i18n.format_date(check))
            events.append(
                {
                    "uid": f"{c.get('id', company)}-next-check@rebound",
                    "date": max(check, today),
                    "summary": summary,
                    "description": details,
                }
            )
        again = _date(c.get("reapply_after"))
        if again is not None and again >= today:
            events.append(
                {
                    "uid": f"{c.get('id', company)}-reapply@rebound",
                    "date": again,
                    "summary": (
                        _("You can apply to {company} again (contact: {contact})", company=company, contact=contact)
                        if contact
                        else _("You can apply to {company} again", company=company)
                    ),
                    "description": details,
                }
            )
    return sorted(events, key=lambda e: (e["date"], e["summary"]))


def connections_ics(connections: Iterable[Mapping], today: dt.date, now: dt.datetime | None = None) -> bytes:
    """An .ics file (bytes) with one all-day event per due date (see the module rules)."""
    stamp = now or dt.datetime.now(dt.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Rebound: stay connected"))
    for item in calendar_events(connections, today):
        event = icalendar.Event()
        event.add("uid", item["uid"])
        event.add("dtstamp", stamp)
        event.add("dtstart", item["date"])
        event.add("dtend", item["date"] + dt.timedelta(days=1))
        event.add("summary", item["summary"])
        if item["description"]:
            event.add("description", item["description"])
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        cal.add_component(event)
    return cal.to_ical()
