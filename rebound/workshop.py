"""Workshop mode: anonymous, opt-in numbers an attendee shares with their facilitator.

An attendee who opts in pushes a small summary of their journal — counts and
averages only, never free text, names or companies — into the workshop's own
store file (key ``workshop:<join code>``), under a random member id that is not
their private link.

The threshold rule (what the facilitator may see):

- each room figure is shown only when at least ``MINIMUM_ROOM`` opted-in people
  contribute to *that* figure; an empty journal (a zero count, no check-ins)
  contributes nothing, so empty journals cannot make one person's numbers visible;
- the room's figures are published as a snapshot, and a new snapshot is taken only
  when at least ``MINIMUM_ROOM`` people's contributions changed since the last one
  (joined, changed or left): comparing two snapshots never isolates one person.

A facilitator's workshops (the configured join code, and any new code started
from the Workshop page) are kept in a control file (key ``workshop-control:<code>``):
each has a code, an optional expiry date for its join link, and whether it ended.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import secrets
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from statistics import mean
from typing import Any

import orjson

from rebound.exports import safe_cell
from rebound.models import ACTIVITY_KINDS

MINIMUM_ROOM = 5
SHARED_KINDS = tuple(k for k in ACTIVITY_KINDS if k != "rest")
COUNTS = ("rejections", "reflections", "reframes")
AVERAGES = ("mood_change", "confidence_change", "reframe_shift")
SNAPSHOT_ID = "room"


def workshop_key(join_code: str) -> str:
    return "workshop:" + join_code


def guard_key(configured_code: str) -> str:
    """The facilitator key guard's counts (rebound.keyguard): shared by every replica through the store."""
    return "workshop-guard:" + configured_code


def control_key(configured_code: str) -> str:
    return "workshop-control:" + configured_code


def new_member_id() -> str:
    return uuid.uuid4().hex


def new_join_code() -> str:
    return secrets.token_urlsafe(9)  # 72 random bits, 12 characters: short enough to type from a projector


