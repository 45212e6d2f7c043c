"""Workshop mode: anonymous, opt-in numbers an attendee shares with their facilitator.

An attendee who opts in pushes a small summary of their journal — counts and
averages only, never free text, names or companies — into the workshop's own
store file (key ``workshop:<join code>``), under a random member id that is not
their private link. The facilitator reads only that file, and sees nothing
until at least ``MINIMUM_ROOM`` people have opted in.
"""

from __future__ import annotations

import hmac
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from statistics import mean

from rebound.models import ACTIVITY_KINDS

MINIMUM_ROOM = 5


def workshop_key(join_code: str) -> str:
    return "workshop:" + join_code


def new_member_id() -> str:
    return uuid.uuid4().hex


def key_matches(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; an unset key never matches."""
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))


def _change(records: list[dict], field: str) -> float | None:
    dated = sorted(
        (r for r in records if isinstance(r.get(field), int)), key=lambda r: (r["date"], r.get("created_at", ""))
    )
    return float(dated[-1][field] - dated[0][field]) if len(dated) >= 2 else None


def summarise(tables: Mapping[str, list[dict]], theme_ids: Iterable[str]) -> dict:
    """One attendee's shareable numbers. Themes count only shipped theme ids (own tags may be private words)."""
    activities = Counter()
    for a in tables.get("activities", []):
        if a.get("kind") in ACTIVITY_KINDS and a["kind"] != "rest":
            activities[a["kind"]] += int(a.get("count") or 0)
    vocabulary = set(theme_ids)
    themes = Counter(
        t
        for table in ("reflections", "feedback_requests", "support_log")
        for r in tables.get(table, [])
        for t in r.get("themes") or []
        if t in vocabulary
    )
    shifts = [
        r["intensity_before"] - r["intensity_after"]
        for r in tables.get("reframes", [])
        if isinstance(r.get("intensity_before"), int) and isinstance(r.get("intensity_after"), int)
    ]
    checkins = tables.get("checkins", [])
    return {
        "activities": dict(activities),
        "rejections": len(tables.get("rejections", [])),
        "reflections": len(tables.get("reflections", [])),
        "reframes": len(shifts),
        "themes": dict(themes),
        "mood_change": _change(checkins, "mood"),
        "confidence_change": _change(checkins, "confidence"),
        "reframe_shift": round(mean(shifts), 1) if shifts else None,
    }


def room_summary(members: list[dict], minimum: int = MINIMUM_ROOM) -> dict | None:
    """The room's aggregate, or None when fewer than ``minimum`` people opted in."""
    if len(members) < minimum:
        return None

    def avg(field: str) -> float | None:
        values = [m[field] for m in members if isinstance(m.get(field), int | float)]
        return round(mean(values), 1) if values else None

    activities: Counter = Counter()
    themes: Counter = Counter()
    for m in members:
        activities.update(m.get("activities") or {})
        themes.update({t: 1 for t in (m.get("themes") or {})})  # how many people, not how many mentions
    return {
        "people": len(members),
        "activities": dict(activities.most_common()),
        "themes": themes.most_common(8),
        "rejections": sum(int(m.get("rejections") or 0) for m in members),
        "reflections": sum(int(m.get("reflections") or 0) for m in members),
        "reframes": sum(int(m.get("reframes") or 0) for m in members),
        "mood_change": avg("mood_change"),
        "confidence_change": avg("confidence_change"),
        "reframe_shift": avg("reframe_shift"),
    }


def push(workshop_ws, member_id: str, summary: dict) -> None:
    """Store (or refresh) one member's numbers in the workshop's file."""
    if workshop_ws.get("members", member_id) is None:
        workshop_ws.add("members", {"id": member_id, **summary})
    else:
        workshop_ws.update("members", member_id, summary)


def withdraw(workshop_ws, member_id: str) -> None:
    """Opting out removes the member's numbers from the room."""
    if workshop_ws.get("members", member_id) is not None:
        workshop_ws.delete("members", member_id)
