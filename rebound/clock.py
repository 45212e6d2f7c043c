"""Today's date: the person's calendar day, or a pinned day for tests and demos.

``REBOUND_TODAY=YYYY-MM-DD`` pins *today* for the whole app. It exists for tests (every test pins it,
so none depends on the weekday or the month's end) and for demos; leave it unset in real use.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

ENV = "REBOUND_TODAY"


class InvalidPinnedToday(ValueError):
    """REBOUND_TODAY is set but is not a real calendar date."""


def pinned() -> dt.date | None:
    """The pinned day from REBOUND_TODAY, or None when it is unset or empty."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw) if len(raw) == 10 else _bad(raw)
    except ValueError:
        return _bad(raw)


def _bad(raw: str) -> dt.date:
    raise InvalidPinnedToday(
        f"{ENV}={raw!r} is not a date. Use the form YYYY-MM-DD (for example 2026-03-12), or unset it."
    )


def today(tz_name: str | None = None) -> dt.date:
    """The pinned day if set; else today in the time zone ``tz_name`` (the server's date if unknown)."""
    day = pinned()
    if day is not None:
        return day
    if tz_name:
        try:
            return dt.datetime.now(ZoneInfo(tz_name)).date()
        except Exception:  # unknown zone name: the server's date is the best guess
            pass
    return dt.date.today()
