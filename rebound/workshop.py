"""Workshop mode: anonymous, opt-in numbers an attendee shares with their facilitator.

An attendee who opts in adds a few counts to their workshop's room — which figure their journal
falls in, never their words, names, companies or raw numbers — and the facilitator sees only
releases of those counts with differential-privacy noise (``rebound.room_privacy``, OpenDP).

What is stored where (the threat model in DESIGN.md: the facilitator, a person with the join
link who makes many journals, and whoever holds the disk or the database):

- the room's store (key ``workshop:<join code>``) keeps running counts, how many joined, and the
  releases taken: nothing tied to one person, sealed with the storage secret where one is set;
- each member's own sealed journal keeps what it last added (``workshop_contributed``), so a
  change sends the room only the difference and opting out subtracts it;
- releases spend the workshop's privacy budget; when it is spent the figures freeze.

A facilitator's workshops (the configured join code, and any new code started from the Workshop
page) are kept in a control file (key ``workshop-control:<code>``): each has a code, an optional
expiry date for its join link, the room's expected size, and whether it ended.
"""

from __future__ import annotations

import csv
import datetime as dt
import hmac
import io
import secrets
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from statistics import mean
from typing import Any

from rebound import room_privacy
from rebound.exports import safe_cell
from rebound.i18n import N_, _
from rebound.models import ACTIVITY_KINDS

MINIMUM_ROOM = room_privacy.MINIMUM_ROOM
SHARED_KINDS = tuple(k for k in ACTIVITY_KINDS if k != "rest")
# The mood figures as the facilitator sees them (translated where shown).
MOOD_LABELS = {"better": N_("Mood better"), "same": N_("Mood about the same"), "lower": N_("Mood lower")}


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


# --- the room: running counts, never a person ------------------------------------------------
#
# The room's store holds one record of running counts (table ``room``, id ``counts``) and the
# releases the facilitator took (table ``releases``). Nothing in it belongs to one person: no
# member ids, no per-person rows, no join times. What a person last added to the counts lives
# in their own (sealed) journal, in the profile field ``workshop_contributed``; a change sends
# the room only the difference, and opting out or deleting the journal subtracts it.

COUNTS_TABLE, COUNTS_ID, RELEASES = "room", "counts", "releases"
DEFAULT_EXPECTED = 40  # the room size a facilitator expects unless they say otherwise
JOIN_FACTOR = 2  # joins beyond twice the expected size are refused


class RoomFull(Exception):
    """A join beyond twice the room's expected size."""


def _counts_record(room_ws) -> dict:
    return room_ws.get(COUNTS_TABLE, COUNTS_ID) or {"counts": {}, "joined": 0}


def _save_counts(room_ws, record: dict) -> None:
    fields = {"counts": record["counts"], "joined": record["joined"]}
    if room_ws.get(COUNTS_TABLE, COUNTS_ID) is None:
        room_ws.add(COUNTS_TABLE, {"id": COUNTS_ID, **fields})
    else:
        room_ws.update(COUNTS_TABLE, COUNTS_ID, fields)


def apply_delta(room_ws, change: Mapping[str, int], joined: int = 0) -> None:
    """Add ``change`` to the room's counts, atomically (the store's batch holds the room's lock)."""
    if not change and not joined:
        return
    with room_ws.batch():
        record = _counts_record(room_ws)
        counts = dict(record.get("counts") or {})
        for name, d in change.items():
            n = int(counts.get(name, 0)) + int(d)
            if n:
                counts[name] = n
            else:
                counts.pop(name, None)
        _save_counts(room_ws, {"counts": counts, "joined": int(record.get("joined") or 0) + joined})


def room_counts(room_ws) -> tuple[int, dict[str, int]]:
    """(joined, exact counts): for releases and the join bound only, never shown as they are."""
    record = _counts_record(room_ws)
    return int(record.get("joined") or 0), dict(record.get("counts") or {})


def joined_count(room_ws) -> int:
    return room_counts(room_ws)[0]


def join_limit(session: Mapping[str, Any]) -> int:
    return JOIN_FACTOR * expected_size(session)


def expected_size(session: Mapping[str, Any]) -> int:
    n = session.get("expected_size")
    return n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else DEFAULT_EXPECTED


def count_join(room_ws, session: Mapping[str, Any]) -> None:
    """Count one journal joining, or raise :class:`RoomFull` beyond twice the expected size.

    Check and count happen under the room's lock, so a crowd joining at once never passes the bound.
    """
    with room_ws.batch():
        if joined_count(room_ws) >= join_limit(session):
            raise RoomFull(join_limit(session))
        apply_delta(room_ws, {}, joined=1)


# A sync holds its journal's batch while it updates the room's: on PostgreSQL that is two pooled
# connections at once. Letting at most this many syncs of one process hold their first connection
# means a burst of them can never take the whole pool and wait for each other.
_NESTED = threading.BoundedSemaphore(4)


def join(journal_ws, open_room: Callable[[str], Any], session: Mapping[str, Any], today: dt.date) -> bool:
    """Record a join in the journal and count it in the room, once per journal (under its lock).

    Returns False when this journal had already joined this workshop (it does not count twice).
    The profile is validated first and the room counts last, so a damaged profile (``Invalid``)
    or a full room (:class:`RoomFull`) leaves both as they were. A journal moving on from an
    earlier room takes back what it added there.
    """
    from rebound import journal

    with _NESTED, journal_ws.batch():
        profile = journal.profile(journal_ws)
        current = membership(profile)
        if current is not None and current[0] == session["code"]:
            return False
        earlier = last_contribution(profile) if current is not None else {}
        journal.save_profile(
            journal_ws,
            {
                "workshop": session["code"],
                "workshop_member_id": new_member_id(),
                "workshop_opt_in": False,
                "workshop_contributed": None,  # a new room: this journal has added nothing to it yet
            },
            today,
        )
        count_join(open_room(session["code"]), session)
        if earlier:
            apply_delta(open_room(current[0]), {k: -v for k, v in earlier.items()})
    return True