def key_matches(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of the UTF-8 bytes; an unset key never matches.

    ``hmac.compare_digest`` refuses non-ASCII ``str``, so both sides are compared as bytes.
    """
    if not (isinstance(given, str) and isinstance(expected, str) and given and expected):
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


# --- one attendee ---------------------------------------------------------------------------


def _change(records: list[dict], field: str) -> float | None:
    dated = sorted(
        (r for r in records if isinstance(r.get(field), int) and isinstance(r.get("date"), str)),
        key=lambda r: (r["date"], r.get("created_at", "")),
    )
    return float(dated[-1][field] - dated[0][field]) if len(dated) >= 2 else None


def summarise(tables: Mapping[str, list[dict]], theme_ids: Iterable[str]) -> dict:
    """One attendee's shareable numbers. Themes count only shipped theme ids (own tags may be private words)."""
    activities = Counter()
    for a in tables.get("activities", []):
        if a.get("kind") in SHARED_KINDS:
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


def membership(profile: Mapping[str, Any]) -> tuple[str, str, bool] | None:
    """(join code, member id, opted in) from a profile, or None when it holds no well-formed membership.

    A restored or hand-edited profile may carry any of these fields broken or missing: it then
    simply is not a member (nothing is pushed, nothing crashes).
    """
    code, member = profile.get("workshop"), profile.get("workshop_member_id")
    if not (isinstance(code, str) and code and isinstance(member, str) and member):
        return None
    return code, member, profile.get("workshop_opt_in") is True


# --- the room: the threshold rule -------------------------------------------------------------


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def contributions(member: Mapping[str, Any]) -> dict[str, float]:
    """What one member adds to each room figure; a figure they add nothing to is left out."""
    out: dict[str, float] = {}
    acts = member.get("activities") if isinstance(member.get("activities"), dict) else {}
    for kind in SHARED_KINDS:
        if (n := _number(acts.get(kind))) and n > 0:
            out["activity:" + kind] = n
    for name in COUNTS:
        if (n := _number(member.get(name))) and n > 0:
            out[name] = n
    for name in AVERAGES:
        if (n := _number(member.get(name))) is not None:
            out[name] = n
    themes = member.get("themes") if isinstance(member.get("themes"), dict) else {}
    for theme, n in themes.items():
        if isinstance(theme, str) and (_number(n) or 0) > 0:
            out["theme:" + theme] = 1.0  # how many people, not how many mentions
    return out


def room_figures(members: list[Mapping[str, Any]], minimum: int = MINIMUM_ROOM) -> dict:
    """Every figure with at least ``minimum`` contributors; the others are listed as hidden.

    Returns ``{"sharing": n, "figures": {name: value}, "contributors": {name: k}, "hidden": [names]}``:
    totals for counts and themes, means (one decimal) for changes.
    """
    per_figure: dict[str, list[float]] = {}
    for m in members:
        for name, value in contributions(m).items():
            per_figure.setdefault(name, []).append(value)
    figures, contributors, hidden = {}, {}, []
    for name, values in sorted(per_figure.items()):
        if len(values) < minimum:
            hidden.append(name)
            continue
        contributors[name] = len(values)
        figures[name] = round(mean(values), 1) if name in AVERAGES else int(sum(values))
    return {"sharing": len(members), "figures": figures, "contributors": contributors, "hidden": hidden}


def fingerprint(member: Mapping[str, Any]) -> str:
    """A digest of what a member contributes (changes when any of their numbers does)."""
    return hashlib.sha256(orjson.dumps(contributions(member), option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def changed_people(before: Mapping[str, str], now: Mapping[str, str]) -> int:
    """How many people joined, left or changed their numbers between two sets of fingerprints."""
    return sum(1 for mid in set(before) | set(now) if before.get(mid) != now.get(mid))


def refresh(room_ws, minimum: int = MINIMUM_ROOM, now: dt.datetime | None = None) -> dict:
    """The room's published snapshot, taken anew only when at least ``minimum`` people changed.

    Returns the snapshot record plus ``pending``: how many people changed since it was taken.
    Between any two snapshots at least ``minimum`` people's numbers moved, so the difference
    never shows one person's change.
    """
    members = room_ws.all("members")
    prints = {m["id"]: fingerprint(m) for m in members}
    snap = room_ws.get("published", SNAPSHOT_ID)
    pending = changed_people(snap["prints"] if snap else {}, prints)
    if snap is None or pending >= minimum:
        record = {
            "figures": room_figures(members, minimum),
            "prints": prints,
            "taken_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        }
        if snap is None:
            room_ws.add("published", {"id": SNAPSHOT_ID, **record})
        else:
            room_ws.update("published", SNAPSHOT_ID, record)
        snap, pending = {**record, "id": SNAPSHOT_ID}, 0
    return {**snap, "pending": pending}


def figures_table(figures: Mapping[str, Any], theme_labels: Mapping[str, str], kind_labels: Mapping[str, str]):
    """Rows (figure, value, people) of the shown figures, labelled as attendees see them (for CSV)."""
    names = {
        "rejections": "Rejections logged",
        "reflections": "Reflections written",
        "reframes": "Thought records",
        "mood_change": "Average mood change",
        "confidence_change": "Average confidence change",
        "reframe_shift": "Average thought-record shift (points)",
    }
    rows = []
    for name, value in figures["figures"].items():
        if name.startswith("activity:"):
            label = kind_labels.get(name[9:], name[9:])
        elif name.startswith("theme:"):
            label = "Theme: " + theme_labels.get(name[6:], name[6:])
        else:
            label = names.get(name, name)
        rows.append({"figure": label, "value": value, "people": figures["contributors"][name]})
    return rows


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


def mark_joined(workshop_ws, member_id: str) -> None:
    """Count a person who joined (no numbers: those come only with the opt-in)."""
    if workshop_ws.get("joined", member_id) is None:
        workshop_ws.add("joined", {"id": member_id})


def counts(workshop_ws) -> tuple[int, int]:
    """(joined, sharing) for the presenter view."""
    return workshop_ws.count("joined"), workshop_ws.count("members")


# --- the facilitator's workshops -------------------------------------------------------------


def current_session(control_ws, configured_code: str) -> dict:
    """The workshop running now: the newest started one, else the configured code."""
    sessions = sorted(control_ws.all("sessions"), key=lambda s: s.get("created_at", ""))
    if sessions:
        return sessions[-1]
    return {"id": None, "code": configured_code, "expires_on": None, "ended": False}


def _save_session(control_ws, session: dict, changes: dict) -> dict:
    if session.get("id") is None:
        rid = control_ws.add("sessions", {"code": session["code"], "expires_on": None, "ended": False, **changes})
        return control_ws.get("sessions", rid)
    control_ws.update("sessions", session["id"], changes)
    return control_ws.get("sessions", session["id"])


def end_session(control_ws, configured_code: str, today: dt.date) -> dict:
    """Stop counting: attendees see it ended; the last published figures stay."""
    return _save_session(
        control_ws, current_session(control_ws, configured_code), {"ended": True, "ended_on": today.isoformat()}
    )


def start_session(control_ws, configured_code: str, today: dt.date) -> dict:
    """End the current workshop and start a new one with a new join code (a fresh room)."""
    current = current_session(control_ws, configured_code)
    if not current.get("ended"):
        end_session(control_ws, configured_code, today)
    rid = control_ws.add(
        "sessions", {"code": new_join_code(), "expires_on": None, "ended": False, "started_on": today.isoformat()}
    )
    return control_ws.get("sessions", rid)


def set_expiry(control_ws, configured_code: str, expires_on: dt.date | None) -> dict:
    return _save_session(
        control_ws,
        current_session(control_ws, configured_code),
        {"expires_on": expires_on.isoformat() if expires_on else None},
    )


def session_status(session: Mapping[str, Any], today: dt.date) -> str:
    """``open``, ``expired`` (the join link no longer admits anyone) or ``ended``."""
    if session.get("ended"):
        return "ended"
    expires = session.get("expires_on")
    if isinstance(expires, str) and today > dt.date.fromisoformat(expires):
        return "expired"
    return "open"


def find_session(control_ws, configured_code: str, given: str | None) -> dict | None:
    """The workshop (current or past) whose code is ``given``, compared in constant time."""
    candidates = [current_session(control_ws, configured_code), *control_ws.all("sessions")]
    found = None
    for session in candidates:
        if key_matches(given, session.get("code")) and found is None:
            found = session
    return found


def is_counting(control_ws, configured_code: str, code: str) -> bool:
    """Whether numbers for ``code`` still go into its room (the current workshop, not ended)."""
    current = current_session(control_ws, configured_code)
    return key_matches(code, current["code"]) and not current.get("ended")


def room_csv(rows: list[dict]) -> str:
    """The shown figures as CSV (labels neutralised against spreadsheet formulas)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["figure", "value", "people"])
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "figure": safe_cell(row["figure"])})
    return out.getvalue()
