"""Progress over time: skills, practice time, mood and confidence, reframes, the stage funnel, themes.

Two steps, so a page's cost does not grow with the journal:

1. :func:`prepare` turns the journal's records into tidy frames once per revision (the page
   caches the result);
2. the series functions filter those frames to a date range and aggregate them with
   vectorised pandas into small frames that the chart builders plot as they are.

Dates are ``datetime64`` (midnight) throughout; ``start``/``end`` are inclusive dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import orjson
import pandas as pd

from rebound import i18n
from rebound.i18n import N_, _, ngettext
from rebound.insights import effort, frame, patterns
from rebound.models import STAGE_LABELS, STAGES

# The periods by their English names (kept in the page's state, language-neutral), shown as _(name).
RANGES: dict[str, int | None] = {
    N_("Last 4 weeks"): 28,
    N_("Last 3 months"): 91,
    N_("Last 6 months"): 182,
    N_("Last year"): 365,
    N_("All time"): None,
}
DEFAULT_RANGE = "Last 6 months"
CUSTOM = N_("Custom")

TABLES = (
    "profile",
    "activities",
    "applications",
    "skills",
    "skill_logs",
    "checkins",
    "rejections",
    "reframes",
    "reflections",
    "feedback_requests",
    "support_log",
)


def _dates(values: pd.Series) -> pd.Series:
    """'YYYY-MM-DD' (or an ISO timestamp) as datetime64 days; bad values become NaT."""
    return pd.to_datetime(values.astype("string").str.slice(0, 10), format="%Y-%m-%d", errors="coerce")


def _ts(day: dt.date | str | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(day).normalize()


SECTIONS: dict[str, tuple[str, ...]] = {
    "effort": ("activities", "applications", "profile"),
    "skills": ("skills", "skill_logs"),
    "feel": ("checkins", "rejections", "reframes"),
    "apps": ("rejections", "reflections", "feedback_requests", "support_log"),
    "responses": ("applications", "profile"),
}
DATED = {
    "rejections": "rejected_on",
    "applications": "applied_on",
    "checkins": "date",
    "activities": "date",
    "skill_logs": "date",
    "reframes": "date",
    "support_log": "date",
}


def fingerprints(tables: Mapping[str, list[dict]]) -> dict[str, str]:
    """A short hash of each table's content: a section's cache key, so a write recomputes only its sections."""
    return {
        name: hashlib.blake2b(orjson.dumps(records), digest_size=12).hexdigest() for name, records in tables.items()
    }


def first_record_day(tables: Mapping[str, list[dict]]) -> dt.date | None:
    """The earliest dated record (rejections, check-ins, activities, practice, thought records, conversations)."""
    firsts = [
        min(days)
        for table, field in DATED.items()
        if (days := [d[:10] for r in tables.get(table, []) if isinstance(d := r.get(field), str) and len(d) >= 10])
    ]
    try:
        return dt.date.fromisoformat(min(firsts)) if firsts else None
    except ValueError:
        return None


def prepare_skills(tables: Mapping[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Frames of skills and their practice log."""
    skills = frame(tables.get("skills", []), ["id", "name", "level", "target_level", "category", "created_at"])
    skills = pd.DataFrame(
        {
            "skill_id": skills["id"].astype("string"),
            "skill": skills["name"].astype("string"),
            "level": pd.to_numeric(skills["level"]).astype("float"),
            "target": pd.to_numeric(skills["target_level"]).astype("float"),
            "created": _dates(skills["created_at"]),
        }
    )
    logs = frame(tables.get("skill_logs", []), ["skill_id", "date", "level", "minutes", "created_at"])
    logs = pd.DataFrame(
        {
            "skill_id": logs["skill_id"].astype("string"),
            "date": _dates(logs["date"]),
            "level": pd.to_numeric(logs["level"]).astype("float"),
            "minutes": pd.to_numeric(logs["minutes"]).fillna(0).astype("float"),
            "written": logs["created_at"].astype("string").fillna(""),
        }
    )
    return {"skills": skills, "logs": logs}


