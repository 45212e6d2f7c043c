"""When to remind someone to download a backup."""

from __future__ import annotations

import datetime as dt

from rebound import journal
from rebound.i18n import _, ngettext
from rebound.storage import Workspace

STALE_AFTER_DAYS = 14


def backup_reminder(last_backup_on: str | None, today: dt.date, has_data: bool, ephemeral: bool) -> str | None:
    """A gentle reminder, or None. On a host that forgets files, once a day; elsewhere every two weeks."""
    if not has_data:
        return None
    last = _date(last_backup_on)
    if ephemeral and last != today:
        return _(
            "This app runs on a host that can forget its files when it restarts. "
            "Download a backup before you leave, so your notes go home with you."
        )
    if not ephemeral and (last is None or (today - last).days >= STALE_AFTER_DAYS):
        if last is None:
            return _("You have not downloaded a backup yet. A copy on your own drive keeps your journal safe.")
        return ngettext(
            "Your last backup was {n} day ago. A copy on your own drive keeps your journal safe.",
            "Your last backup was {n} days ago. A copy on your own drive keeps your journal safe.",
            (today - last).days,
        )
    return None


def _date(value: object) -> dt.date | None:
    """A stored date, or None when it is missing or damaged (a damaged profile must not break a page)."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def record_backup(ws: Workspace, today: dt.date) -> None:
    """Note that the journal is backed up today: after a download, and after a restore (the journal
    then came from a file the person holds, so reminding them to back it up would be wrong)."""
    journal.save_profile(ws, {"last_backup_on": today.isoformat()}, today)
