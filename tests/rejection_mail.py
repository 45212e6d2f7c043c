"""A rejection e-mail from the fixtures, dated a given day (the suites pin *today*, the fixtures are fixed)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "emails"


def dated(name: str, day: dt.date) -> bytes:
    """The fixture ``name`` with its Date header moved to ``day`` at noon UTC."""
    raw = (FIXTURES / name).read_bytes()
    stamp = day.strftime("%a, %d %b %Y 12:00:00 +0000").encode()
    return re.sub(rb"(?m)^Date: [^\r\n]*", b"Date: " + stamp, raw, count=1)