def _rejections(records: list[dict]) -> pd.DataFrame:
    rej = frame(records, ["rejected_on", "stage", "company", "role"])
    return pd.DataFrame(
        {
            "date": _dates(rej["rejected_on"]),
            "stage": rej["stage"].astype("string"),
            "company": rej["company"].astype("string"),
            "role": rej["role"].astype("string"),
        }
    )


def prepare_feel(tables: Mapping[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Frames of check-ins, rejections (as markers) and thought records."""
    chk = frame(tables.get("checkins", []), ["date", "mood", "confidence"])
    checkins = pd.DataFrame(
        {
            "date": _dates(chk["date"]),
            "mood": pd.to_numeric(chk["mood"]).astype("float"),
            "confidence": pd.to_numeric(chk["confidence"]).astype("float"),
        }
    )
    ref = frame(tables.get("reframes", []), ["date", "intensity_before", "intensity_after"])
    reframes = pd.DataFrame(
        {
            "date": _dates(ref["date"]),
            "before": pd.to_numeric(ref["intensity_before"]).astype("float"),
            "after": pd.to_numeric(ref["intensity_after"]).astype("float"),
        }
    )
    return {"checkins": checkins, "rejections": _rejections(tables.get("rejections", [])), "reframes": reframes}


def prepare_apps(tables: Mapping[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Frames of rejections (for the funnel) and theme mentions (from :mod:`rebound.insights.patterns`)."""
    events = patterns.theme_events(
        tables.get("reflections", []),
        tables.get("feedback_requests", []),
        tables.get("support_log", []),
        tables.get("rejections", []),
    )
    themes = pd.DataFrame({"date": pd.to_datetime(events["date"]), "theme": events["theme"].astype("string")})
    return {"rejections": _rejections(tables.get("rejections", [])), "themes": themes}


def prepare_effort(tables: Mapping[str, list[dict]], today: dt.date) -> dict[str, pd.DataFrame]:
    """Weekly effort against goals and active days, from :mod:`rebound.insights.effort`."""
    profile = (tables.get("profile") or [{}])[0]
    activities = effort.counted_activities(tables.get("activities", []), tables.get("applications", []))
    return {
        "weekly": effort.weekly_effort(activities, profile.get("weekly_goals") or {}, today),
        "days": effort.active_days(activities, today),
    }


def prepare(tables: Mapping[str, list[dict]], today: dt.date) -> dict[str, pd.DataFrame]:
    """Every frame the Progress page plots (the page builds them per section, see :data:`SECTIONS`)."""
    return prepare_skills(tables) | prepare_feel(tables) | prepare_apps(tables) | prepare_effort(tables, today)


# --- Date range -------------------------------------------------------------------------
def date_range(choice: str, today: dt.date, first: dt.date | None) -> tuple[dt.date, dt.date]:
    """(start, end) for a named range; no range starts before the first record ('All time' starts there)."""
    days = RANGES.get(choice, RANGES[DEFAULT_RANGE])
    begin = min(first, today) if first else today
    if days is None:
        return begin, today
    start = today - dt.timedelta(days=days - 1)
    return (max(start, begin) if first else start), today


def _day(d: dt.date) -> str:
    return i18n.format_date(d, "date")  # as the rest of the page writes days, in the person's locale


def period_caption(choice: str, start: dt.date, end: dt.date, first: dt.date | None) -> str:
    """The line under the period choice: what the charts show, and why a young journal's period is short.

    "Last 6 months" over a journal begun today shows one day: say so kindly instead of
    "Showing 2 Dec 2026 to 2 Dec 2026".
    """
    days = RANGES.get(choice)
    clipped = days is not None and first is not None and start == first and (end - start).days + 1 < days
    if clipped and start == end:
        return _("Your journal began today, {day}: the charts start here and grow with it.", day=_day(end))
    if clipped:
        return _(
            "Your journal began on {start}, so the charts show {start} to {end}.", start=_day(start), end=_day(end)
        )
    if start == end:
        return _("Showing {day}.", day=_day(start))
    return _("Showing {start} to {end}.", start=_day(start), end=_day(end))


def custom_range(start: dt.date | None, end: dt.date | None, today: dt.date) -> dict[str, str]:
    """What is wrong with a typed range, per field ("start"/"end"); empty when it can be shown."""
    errors: dict[str, str] = {}
    if start is None:
        errors["start"] = _("Choose the first day of the period.")
    elif start > today:
        errors["start"] = _("This day is in the future. Pick today or an earlier day.")
    if end is None:
        errors["end"] = _("Choose the last day of the period.")
    elif end > today:
        errors["end"] = _("This day is in the future. Pick today or an earlier day.")
    if start is not None and end is not None and start > end and "end" not in errors:
        errors["end"] = _(
            "This is before the first day ({day}). Pick a later day, or an earlier first day.", day=_day(start)
        )
    return errors


def between(df: pd.DataFrame, start: dt.date, end: dt.date, col: str = "date") -> pd.DataFrame:
    return df[(df[col] >= _ts(start)) & (df[col] <= _ts(end))]


_MADE_FROM_NOTHING: dict[tuple, pd.DataFrame] = {}


def same_when_empty(fn: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """For a series function whose result on an empty frame never depends on its other arguments.

    A new journal's sections are mostly empty frames, and pandas' fixed cost of grouping nothing
    was most of its first Progress visit. The result of nothing holds nobody's data, so it is made
    once per process (per the frame's columns and dtypes) and handed out as a copy.
    """

    @functools.wraps(fn)
    def wrapper(df: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
        if not df.empty:
            return fn(df, *args, **kwargs)
        key = (fn.__qualname__, tuple(df.columns), tuple(str(t) for t in df.dtypes))
        if key not in _MADE_FROM_NOTHING:
            _MADE_FROM_NOTHING[key] = fn(df, *args, **kwargs)
        return _MADE_FROM_NOTHING[key].copy()

    return wrapper


# --- Skills -----------------------------------------------------------------------------
def skill_levels(
    skills: pd.DataFrame,
    logs: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    skill_ids: list[str] | None = None,
) -> pd.DataFrame:
    """Each skill's level over the range, one row per point: skill_id, skill, date, level, target, logged.

    Points are the practice sessions in the range (the last one of a day wins), the level carried
    in from before the range (at ``start``), and the level carried on to ``end``. A skill never
    practised shows its current level from the day it was added. ``logged`` is True for sessions.
    """
    cols = ["skill_id", "skill", "date", "level", "target", "logged"]
    sk = skills if skill_ids is None else skills[skills["skill_id"].isin(skill_ids)]
    if sk.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(cols, _SKILL_TYPES, strict=True)})
    s0, e0 = _ts(start), _ts(end)
    lg = logs[logs["skill_id"].isin(sk["skill_id"]) & logs["date"].notna() & (logs["date"] <= e0)]
    lg = lg.sort_values(["skill_id", "date", "written"]).drop_duplicates(["skill_id", "date"], keep="last")
    inside = lg[lg["date"] >= s0].assign(logged=True)
    carried = lg[lg["date"] < s0].drop_duplicates("skill_id", keep="last").assign(date=s0, logged=False)
    never = sk[~sk["skill_id"].isin(logs["skill_id"]) & (sk["created"].fillna(s0) <= e0)]
    never = pd.DataFrame(
        {
            "skill_id": never["skill_id"],
            "date": never["created"].fillna(s0).clip(lower=s0),
            "level": never["level"],
            "logged": False,
        }
    )
    pts = pd.concat(
        [carried[["skill_id", "date", "level", "logged"]], inside[["skill_id", "date", "level", "logged"]], never]
    )
    if pts.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(cols, _SKILL_TYPES, strict=True)})
    pts = pts.sort_values(["skill_id", "date"], kind="stable")
    last = pts.drop_duplicates("skill_id", keep="last")
    tail = last[last["date"] < e0].assign(date=e0, logged=False)
    pts = pd.concat([pts, tail]).merge(sk[["skill_id", "skill", "target"]], on="skill_id", how="left")
    pts = pts.sort_values(["skill", "skill_id", "date"], kind="stable").reset_index(drop=True)
    return pts[cols].astype({"logged": bool})