def last_contribution(profile: Mapping[str, Any]) -> dict[str, int]:
    given = profile.get("workshop_contributed")
    if not isinstance(given, dict):
        return {}
    return {k: v for k, v in given.items() if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)}


def sync(journal_ws, room_ws, summary: Mapping | None, today: dt.date, theme_ids: Iterable[str]) -> bool:
    """Bring the room's counts in line with this journal: ``summary`` when sharing, None to withdraw.

    The journal's lock is held across the room's update, so two tabs of one journal never send
    the same difference twice; the journal records the new contribution in the same batch, and
    a profile that cannot be saved (``Invalid``) stops everything before the room changes.
    Returns whether anything changed.
    """
    from rebound import journal  # journal imports models, which know nothing of rooms

    with _NESTED, journal_ws.batch():
        profile = journal.profile(journal_ws)
        old = last_contribution(profile)
        new = room_privacy.contribution(summary, SHARED_KINDS, theme_ids)
        change = room_privacy.delta(old, new)
        if not change:
            return False
        journal.save_profile(journal_ws, {"workshop_contributed": new}, today)
        apply_delta(room_ws, change)
    return True


# --- releases --------------------------------------------------------------------------------------


class BudgetSpent(Exception):
    """The workshop's privacy budget has no room for another release."""


class TooFewSharing(Exception):
    """Fewer than the threshold have joined: a release would say nothing worth its cost."""


def releases(room_ws) -> list[dict]:
    return sorted(room_ws.all(RELEASES), key=lambda r: (r.get("number", 0), r.get("created_at", "")))


def latest_release(room_ws) -> dict | None:
    taken = releases(room_ws)
    return taken[-1] if taken else None


def budget_state(room_ws, budget: float = room_privacy.BUDGET_EPSILON) -> dict:
    """What the facilitator sees of the budget: spent, left and how many releases remain."""
    made = len(room_ws.all(RELEASES))
    allowed = room_privacy.releases_allowed(budget)
    spent = room_privacy.spent(made)
    return {
        "budget": budget,
        "spent": spent,
        "left": max(0.0, budget - spent),
        "made": made,
        "remaining": max(0, allowed - made),
    }


def release(
    room_ws,
    theme_ids: Iterable[str],
    taken_on: dt.date,
    budget: float = room_privacy.BUDGET_EPSILON,
) -> dict:
    """Take a new release of the room's figures, spending budget; refused when it is spent.

    Raises :class:`BudgetSpent` (the figures stay as last released) or :class:`TooFewSharing`
    (fewer than ``MINIMUM_ROOM`` people joined: nothing is spent).
    """
    names = room_privacy.layout(SHARED_KINDS, theme_ids)
    with room_ws.batch():
        made = len(room_ws.all(RELEASES))
        if room_privacy.spent(made + 1) > budget + 1e-9:
            raise BudgetSpent(budget)
        # Gated on how many joined (the facilitator sees that count anyway), never on how many share: an
        # exact "not enough sharing yet", free of budget, would tell a facilitator with four fake journals
        # whether a fifth, real person shares. Who shares is only ever seen through the noise.
        joined, counts = room_counts(room_ws)
        if joined < MINIMUM_ROOM:
            raise TooFewSharing(MINIMUM_ROOM)
        drawn = room_privacy.draw(counts, names)
        record = {
            "number": made + 1,
            "figures": drawn.figures,
            "epsilon": drawn.epsilon,
            "taken_on": taken_on.isoformat(),
        }
        rid = room_ws.add(RELEASES, record)
    return {**record, "id": rid}


def shown_figures(figures: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """The released counts that pass each group's threshold, by group (post-processing only)."""
    groups: dict[str, dict[str, int]] = {}
    sizes: dict[str, int] = {}
    for name in figures:
        group = name.partition(":")[0]
        sizes[group] = sizes.get(group, 0) + 1
    for name, value in figures.items():
        group, _, bin_ = name.partition(":")
        if value >= room_privacy.threshold(sizes[group]):
            groups.setdefault(group, {})[bin_ or group] = value
    return groups


def figures_table(figures: Mapping[str, int], theme_labels: Mapping[str, str], kind_labels: Mapping[str, str]):
    """Rows (figure, people) of the shown figures of a release, labelled as attendees see them (for CSV).

    Labels in the current language; ``kind_labels`` and ``theme_labels`` are already translated."""
    rows = []
    for group, bins in shown_figures(figures).items():
        for bin_, value in bins.items():
            if group == "sharing":
                label = _("People sharing")
            elif group == "mood":
                label = _(MOOD_LABELS[bin_]) if bin_ in MOOD_LABELS else bin_
            elif group == "activity":
                label = _("Did most: {kind}", kind=kind_labels.get(bin_, bin_))
            else:
                label = _("Main theme: {theme}", theme=theme_labels.get(bin_, bin_))
            rows.append({"figure": label, "people": value})
    return rows


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


def set_expected_size(control_ws, configured_code: str, size: int) -> dict:
    return _save_session(control_ws, current_session(control_ws, configured_code), {"expected_size": int(size)})


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
    """The shown figures as CSV (labels neutralised against spreadsheet formulas), headed in the
    current language like the figures themselves."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["figure", "people"])
    writer.writerow({"figure": _("Figure"), "people": _("People")})
    for row in rows:
        writer.writerow({**row, "figure": safe_cell(row["figure"])})
    return out.getvalue()
