"""Next steps helpers: goals, if-then plan reviews, stay-connected dates, actions, the monthly review.

No Streamlit here. The effort numbers themselves live in :mod:`rebound.insights.effort`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rebound import content, i18n, journal
from rebound.i18n import N_, _, ngettext
from rebound.insights.effort import GOAL_KINDS, KIND_LABELS, clean_goals, units, week_start
from rebound.models import Invalid
from rebound.storage import Workspace

# Where a next step came from (records written by other pages).
SOURCE_LABELS = {
    "support": N_("from a conversation (Support)"),
    "reflect": N_("from a reflection (Reflect)"),
    "grow": N_("from your skill plan (Grow)"),
}
REVIEW_EVERY_DAYS = 28
DUE_SOON_DAYS = 14


# --- direction & goals --------------------------------------------------------------------
def goals_from_form(values: Mapping[str, Any]) -> dict[str, int]:
    """The weekly goals to save: every goal kind, blanks as 0 (0 = no goal for that kind)."""
    out: dict[str, int] = {}
    for kind in GOAL_KINDS:
        raw = values.get(kind)
        out[kind] = int(raw) if raw not in (None, "") else 0
    return out


def goals_sentence(goals: Mapping[str, object]) -> str:
    """'3 applications, 2 networking contacts' (our words; no user text)."""
    goals_ = clean_goals(goals)
    if not goals_:
        return _("No weekly goals yet.")
    return _("Each week: {goals}.", goals=", ".join(units(k, n) for k, n in goals_.items()))


# --- if-then plans ----------------------------------------------------------------------------
def review_weeks(today: dt.date, n: int = 2) -> list[dt.date]:
    """The Mondays a plan can be reviewed for: this week first, then the weeks before."""
    monday = week_start(today)
    return [monday - dt.timedelta(weeks=i) for i in range(n)]


def week_phrase(monday: dt.date, today: dt.date) -> str:
    this = week_start(today)
    day = i18n.format_date(monday, "day_month")
    if monday == this:
        return _("This week (from Monday {day})", day=day)
    if monday == this - dt.timedelta(weeks=1):
        return _("Last week (from Monday {day})", day=day)
    return _("The week from Monday {day}", day=day)


def find_review(plan_reviews: Iterable[Mapping], plan_id: str, monday: dt.date) -> dict | None:
    iso = monday.isoformat()
    return next((dict(r) for r in plan_reviews if r.get("plan_id") == plan_id and r.get("week_start") == iso), None)


def save_plan_review(
    ws: Workspace, plan_id: str, monday: dt.date, kept: bool | None, note: str | None, today: dt.date
) -> str:
    """One review per plan and week: the first save adds it, later saves update it."""
    if kept is None:
        raise Invalid({"kept": _("Please choose kept or missed.")})
    if monday > week_start(today):
        raise Invalid({"week_start": _("That week has not started yet.")})
    existing = find_review(ws.all("plan_reviews"), plan_id, monday)
    data = {"plan_id": plan_id, "week_start": monday.isoformat(), "kept": bool(kept), "note": note}
    return journal.save(ws, "plan_reviews", data, today, rid=existing["id"] if existing else None)


@dataclass(frozen=True)
class PlanRecord:
    kept: int
    missed: int

    @property
    def reviewed(self) -> int:
        return self.kept + self.missed

    def sentence(self) -> str:
        if not self.reviewed:
            return _("Not reviewed yet.")
        return ngettext(
            "Kept in {kept} of {n} reviewed week.",
            "Kept in {kept} of {n} reviewed weeks.",
            self.reviewed,
            kept=self.kept,
        )


def plan_record(plan_reviews: Iterable[Mapping], plan_id: str, today: dt.date, weeks: int = 8) -> PlanRecord:
    """Kept and missed reviews of one plan over the last ``weeks`` weeks (this week included)."""
    since = (week_start(today) - dt.timedelta(weeks=weeks - 1)).isoformat()
    mine = [r for r in plan_reviews if r.get("plan_id") == plan_id and str(r.get("week_start", "")) >= since]
    kept = sum(1 for r in mine if r.get("kept"))
    return PlanRecord(kept=kept, missed=len(mine) - kept)


# --- stay connected -------------------------------------------------------------------------
def done_options() -> dict[str, str]:
    """What one can do to keep a company warm: id -> label (shipped content)."""
    return {d["id"]: d["label"] for d in content.load("next_steps")["connection_done"]}


def done_label(value: str) -> str:
    return done_options().get(value, value)


@dataclass(frozen=True)
class DueDate:
    connection_id: str
    company: str  # the person's text: escape before Markdown
    what: str  # "check" or "reapply"
    on: dt.date
    days: int  # days from today (negative = overdue)

    @property
    def phrase(self) -> str:
        day = i18n.format_date(self.on)
        if self.what == "reapply":
            if self.days <= 0:
                return _("You can apply again from today")
            return _("You can apply again from {day}", day=day)
        if self.days < 0:
            return ngettext(
                "Check-in was due {n} day ago ({day})", "Check-in was due {n} days ago ({day})", -self.days, day=day
            )
        if self.days == 0:
            return _("Check in today")
        return ngettext("Check in by {day} (in {n} day)", "Check in by {day} (in {n} days)", self.days, day=day)


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def due_connections(connections: Iterable[Mapping], today: dt.date, within: int = DUE_SOON_DAYS) -> list[DueDate]:
    """Next checks due by ``today + within`` days (overdue ones included) and re-apply dates
    reached in the last ``within`` days or coming within them; soonest first."""
    out = []
    horizon = today + dt.timedelta(days=within)
    for c in connections:
        check = _date(c.get("next_check_on"))
        if check and check <= horizon:
            out.append(DueDate(c["id"], c.get("company", ""), "check", check, (check - today).days))
        again = _date(c.get("reapply_after"))
        if again and today - dt.timedelta(days=within) <= again <= horizon:
            out.append(DueDate(c["id"], c.get("company", ""), "reapply", again, (again - today).days))
    return sorted(out, key=lambda d: (d.on, d.what, d.company.casefold()))


def touch(connection: Mapping, today: dt.date, next_in_days: int | None = 30) -> dict:
    """A connection marked as touched today, with the next check ``next_in_days`` ahead."""
    data = {k: v for k, v in connection.items() if k not in ("id", "created_at", "updated_at")}
    data["last_touch_on"] = today.isoformat()
    if next_in_days:
        data["next_check_on"] = (today + dt.timedelta(days=next_in_days)).isoformat()
    return data


def check_connection_dates(data: Mapping[str, Any]) -> None:
    """Cross-field rule the model does not know: the next check is not before the last touch."""
    last, nxt = _date(data.get("last_touch_on")), _date(data.get("next_check_on"))
    if last and nxt and nxt < last:
        raise Invalid({"next_check_on": _("The next check is before the last touch. Pick a later day.")})


# --- actions ---------------------------------------------------------------------------------------
def split_actions(actions: Iterable[Mapping]) -> tuple[list[dict], list[dict]]:
    """(open, done): open ones by due date (undated last, then newest), done ones newest first."""
    open_, done = [], []
    for a in actions:
        (done if a.get("done") else open_).append(dict(a))
    open_.sort(key=lambda a: (a.get("due_on") is None, a.get("due_on") or "", str(a.get("created_at") or "")))
    done.sort(key=lambda a: str(a.get("updated_at") or a.get("created_at") or ""), reverse=True)
    return open_, done


def action_note(action: Mapping, today: dt.date, rejection_names: Mapping[str, str]) -> str:
    """A short line under a next step (contains the person's text: escape before Markdown)."""
    parts = []
    due = _date(action.get("due_on"))
    if due and not action.get("done"):
        if due < today:
            parts.append(_("was due {day}", day=i18n.format_date(due)))
        elif due == today:
            parts.append(_("due today"))
        else:
            parts.append(_("due {day}", day=i18n.format_date(due)))
    if action.get("source"):
        source = action["source"]
        parts.append(_(SOURCE_LABELS[source]) if source in SOURCE_LABELS else _("from {source}", source=source))
    if action.get("rejection_id"):
        parts.append(_("for {rejection}", rejection=rejection_names.get(action["rejection_id"]) or _("a rejection")))
    return " · ".join(parts)


def save_action(
    ws: Workspace,
    data: Mapping[str, Any],
    today: dt.date,
    rid: str | None = None,
    expected_updated_at: str | None = None,
) -> str:
    """Add or edit a next step; an edit keeps what the form does not ask (done, kind, where it came from)."""
    data = dict(data)
    current = ws.get("actions", rid) if rid else None
    for keep in ("done", "kind", "source"):
        if current and keep not in data:
            data[keep] = current.get(keep)
    return journal.save(ws, "actions", data, today, rid=rid, expected_updated_at=expected_updated_at)


def toggle_done(ws: Workspace, action: Mapping, today: dt.date) -> None:
    data = {k: v for k, v in action.items() if k not in ("id", "created_at", "updated_at")}
    data["done"] = not action.get("done")
    journal.save(ws, "actions", data, today, rid=action["id"])


# --- monthly review ------------------------------------------------------------------------------
def review_due(reviews: Iterable[Mapping], today: dt.date) -> tuple[bool, str]:
    """Whether a monthly review is due (none yet, or the last one 28 days ago or more), and why."""
    dates = sorted(str(r.get("date")) for r in reviews if r.get("date"))
    if not dates:
        return True, _("No review yet. Once a month, half an hour: it is how the effort stays pointed the right way.")
    last = _date(dates[-1])
    days = (today - last).days if last else REVIEW_EVERY_DAYS
    day = i18n.format_date(last) if last else dates[-1]
    if days >= REVIEW_EVERY_DAYS:
        return True, ngettext(
            "Your last review was {n} day ago ({day}). A good moment for the next one.",
            "Your last review was {n} days ago ({day}). A good moment for the next one.",
            days,
            day=day,
        )
    return False, ngettext(
        "Your last review was {n} day ago ({day}).", "Your last review was {n} days ago ({day}).", days, day=day
    )


def kind_options() -> dict[str, str]:
    """Activity kinds for a select box, goal kinds first, rest last."""
    return {kind: _(label) for kind, label in KIND_LABELS.items()}


def evidence() -> list[dict[str, str]]:
    return content.load("next_steps")["evidence"]