_SKILL_TYPES = ("string", "string", "datetime64[ns]", "float", "float", "bool")


def practice_time(logs: pd.DataFrame, start: dt.date, end: dt.date, skill_ids: list[str] | None = None) -> pd.DataFrame:
    """Practice minutes per day in the range and the running total: date, minutes, cumulative."""
    lg = between(logs, start, end)
    if skill_ids is not None:
        lg = lg[lg["skill_id"].isin(skill_ids)]
    daily = lg.groupby("date", as_index=False)["minutes"].sum().sort_values("date")
    daily["cumulative"] = daily["minutes"].cumsum()
    return daily.reset_index(drop=True)


def skills_summary(levels: pd.DataFrame, practice: pd.DataFrame) -> str:
    if levels.empty:
        return _("No skills to show for this period yet.")
    first = levels.groupby("skill_id")["level"].first()
    last = levels.groupby("skill_id")["level"].last()
    target = levels.groupby("skill_id")["target"].last()
    n = len(last)
    rose = int((last - first).clip(lower=0).sum())
    at_target = int((last >= target).sum())
    sentence = _(
        "{skills} shown: {levels} gained in this period, {at_target} of {n} at target.",
        skills=ngettext("{n} skill", "{n} skills", n),
        levels=ngettext("{n} level", "{n} levels", rose),
        at_target=at_target,
        n=n,
    )
    if not practice.empty and practice["minutes"].sum() > 0:
        sentence += " " + _("{time} of practice.", time=duration(practice["minutes"].sum()))
    return sentence


