"""Effort over time: weekly totals against goals, streaks, active days, and conversion.

Everything here counts *effort* (things the person did), never outcomes, and every
function takes ``today`` explicitly: the shell computes it in the browser's time
zone, so "this week" is the person's week, not the server's.

Rules (the same everywhere in this module)
------------------------------------------
* **Weeks** are ISO weeks: Monday to Sunday. ``week_start`` is the Monday (a tz-naive
  ``pd.Timestamp`` at midnight) and ``week`` its ISO label, e.g. Monday 2026-12-28 is
  ``"2026-W53"`` and Monday 2027-01-04 is ``"2027-W01"``.
* **The future is ignored.** Activities dated after ``today`` (possible when a record was
  written in a time zone ahead of today's) count from the day they happen, not before.
  Rows with a missing or unreadable date are ignored too.
* **Kinds** with goals are :data:`GOAL_KINDS` (every activity kind except ``rest``).
  A goal is a whole number per week in ``goals`` (``profile.weekly_goals``); unknown
  kinds, ``rest`` and non-positive numbers mean "no goal".
* **Planned rest** (``rest`` activities) lowers the bar instead of breaking anything:
  each distinct rest day in a week takes a seventh off that week's goals, rounded up:
  ``target = ceil(goal * (7 - rest_days) / 7)``. A week rested on all seven days has
  target 0 and is a **rest week**: it neither breaks a streak nor lengthens it.
* **Week status** per kind: ``met`` (count >= target > 0), ``missed`` (a finished week
  below target), ``open`` (this week, not met yet: it never breaks a streak), ``rest``
  (target 0 because of rest) and ``no_goal``.
* **Week streak**: consecutive ``met`` weeks up to now, stepping over ``rest`` weeks;
  a ``missed`` week ends it; this week counts once it is met and is skipped while open.
  The all-goals streak (``kind=None``) treats a week as met when every kind with a goal
  is met (or rested), and as missed when any finished kind missed.
* **Effort day**: a day with a non-rest activity whose count or minutes is above 0.
  **Day streak**: consecutive effort days up to now; logged rest days are stepped over
  (they neither break nor lengthen it); today without effort yet is skipped, not a break.
* **Applications counted once.** Application records (the ``applications`` table) count
  on the day they were sent (``applied_on``). Per day, the day's applications are the larger
  of the records sent that day and the ``application`` activities logged that day:
  ``max(records, logged)``. Logging "3 applications" in the activity log *and* the same three
  as records counts 3, not 6; logging 5 with only 2 records counts 5 (3 not recorded one by
  one). :func:`counted_activities` adds the difference as an ``application`` entry of that
  day, so every count below (weeks, goals, streaks, active days) follows the rule.
* **Conversion** treats each logged rejection as one application and its ``stage`` as the
  furthest stage reached: reached(stage) = rejections at that stage or a later one.

Functions return plain pandas frames and small dataclasses; nothing here imports
Streamlit, and no function loops in Python over individual records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from rebound import content
from rebound.i18n import N_, ngettext
from rebound.models import ACTIVITY_KINDS, STAGE_LABELS, STAGES

GOAL_KINDS: tuple[str, ...] = tuple(k for k in ACTIVITY_KINDS if k != "rest")

# English, marked: shown as _(KIND_LABELS[kind]) (frames and stored records keep the kind's code).
KIND_LABELS: dict[str, str] = {
    "application": N_("Applications"),
    "networking": N_("Networking"),
    "interview_practice": N_("Interview practice"),
    "learning": N_("Learning"),
    "materials": N_("Résumé & portfolio"),
    "follow_up": N_("Follow-ups"),
    "rest": N_("Planned rest"),
}
# What one unit of `count` is, singular and plural, in English (sentences use units(), translated).
KIND_UNITS: dict[str, tuple[str, str]] = {
    "application": ("application", "applications"),
    "networking": ("networking contact", "networking contacts"),
    "interview_practice": ("practice session", "practice sessions"),
    "learning": ("learning session", "learning sessions"),
    "materials": ("materials update", "materials updates"),
    "follow_up": ("follow-up", "follow-ups"),
    "rest": ("rest day", "rest days"),
}

WEEK_COLUMNS = [
    "week_start",
    "week",
    "kind",
    "count",
    "minutes",
    "goal",
    "rest_days",
    "target",
    "met",
    "status",
    "current",
]
NOT_RECORDED = N_("Not recorded")  # a group's name in the frames (English): shown as _(NOT_RECORDED)


def units(kind: str, n: int) -> str:
    """``"1 application"``, ``"3 applications"``, in the person's language."""
    if kind == "application":
        return ngettext("{n} application", "{n} applications", n)
    if kind == "networking":
        return ngettext("{n} networking contact", "{n} networking contacts", n)
    if kind == "interview_practice":
        return ngettext("{n} practice session", "{n} practice sessions", n)
    if kind == "learning":
        return ngettext("{n} learning session", "{n} learning sessions", n)
    if kind == "materials":
        return ngettext("{n} materials update", "{n} materials updates", n)
    if kind == "follow_up":
        return ngettext("{n} follow-up", "{n} follow-ups", n)
    if kind == "rest":
        return ngettext("{n} rest day", "{n} rest days", n)
    return f"{n} {kind}"


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def week_label(day: dt.date) -> str:
    """ISO week label of ``day``, e.g. ``"2026-W53"``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def clean_goals(goals: Mapping[str, object] | None) -> dict[str, int]:
    """Only kinds that can have a goal, with a positive whole number."""
    out: dict[str, int] = {}
    for kind in GOAL_KINDS:
        try:
            n = int((goals or {}).get(kind) or 0)
        except (TypeError, ValueError):
            n = 0
        if n > 0:
            out[kind] = n
    return out


def activities_frame(activities: Iterable[Mapping], today: dt.date | None = None) -> pd.DataFrame:
    """Activities as a typed frame: date (Timestamp), kind, count (int), minutes (int), id.

    Drops rows with unreadable dates and, when ``today`` is given, rows after today.
    """
    records = list(activities)
    df = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    for col in ("id", "date", "kind", "count", "minutes"):
        if col not in df.columns:
            df[col] = pd.Series(dtype="object")
    out = pd.DataFrame(
        {
            "id": df["id"].astype("object"),
            "date": pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce"),
            "kind": df["kind"].astype("object"),
            "count": pd.to_numeric(df["count"], errors="coerce").fillna(0).astype("int64"),
            "minutes": pd.to_numeric(df["minutes"], errors="coerce").fillna(0).astype("int64"),
        }
    )
    keep = out["date"].notna() & out["kind"].isin(ACTIVITY_KINDS)
    if today is not None:
        keep &= out["date"] <= pd.Timestamp(today)
    return out[keep].reset_index(drop=True)


def _monday(dates: pd.Series) -> pd.Series:
    return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")


def _labels(mondays: pd.Series) -> pd.Series:
    iso = mondays.dt.isocalendar()
    return iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)


def weekly_effort(
    activities: Iterable[Mapping],
    goals: Mapping[str, object] | None,
    today: dt.date,
    weeks: int | None = None,
) -> pd.DataFrame:
    """One row per ISO week (Monday start) × kind, oldest first, kinds in the order of GOAL_KINDS.

    Weeks run from the week of the first activity (any kind, rest included) to the week
    of ``today``, with no gaps (a week with nothing logged has count 0). Kinds are those
    with a goal plus those with any activity. With no activities and no goals the frame
    is empty; with goals only, it holds this week.

    Columns: ``week_start`` (Timestamp, the Monday), ``week`` ("2027-W01"), ``kind``,
    ``count`` and ``minutes`` (sums), ``goal`` (the weekly goal, 0 = none), ``rest_days``
    (distinct rest days that week, up to today), ``target`` (goal after rest days),
    ``met`` (bool), ``status`` (met/missed/open/rest/no_goal), ``current`` (this week).
    ``weeks`` keeps only the most recent N weeks (statuses are unchanged by it).
    """
    goals_ = clean_goals(goals)
    df = activities_frame(activities, today)
    this_monday = pd.Timestamp(week_start(today))
    df["week_start"] = _monday(df["date"])
    work = df[df["kind"] != "rest"]
    kinds = [k for k in GOAL_KINDS if k in goals_ or k in set(work["kind"].unique())]
    if not kinds:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in WEEK_COLUMNS})
    first = min(df["week_start"].min(), this_monday) if len(df) else this_monday
    mondays = pd.date_range(first, this_monday, freq="7D")
    if weeks is not None:
        mondays = mondays[-max(int(weeks), 1) :]

    rest = df[df["kind"] == "rest"]
    rest_days = rest.groupby("week_start")["date"].nunique()
    sums = work.groupby(["week_start", "kind"])[["count", "minutes"]].sum()
    index = pd.MultiIndex.from_product([mondays, kinds], names=["week_start", "kind"])
    out = sums.reindex(index, fill_value=0).reset_index()
    out["week_start"] = pd.to_datetime(out["week_start"])
    out.insert(1, "week", _labels(out["week_start"]))
    out["count"] = out["count"].astype("int64")
    out["minutes"] = out["minutes"].astype("int64")
    out["goal"] = out["kind"].map(goals_).fillna(0).astype("int64")
    out["rest_days"] = out["week_start"].map(rest_days).fillna(0).astype("int64")
    out["target"] = -(-(out["goal"] * (7 - out["rest_days"])) // 7)  # ceil, in whole numbers
    out["current"] = out["week_start"] == this_monday
    has_goal = out["goal"] > 0
    out["met"] = has_goal & (out["target"] > 0) & (out["count"] >= out["target"])
    out["status"] = np.select(
        [~has_goal, out["met"], out["target"] == 0, out["current"]],
        ["no_goal", "met", "rest", "open"],
        default="missed",
    )
    return out[WEEK_COLUMNS]


@dataclass(frozen=True)
class StreakResult:
    """A week streak for one kind (or for all goals when ``kind`` is None)."""

    kind: str | None
    goal: int  # the weekly goal (sum of goals for all kinds); 0 = no goal
    current: int  # met weeks in the run that reaches this week (or last week while this one is open)
    best: int  # longest run ever, current included
    this_week_met: bool
    this_week_count: int
    this_week_target: int
    rest_weeks: int  # rest weeks stepped over inside the current run
    last_week_missed: bool
    message: str

    @property
    def remaining(self) -> int:
        return max(self.this_week_target - self.this_week_count, 0)


def _runs(statuses: list[str]) -> tuple[int, int, int]:
    """(current, best, rest weeks stepped over by the current run) from statuses oldest → newest."""
    best = run = 0
    for s in statuses:
        if s == "met":
            run += 1
            best = max(best, run)
        elif s == "missed":
            run = 0
    current = rests = pending = 0
    for s in reversed(statuses):
        if s == "met":
            current += 1
            rests += pending
            pending = 0
        elif s == "rest":
            pending += 1  # counts only when a met week lies beyond it
        elif s != "open":
            break
    return current, best, rests


def _combined_status(weekly: pd.DataFrame) -> pd.DataFrame:
    """Per week: the all-goals status (only kinds with a goal)."""
    g = weekly[weekly["goal"] > 0]
    flags = g.assign(
        missed=g["status"] == "missed",
        rest=g["status"] == "rest",
        open_=g["status"] == "open",
    )
    per = flags.groupby("week_start").agg(
        missed=("missed", "any"),
        all_rest=("rest", "all"),
        open_=("open_", "any"),
        count=("count", "sum"),
        target=("target", "sum"),
        goal=("goal", "sum"),
        current=("current", "any"),
    )
    per["status"] = np.select(
        [per["missed"], per["all_rest"], per["open_"]],
        ["missed", "rest", "open"],
        default="met",
    )
    return per.reset_index()


def _message(key: str, **values) -> str:
    return content.load("next_steps")["streak_messages"][key].format(**values)


def streak_from_weeks(weekly: pd.DataFrame, kind: str | None = None) -> StreakResult:
    """The week streak of ``kind`` (None: all goals together) from a :func:`weekly_effort` frame.

    Lets a page compute the frame once (and cache it) and read every streak from it.
    """
    if kind is None:
        rows = _combined_status(weekly) if len(weekly) else pd.DataFrame()
    else:
        rows = weekly[weekly["kind"] == kind] if len(weekly) else pd.DataFrame()
    if rows.empty or int(rows["goal"].max()) <= 0:
        cur_count = int(rows["count"].iloc[-1]) if not rows.empty else 0
        return StreakResult(kind, 0, 0, 0, False, cur_count, 0, 0, False, _message("no_goal"))
    statuses = rows["status"].tolist()
    last = rows.iloc[-1]
    current, best, rests = _runs(statuses)
    this_met = last["status"] == "met"
    last_missed = len(statuses) >= 2 and statuses[-2] == "missed"
    count, target = int(last["count"]), int(last["target"])
    remaining = max(target - count, 0)
    if last["status"] == "rest":
        msg = _message("rest_week")
    elif this_met:
        msg = _message("met_streak", n=current) if current >= 2 else _message("met_first")
    elif current >= 1:
        msg = _message("open_streak", n=current, remaining=remaining)
    elif last_missed:
        msg = _message("missed_last", remaining=remaining)
    else:
        msg = _message("open_fresh", count=count, target=target)
    return StreakResult(
        kind=kind,
        goal=int(last["goal"]),
        current=current,
        best=best,
        this_week_met=bool(this_met),
        this_week_count=count,
        this_week_target=target,
        rest_weeks=rests,
        last_week_missed=last_missed,
        message=msg,
    )


def week_streak(
    activities: Iterable[Mapping], goals: Mapping[str, object] | None, today: dt.date, kind: str | None = None
) -> StreakResult:
    """Consecutive weeks meeting the goal of ``kind`` (None: every goal at once). See the module rules."""
    return streak_from_weeks(weekly_effort(activities, goals, today), kind)


def kind_streaks(weekly: pd.DataFrame) -> dict[str, StreakResult]:
    """A streak per kind that has a goal, in GOAL_KINDS order, from a weekly_effort frame."""
    if weekly.empty:
        return {}
    kinds = weekly.loc[weekly["goal"] > 0, "kind"].unique().tolist()
    return {k: streak_from_weeks(weekly, k) for k in GOAL_KINDS if k in kinds}


TOP_UP_NOTE = N_("Applications you logged one by one")  # English, never stored: shown as _(note)


def counted_activities(activities: Iterable[Mapping], applications: Iterable[Mapping]) -> list[Mapping]:
    """The activity log with application records counted in, never twice (see the module's rule).

    Returns the activities as they are plus, for each day where application records outnumber
    the ``application`` activities logged, one ``application`` entry for the difference (its id
    ``"applications:<day>"``, never stored). Records without a readable ``applied_on`` are left out.
    """
    acts = list(activities)
    apps = [a.get("applied_on") for a in applications]
    if not apps:
        return acts
    sent = pd.to_datetime(pd.Series(apps, dtype="object"), format="%Y-%m-%d", errors="coerce").dropna()
    if sent.empty:
        return acts
    per_day = sent.value_counts()
    logged = activities_frame(acts)
    logged = logged[logged["kind"] == "application"].groupby("date")["count"].sum()
    extra = (per_day - logged.reindex(per_day.index, fill_value=0)).clip(lower=0)
    extra = extra[extra > 0].sort_index()
    days = extra.index.strftime("%Y-%m-%d")
    top_ups = [
        {"id": f"applications:{day}", "date": day, "kind": "application", "count": int(n), "note": TOP_UP_NOTE}
        for day, n in zip(days, extra.to_numpy(), strict=True)
    ]
    return acts + top_ups


def active_days(activities: Iterable[Mapping], today: dt.date | None = None) -> pd.DataFrame:
    """One row per day with any effort or planned rest, oldest first (for a calendar heatmap).

    Columns: ``date`` (Timestamp), ``count`` and ``minutes`` (sums over non-rest activities),
    ``entries`` (non-rest records that day), ``effort`` (count or minutes above 0),
    ``rest`` (a rest activity was logged that day).
    """
    df = activities_frame(activities, today)
    df["is_rest"] = df["kind"] == "rest"
    work = df.assign(
        count=df["count"].where(~df["is_rest"], 0),
        minutes=df["minutes"].where(~df["is_rest"], 0),
        entries=(~df["is_rest"]).astype("int64"),
    )
    per = work.groupby("date").agg(
        count=("count", "sum"), minutes=("minutes", "sum"), entries=("entries", "sum"), rest=("is_rest", "any")
    )
    per["effort"] = (per["count"] > 0) | (per["minutes"] > 0)
    per = per.reset_index()
    per["date"] = pd.to_datetime(per["date"])
    for col in ("count", "minutes", "entries"):
        per[col] = per[col].astype("int64")
    per["rest"] = per["rest"].astype(bool)
    return per[["date", "count", "minutes", "entries", "effort", "rest"]]


@dataclass(frozen=True)
class DayStreak:
    current: int  # effort days in the run reaching today (or yesterday while today has none yet)
    best: int
    active_today: bool
    rest_days: int  # rest days stepped over inside the current run
    message: str


def _days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n)


def day_streak_from_days(days: pd.DataFrame, today: dt.date) -> DayStreak:
    """Day streak from an :func:`active_days` frame (only rows up to ``today`` are used)."""
    days = days[days["date"] <= pd.Timestamp(today)]
    msgs = content.load("next_steps")["day_messages"]
    effort_days = days.loc[days["effort"], "date"]
    if effort_days.empty:
        return DayStreak(0, 0, False, 0, msgs["none"])
    # status per calendar day from the first day to today: 2 effort, 1 rest, 0 nothing
    start = days["date"].min()
    calendar = pd.date_range(start, pd.Timestamp(today), freq="D")
    status = pd.Series(0, index=calendar, dtype="int64")
    status.loc[days.loc[days["rest"], "date"]] = 1
    status.loc[effort_days] = 2  # effort wins over rest on the same day
    values = status.to_numpy()
    active_today = bool(values[-1] == 2)

    # best: runs of effort days, where rest days (1) do not break and 0 does
    kept = values[values != 1]  # drop rest days: they are invisible to runs
    breaks = np.flatnonzero(kept == 0)
    bounds = np.concatenate(([-1], breaks, [len(kept)]))
    best = int((np.diff(bounds) - 1).max()) if len(kept) else 0

    # current: walk back from today (today itself skipped while it has no effort)
    tail = values if active_today else values[:-1]
    zeros = np.flatnonzero(tail == 0)
    run = tail[zeros[-1] + 1 :] if len(zeros) else tail
    current = int((run == 2).sum())
    first_effort = np.flatnonzero(run == 2)
    rests = int((run[first_effort[0] :] == 1).sum()) if current else 0
    if current == 0:
        msg = msgs["fresh"]
    elif active_today:
        msg = msgs["today"].format(days=_days(current))
    else:
        msg = msgs["open"].format(days=_days(current))
    return DayStreak(current, best, active_today, rests, msg)


def day_streak(activities: Iterable[Mapping], today: dt.date) -> DayStreak:
    """Consecutive days with any effort; logged rest days do not break it. See the module rules."""
    return day_streak_from_days(active_days(activities, today), today)


def effort_summary(weekly: pd.DataFrame, weeks: int = 4) -> pd.DataFrame:
    """Effort against goals over the last ``weeks`` finished weeks, per kind (for the monthly review).

    Columns: kind, label, count, minutes, goal (per week), weeks (finished weeks counted),
    weeks_with_goal_met, average (count per week, one decimal).
    """
    cols = ["kind", "label", "count", "minutes", "goal", "weeks", "weeks_met", "average"]
    if weekly.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    done = weekly[~weekly["current"]]
    recent = done[done["week_start"].isin(done["week_start"].drop_duplicates().nlargest(weeks))]
    if recent.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    per = recent.groupby("kind", sort=False).agg(
        count=("count", "sum"),
        minutes=("minutes", "sum"),
        goal=("goal", "max"),
        weeks=("week_start", "nunique"),
        weeks_met=("met", "sum"),
    )
    per = per.reindex([k for k in GOAL_KINDS if k in per.index]).reset_index()
    per.insert(1, "label", per["kind"].map(KIND_LABELS))
    per["weeks_met"] = per["weeks_met"].astype("int64")
    per["average"] = (per["count"] / per["weeks"]).round(1)
    return per[cols]


@dataclass(frozen=True)
class Conversion:
    total: int
    by_stage: pd.DataFrame  # stage, label, reached, share, step_rate
    by_channel: pd.DataFrame  # channel, applications, screens, interviews, screen_rate, interview_rate
    by_source: pd.DataFrame  # source, same columns


def _group_rates(df: pd.DataFrame, column: str) -> pd.DataFrame:
    cols = [column, "applications", "screens", "interviews", "screen_rate", "interview_rate"]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    raw = df[column].astype("object").where(df[column].notna(), "").astype(str).str.strip()
    key = raw.str.casefold()
    # Show each group as first written (sources are free text: "LinkedIn" and "linkedin " are one).
    display = raw.groupby(key).transform("first").where(key != "", NOT_RECORDED)
    flags = pd.DataFrame(
        {
            "_group": display,
            "applications": 1,
            "screens": (df["_rank"] >= 1).astype("int64"),
            "interviews": (df["_rank"] >= 2).astype("int64"),
        }
    )
    per = flags.groupby("_group", sort=False)[["applications", "screens", "interviews"]].sum()
    per["screen_rate"] = per["screens"] / per["applications"]
    per["interview_rate"] = per["interviews"] / per["applications"]
    per = per.reset_index().rename(columns={"_group": column})
    per["_nr"] = per[column] == NOT_RECORDED
    per = per.sort_values(["_nr", "applications", column], ascending=[True, False, True], kind="stable")
    return per[cols].reset_index(drop=True)


def stage_reached(rejections: Iterable[Mapping], since: dt.date | None = None) -> pd.DataFrame:
    """The ``by_stage`` part of :func:`conversion` on its own: stage, label, reached, share, step_rate.

    Counted with a dict (a journal's rejections are few; pandas' fixed costs were most of a
    Progress visit), one small frame made at the end.
    """
    rank = {s: i for i, s in enumerate(STAGES)}
    counts = [0] * len(STAGES)
    for r in rejections:
        i = rank.get(r.get("stage"))  # type: ignore[arg-type]
        day = r.get("rejected_on")
        if i is None or (since is not None and not (isinstance(day, str) and day >= since.isoformat())):
            continue  # an unknown stage; or, with ``since``, an earlier or missing day
        counts[i] += 1
    total = sum(counts)
    reached, running = [0] * len(STAGES), 0
    for i in range(len(STAGES) - 1, -1, -1):
        running += counts[i]
        reached[i] = running
    prev = [total, *reached[:-1]]
    nan = float("nan")
    return pd.DataFrame(
        {
            "stage": list(STAGES),
            "label": [STAGE_LABELS[s] for s in STAGES],
            "reached": np.array(reached, dtype="int64"),
            "share": [r / total if total else nan for r in reached],
            "step_rate": [r / p if p else nan for r, p in zip(reached, prev, strict=True)],
        }
    )


def conversion(rejections: Iterable[Mapping], since: dt.date | None = None) -> Conversion:
    """How far applications got: by stage, and by channel (how applied) and source (where found).

    Each rejection is one application that reached its ``stage`` (the furthest stage).
    ``by_stage`` has one row per stage in order: ``reached`` = rejections at that stage or
    later, ``share`` = reached / total, ``step_rate`` = reached / reached at the stage before
    (1.0 for the first stage; NaN when the stage before had none). ``by_channel`` and
    ``by_source``: ``applications``, ``screens`` (reached a screening call or later),
    ``interviews`` (reached an interview or later) and the two rates; blank values are
    grouped as "Not recorded" (shown last); free-text sources are grouped ignoring case and
    surrounding spaces. ``since`` keeps rejections heard back on that day or later.
    """
    records = list(rejections)
    df = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    for col in ("stage", "channel", "source", "rejected_on"):
        if col not in df.columns:
            df[col] = pd.Series(dtype="object")
    rank = {s: i for i, s in enumerate(STAGES)}
    df = df.assign(_rank=df["stage"].map(rank))
    df = df[df["_rank"].notna()]
    if since is not None:
        df = df[df["rejected_on"].astype(str) >= since.isoformat()]
    df["_rank"] = df["_rank"].astype("int64")
    total = len(df)
    by_stage = stage_reached(records, since)
    return Conversion(
        total=total,
        by_stage=by_stage,
        by_channel=_group_rates(df, "channel"),
        by_source=_group_rates(df, "source"),
    )


__all__ = [
    "GOAL_KINDS",
    "KIND_LABELS",
    "KIND_UNITS",
    "Conversion",
    "DayStreak",
    "StreakResult",
    "active_days",
    "activities_frame",
    "clean_goals",
    "conversion",
    "stage_reached",
    "day_streak",
    "day_streak_from_days",
    "effort_summary",
    "kind_streaks",
    "streak_from_weeks",
    "units",
    "week_label",
    "week_start",
    "week_streak",
    "weekly_effort",
]