def practice_summary(practice: pd.DataFrame) -> str:
    total = float(practice["minutes"].sum()) if not practice.empty else 0.0
    if total <= 0:
        return _("No practice minutes logged in this period yet.")
    days = int((practice["minutes"] > 0).sum())
    return ngettext(
        "You practised for {time} on {n} day in this period.",
        "You practised for {time} on {n} days in this period.",
        days,
        time=duration(total),
    )


# --- Mood, confidence and rejections ---------------------------------------------------------
@same_when_empty
def mood_series(checkins: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Mood and confidence per day with check-ins, and their 7-day averages.

    Columns: date, mood, confidence (the day's means), checkins (that day), mood_7d, confidence_7d
    (mean of the day values over that day and the six before it that had check-ins).
    """
    c = between(checkins, start, end)
    out = c.groupby("date", as_index=False).agg(
        mood=("mood", "mean"), confidence=("confidence", "mean"), checkins=("mood", "size")
    )
    out = out.sort_values("date").reset_index(drop=True)
    week = out.set_index("date")[["mood", "confidence"]].rolling("7D").mean()
    out["mood_7d"] = week["mood"].to_numpy()
    out["confidence_7d"] = week["confidence"].to_numpy()
    return out.round({"mood": 1, "confidence": 1, "mood_7d": 1, "confidence_7d": 1})


@same_when_empty
def rejection_days(rejections: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rejections per day in the range: date, rejections, furthest (stage label reached)."""
    r = between(rejections, start, end)
    # A few rows a day at most: counted with a dict, one frame made at the end (pandas' groupby was
    # most of the cost of a new journal's first Progress visit).
    rank = {s: i for i, s in enumerate(STAGES)}
    days: dict[pd.Timestamp, list[int]] = {}
    for day, stage in zip(r["date"].tolist(), r["stage"].tolist(), strict=True):
        if pd.isna(day):
            continue
        count_furthest = days.setdefault(day, [0, 0])
        count_furthest[0] += 1
        count_furthest[1] = max(count_furthest[1], rank.get(stage, 0) if isinstance(stage, str) else 0)
    ordered = sorted(days)
    return pd.DataFrame(
        {
            "date": pd.Series(ordered, dtype=r["date"].dtype),
            "rejections": pd.Series([days[d][0] for d in ordered], dtype="Int64"),  # as groupby gave
            "furthest": pd.Series([STAGE_LABELS[STAGES[days[d][1]]] for d in ordered], dtype="str"),
        }
    )


def mood_summary(mood: pd.DataFrame, rejected: pd.DataFrame) -> str:
    if mood.empty:
        return _("No check-ins in this period yet.")
    n = int(mood["checkins"].sum())
    m, c = _weighted(mood, "mood"), _weighted(mood, "confidence")
    values = dict(mood=i18n.format_number(m, decimals=1), confidence=i18n.format_number(c, decimals=1))
    r = int(rejected["rejections"].sum()) if not rejected.empty else 0
    if not r:
        return ngettext(
            "Across {n} check-in, mood averaged {mood}/10 and confidence {confidence}/10.",
            "Across {n} check-ins, mood averaged {mood}/10 and confidence {confidence}/10.",
            n,
            **values,
        )
    return ngettext(
        "Across {n} check-in, mood averaged {mood}/10 and confidence {confidence}/10; {rejections} marked on the chart.",
        "Across {n} check-ins, mood averaged {mood}/10 and confidence {confidence}/10; {rejections} marked on the chart.",
        n,
        rejections=ngettext("{n} rejection", "{n} rejections", r),
        **values,
    )


def _weighted(mood: pd.DataFrame, col: str) -> float:
    return float((mood[col] * mood["checkins"]).sum() / mood["checkins"].sum())


# --- Reframes -----------------------------------------------------------------------------------
@same_when_empty
def reframe_weeks(reframes: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Mean intensity before and after per week (weeks start on Monday): week, before, after, records."""
    r = between(reframes, start, end)
    week = r["date"] - pd.to_timedelta(r["date"].dt.day_of_week, unit="D")
    out = (
        r.assign(week=week)
        .groupby("week", as_index=False)
        .agg(before=("before", "mean"), after=("after", "mean"), records=("before", "size"))
    )
    return out.round({"before": 1, "after": 1}).sort_values("week").reset_index(drop=True)


def reframe_summary(weeks: pd.DataFrame) -> str:
    if weeks.empty:
        return _("No thought records in this period yet.")
    n = int(weeks["records"].sum())
    before = float((weeks["before"] * weeks["records"]).sum() / n)
    after = float((weeks["after"] * weeks["records"]).sum() / n)
    diff = before - after
    points = int(round(abs(diff)))
    trend = (
        ngettext("{n} point lower", "{n} points lower", points)
        if diff >= 0.5
        else ngettext("{n} point higher", "{n} points higher", points)
        if diff <= -0.5
        else _("about the same")
    )
    return ngettext(
        "Across {n} thought record, how strongly you felt it went from {before} to {after} out of 100 on average "
        "({trend}).",
        "Across {n} thought records, how strongly you felt it went from {before} to {after} out of 100 on average "
        "({trend}).",
        n,
        before=f"{before:.0f}",
        after=f"{after:.0f}",
        trend=trend,
    )


# --- Funnel -------------------------------------------------------------------------------------
def stage_funnel(rejections: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """How far applications got before the no (the rule of :func:`rebound.insights.effort.conversion`).

    Columns: stage, label, reached (got at least this far), share (of all), step_rate (of the stage before).
    """
    r = between(rejections, start, end)
    return effort.stage_reached(r[["stage"]].to_dict("records"))


def funnel_summary(funnel: pd.DataFrame) -> str:
    reached = dict(zip(funnel["stage"].tolist(), funnel["reached"].tolist(), strict=True))  # five rows: no pandas
    total = int(reached.get(STAGES[0], 0))
    if total == 0:
        return _("No rejections logged in this period.")
    beyond = int(reached[STAGES[1]])
    interview = int(reached["interview"])
    return ngettext(
        "Of {n} application that ended in a no, {beyond} got past the application and {interview} reached an "
        "interview or further.",
        "Of {n} applications that ended in a no, {beyond} got past the application and {interview} reached an "
        "interview or further.",
        total,
        beyond=beyond,
        interview=interview,
    )


# --- Effort -------------------------------------------------------------------------------------
def effort_weeks(weekly: pd.DataFrame, start: dt.date, end: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weeks overlapping the range, from a :func:`rebound.insights.effort.weekly_effort` frame.

    Returns (counts, goals): counts has week, kind, label, count (kinds with something done);
    goals has week, target (the week's goals after rest days, summed over kinds), status
    (``met`` when every goal was met or rested, ``missed`` when one was missed, ``open`` for
    this week, ``none`` without goals).
    """
    empty_counts = pd.DataFrame({c: pd.Series(dtype="object") for c in ("week", "kind", "label", "count")})
    empty_goals = pd.DataFrame({c: pd.Series(dtype="object") for c in ("week", "target", "status")})
    if weekly.empty:
        return empty_counts, empty_goals
    first_monday = _ts(effort.week_start(start))
    w = weekly[(weekly["week_start"] >= first_monday) & (weekly["week_start"] <= _ts(end))]
    if w.empty:
        return empty_counts, empty_goals
    counts = w[w["count"] > 0][["week_start", "kind", "count"]].rename(columns={"week_start": "week"})
    counts = counts.assign(label=counts["kind"].map(effort.KIND_LABELS))[["week", "kind", "label", "count"]]
    g = w[w["goal"] > 0].assign(
        missed=lambda d: d["status"] == "missed",
        open_=lambda d: d["status"] == "open",
    )
    per = g.groupby("week_start").agg(target=("target", "sum"), missed=("missed", "any"), open_=("open_", "any"))
    per["status"] = "met"
    per.loc[per["open_"], "status"] = "open"
    per.loc[per["missed"], "status"] = "missed"
    goals = per.reindex(w["week_start"].drop_duplicates().sort_values()).rename_axis("week").reset_index()
    goals["target"] = goals["target"].fillna(0).astype("int64")
    goals["status"] = goals["status"].fillna("none")
    return counts.reset_index(drop=True), goals[["week", "target", "status"]]


def effort_summary(counts: pd.DataFrame, goals: pd.DataFrame) -> str:
    total = int(counts["count"].sum()) if not counts.empty else 0
    weeks = len(goals)
    if total == 0:
        return _("Nothing logged in this period yet: one small action this week is a good start.")
    values = dict(actions=ngettext("{n} action", "{n} actions", total), weeks=ngettext("{n} week", "{n} weeks", weeks))
    finished = goals[goals["status"].isin(["met", "missed"])]
    if finished.empty:
        return (
            _("You logged {actions} over {weeks}. Set weekly goals on Next steps to see them here.", **values)
            if (goals["status"] == "none").all()
            else _("You logged {actions} over {weeks}.", **values)
        )
    met = int((finished["status"] == "met").sum())
    return ngettext(
        "You logged {actions} over {weeks}; you met your weekly goals in {met} of {n} week with goals.",
        "You logged {actions} over {weeks}; you met your weekly goals in {met} of {n} weeks with goals.",
        len(finished),
        met=met,
        **values,
    )


def active_days(days: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Effort per day in the range from :func:`rebound.insights.effort.active_days`: date, count, rest."""
    d = between(days, start, end)
    return d[["date", "count", "minutes", "effort", "rest"]].reset_index(drop=True)


def active_summary(days: pd.DataFrame, start: dt.date, end: dt.date) -> str:
    span = (_ts(end) - _ts(start)).days + 1
    active = int(days["effort"].sum()) if not days.empty else 0
    rest = int((days["rest"] & ~days["effort"]).sum()) if not days.empty else 0
    if active == 0:
        return _("No active days in this period yet.")
    if not rest:
        return ngettext("You were active on {active} of {n} day.", "You were active on {active} of {n} days.", span,
                        active=active)  # fmt: skip
    return ngettext(
        "You were active on {active} of {n} day, and took {rest}.",
        "You were active on {active} of {n} days, and took {rest}.",
        span,
        active=active,
        rest=ngettext("{n} planned rest day", "{n} planned rest days", rest),
    )


# --- Themes -------------------------------------------------------------------------------------
@same_when_empty
def theme_counts(themes: pd.DataFrame, start: dt.date, end: dt.date, top: int = 10) -> pd.DataFrame:
    """The most frequent themes in the range: theme, count (most frequent first, ties by name)."""
    t = between(themes, start, end)
    counts = t.groupby("theme", as_index=False).size().rename(columns={"size": "count"})
    counts = counts.sort_values(["count", "theme"], ascending=[False, True], kind="stable")
    return counts.head(top).reset_index(drop=True)


def themes_summary(counts: pd.DataFrame, labels: Mapping[str, str] | None = None) -> str:
    if counts.empty:
        return _("No themes noted in this period yet.")
    top = counts.iloc[0]
    name = (labels or {}).get(top["theme"], top["theme"])
    return ngettext(
        "The theme that came up most is “{name}” ({n} time).",
        "The theme that came up most is “{name}” ({n} times).",
        int(top["count"]),
        name=name,
    )


# --- Words ----------------------------------------------------------------------------------------
def duration(minutes: float) -> str:
    """``50 min``, ``2 h``, ``1 h 5 min`` (in the person's language)."""
    minutes = int(round(minutes))
    h, m = divmod(minutes, 60)
    if not h:
        return _("{m} min", m=m)
    return _("{h} h {m} min", h=h, m=m) if m else _("{h} h", h=h)


# --- For the page -------------------------------------------------------------------------------
def default_skills(skills: pd.DataFrame, logs: pd.DataFrame, n: int = 5) -> list[str]:
    """The ``n`` skills practised most recently (then the newest skills), as skill ids."""
    if skills.empty:
        return []
    last = logs.groupby("skill_id")["date"].max().rename("last")
    order = skills.merge(last, left_on="skill_id", right_index=True, how="left").sort_values(
        ["last", "created", "skill"], ascending=[False, False, True], na_position="last", kind="stable"
    )
    return order["skill_id"].head(n).astype(str).tolist()


@dataclass(frozen=True)
class Table:
    """A chart's data as a table, made only when someone opens it (``frame()``): most visits never do.

    ``columns`` map a column to its title, marked ``N_`` (English): ``frame()`` translates the titles,
    and the values of the ``translate`` columns (English labels marked elsewhere, e.g. stages), in
    the language of the run that shows it.
    """

    source: pd.DataFrame
    columns: Mapping[str, str]
    translate: tuple[str, ...] = ()

    def frame(self) -> pd.DataFrame:
        out = self.source.copy()
        for col in self.translate:
            if col in out:
                out[col] = out[col].map(lambda v: _(v) if isinstance(v, str) and v else v)
        return as_table(out, {col: _(title) for col, title in self.columns.items()})


def as_table(df: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """A frame for st.dataframe: only ``columns`` (renamed to their labels), dates as YYYY-MM-DD (sortable)."""
    out = df[list(columns)].copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out.rename(columns=dict(columns)).reset_index(drop=True)


def effort_view(frames: Mapping[str, pd.DataFrame], start: dt.date, end: dt.date, today: dt.date) -> dict:
    """Streaks, effort per week against goals and active days, for one period."""
    weekly, days_all = frames["weekly"], frames["days"]
    counts, goals = effort_weeks(weekly, start, end)
    days = active_days(days_all, start, end)
    return {
        "metrics": {
            "week_streak": effort.streak_from_weeks(weekly).current,
            "day_streak": effort.day_streak_from_days(days_all, today).current,
            "active_days": int(days["effort"].sum()),
        },
        "effort": (counts, goals),
        "effort_summary": effort_summary(counts, goals),
        "effort_table": Table(
            counts.merge(goals[["week", "target"]], on="week", how="left"),
            {
                "week": N_("Week starting"),
                "label": N_("Kind"),
                "count": N_("Done"),
                "target": N_("Week's goal (all kinds)"),
            },  # fmt: skip
            translate=("label",),
        ),
        "days": days,
        "days_summary": active_summary(days, start, end),
        "days_table": Table(
            days[days["effort"] | days["rest"]],
            {"date": N_("Date"), "count": N_("Done"), "minutes": N_("Minutes"), "rest": N_("Planned rest")},
        ),
    }


def skills_view(
    frames: Mapping[str, pd.DataFrame], start: dt.date, end: dt.date, skill_ids: list[str] | None = None
) -> dict:
    """Skill levels against target and practice time (of the chosen skills), for one period."""
    logs = frames["logs"]
    levels = skill_levels(frames["skills"], logs, start, end, skill_ids)
    practice = practice_time(logs, start, end, skill_ids)
    return {
        "practice_all": duration(float(between(logs, start, end)["minutes"].sum())),
        "levels": levels,
        "levels_summary": skills_summary(levels, practice),
        "levels_table": Table(
            levels[levels["logged"]],
            {"skill": N_("Skill"), "date": N_("Date"), "level": N_("Level after"), "target": N_("Target")},
        ),
        "practice": practice,
        "practice_summary": practice_summary(practice),
        "practice_table": Table(
            practice, {"date": N_("Date"), "minutes": N_("Minutes"), "cumulative": N_("Total so far")}
        ),
    }


def feel_view(frames: Mapping[str, pd.DataFrame], start: dt.date, end: dt.date) -> dict:
    """Mood and confidence with rejections marked, and thought records before/after, for one period."""
    mood = mood_series(frames["checkins"], start, end)
    rejected = rejection_days(frames["rejections"], start, end)
    reframes = reframe_weeks(frames["reframes"], start, end)
    return {
        "mood": (mood, rejected),
        "mood_summary": mood_summary(mood, rejected),
        "mood_table": Table(
            mood, {"date": N_("Date"), "mood": N_("Mood"), "confidence": N_("Confidence"), "checkins": N_("Check-ins")}
        ),
        "reframes": reframes,
        "reframes_summary": reframe_summary(reframes),
        "reframes_table": Table(
            reframes,
            {
                "week": N_("Week starting"),
                "before": N_("Before (avg)"),
                "after": N_("After (avg)"),
                "records": N_("Records"),
            },  # fmt: skip
        ),
    }


def apps_view(frames: Mapping[str, pd.DataFrame], start: dt.date, end: dt.date) -> dict:
    """How far applications got and the recurring themes, for one period."""
    funnel = stage_funnel(frames["rejections"], start, end)
    themes = theme_counts(frames["themes"], start, end)
    labels = {t: patterns.theme_label(t) for t in themes["theme"]}
    return {
        "funnel": funnel,
        "funnel_summary": funnel_summary(funnel),
        "funnel_table": Table(
            funnel.assign(share=(funnel["share"] * 100).round(0)),
            {"label": N_("Stage"), "reached": N_("Got this far"), "share": N_("% of all")},
            translate=("label",),
        ),
        "themes": (themes, labels),
        "themes_summary": themes_summary(themes, labels),
        "themes_table": Table(
            themes.assign(label=themes["theme"].map(labels)), {"label": N_("Theme"), "count": N_("Times")}
        ),
    }


def dashboard(
    frames: Mapping[str, pd.DataFrame],
    start: dt.date,
    end: dt.date,
    today: dt.date,
    skill_ids: list[str] | None = None,
) -> dict:
    """Everything the Progress page shows for one period (the page builds and caches it per section)."""
    return (
        effort_view(frames, start, end, today)
        | skills_view(frames, start, end, skill_ids)
        | feel_view(frames, start, end)
        | apps_view(frames, start, end)
    )
