"""Answers to applications: the response rate per month (by channel and by source), the time to an answer.

Rules
-----
* An application is **answered** when the employer replied at all: a stage (screening call,
  interview, final round), an offer, or a no (``models.ANSWERED_STATUSES``). Silence and a
  withdrawal are not answers.
* **Never answered** = no answer after the person's N weeks (``profile.ghost_after_weeks``,
  default 6): marked "no answer", or still waiting N weeks after it was sent. Applications
  still waiting for less than N weeks are **too early to say**: in the counts, named apart.
* **Response rate** of a month = answered ÷ sent, over the applications *sent* that month
  (``applied_on``), so a month's rate can still rise while its answers come in.
* **Days to an answer** = ``answered_on − applied_on`` where both are known (a first answer
  before the day sent is ignored as a typing slip). The median is over those.
* Applications without a sending date (some brought in from old rejections) are left out, and
  the summary says how many.

Two steps, as on the rest of Progress: :func:`prepare` once per revision, then the view for a
period. Nothing here loops over records in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import pandas as pd

from rebound import i18n
from rebound.i18n import N_, _, ngettext
from rebound.insights import channel_label, frame
from rebound.models import ANSWERED_STATUSES, GHOST_WEEKS_DEFAULT

# English, marked: shown as _(BY[by]); the frames keep these English names as the groups they make.
BY = {"": N_("All applications"), "channel": N_("How you applied"), "source": N_("Where you found it")}
NOT_SAID = N_("Not recorded")
OTHER = N_("Other")
TOP = 6  # groups shown by name; the rest together as "Other"


def group_name(group: str) -> str:
    """A group as shown: our own groups ("Not recorded", "Other", "All applications") translated,
    the person's own channels and sources as they typed them."""
    return _(group) if group in (NOT_SAID, OTHER, BY[""]) else channel_label(group)


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.astype("string").str.slice(0, 10), format="%Y-%m-%d", errors="coerce")


def prepare(applications: Iterable[Mapping], today: dt.date, weeks: int = GHOST_WEEKS_DEFAULT) -> pd.DataFrame:
    """One row per application: applied, month, channel, source, state (answered / never / early), days."""
    df = frame(list(applications), ["applied_on", "answered_on", "status", "channel", "source"])
    applied = _dates(df["applied_on"])
    answered_on = _dates(df["answered_on"])
    status = df["status"].astype("string").fillna("waiting")
    answered = status.isin(ANSWERED_STATUSES)
    overdue = applied <= pd.Timestamp(today) - pd.Timedelta(days=7 * weeks)
    never = (status == "ghosted") | ((status == "waiting") & overdue)
    state = pd.Series("early", index=df.index, dtype="object")
    state[answered] = "answered"
    state[never] = "never"
    state[status == "withdrawn"] = "withdrawn"
    days = (answered_on - applied).dt.days
    days = days.where(answered & (days >= 0))
    out = pd.DataFrame(
        {
            "applied": applied,
            "month": applied.dt.to_period("M").dt.to_timestamp(),
            "channel": df["channel"].astype("string").fillna(NOT_SAID),
            "source": df["source"].astype("string").str.strip().replace("", pd.NA).fillna(NOT_SAID),
            "state": state.astype("string"),
            "days": days.astype("float"),
        }
    )
    return out


def _in(df: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    return df[(df["applied"] >= pd.Timestamp(start)) & (df["applied"] <= pd.Timestamp(end))]


def _grouped(df: pd.DataFrame, by: str) -> pd.Series:
    if not by:
        return pd.Series(BY[""], index=df.index, dtype="string")
    counts = df[by].value_counts()
    keep = set(counts.index[:TOP])
    return df[by].where(df[by].isin(keep), OTHER).astype("string")


def monthly(df: pd.DataFrame, start: dt.date, end: dt.date, by: str = "") -> pd.DataFrame:
    """Per month sent (and per group when ``by`` is "channel" or "source"): sent, answered, never, early, rate.

    Months run from the first month of the period to the last, with no gaps; ``rate`` is in % (NaN with nothing sent).
    """
    cols = ["month", "group", "sent", "answered", "never", "early", "rate"]
    d = _in(df.dropna(subset=["applied"]), start, end)
    if d.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    d = d.assign(group=_grouped(d, by))
    flags = pd.get_dummies(d["state"]).reindex(columns=["answered", "never", "early"], fill_value=False)
    per = (
        d[["month", "group"]]
        .join(flags.astype("int64"))
        .assign(sent=1)
        .groupby(["month", "group"])[["sent", "answered", "never", "early"]]
        .sum()
    )
    months = pd.date_range(pd.Timestamp(start).to_period("M").to_timestamp(), pd.Timestamp(end), freq="MS")
    index = pd.MultiIndex.from_product([months, sorted(d["group"].unique())], names=["month", "group"])
    per = per.reindex(index, fill_value=0).reset_index()
    if by:
        per = per[per.groupby("group")["sent"].transform("sum") > 0]
    per["rate"] = (100 * per["answered"] / per["sent"].where(per["sent"] > 0)).round(0)
    return per[cols].reset_index(drop=True)


def by_group(df: pd.DataFrame, start: dt.date, end: dt.date, by: str) -> pd.DataFrame:
    """The whole period per group: group, sent, answered, rate (%), most sent first."""
    m = monthly(df, start, end, by)
    cols = ["group", "sent", "answered", "rate"]
    if m.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    g = m.groupby("group", as_index=False)[["sent", "answered"]].sum()
    g["rate"] = (100 * g["answered"] / g["sent"]).round(0)
    return g.sort_values(["sent", "group"], ascending=[False, True])[cols].reset_index(drop=True)


def answer_times(df: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Answered applications of the period by weeks to the first answer: weeks (0 = within 7 days), answers."""
    d = _in(df, start, end)
    days = d["days"].dropna()
    if days.empty:
        return pd.DataFrame({"weeks": pd.Series(dtype="int64"), "answers": pd.Series(dtype="int64")})
    weeks = (days // 7).astype("int64").clip(upper=12)
    out = weeks.value_counts().sort_index()
    full = out.reindex(range(int(out.index.max()) + 1), fill_value=0)
    return pd.DataFrame({"weeks": full.index.astype("int64"), "answers": full.to_numpy().astype("int64")})


def totals(df: pd.DataFrame, start: dt.date, end: dt.date) -> dict:
    d = _in(df, start, end)
    states = d["state"].value_counts()
    days = d["days"].dropna()
    return {
        "sent": len(d),
        "answered": int(states.get("answered", 0)),
        "never": int(states.get("never", 0)),
        "early": int(states.get("early", 0)),
        "median_days": float(days.median()) if len(days) else None,
        "timed": len(days),
        "undated": int(df["applied"].isna().sum()),
    }


def _percent(value: float) -> str:
    return i18n.format_percent(value / 100)


def rate_summary(t: Mapping, weeks: int) -> str:
    if not t["sent"]:
        return _("No applications sent in this period are logged yet.")
    rate = _percent(round(100 * t["answered"] / t["sent"]))
    values = dict(answered=t["answered"], rate=rate)
    if t["early"]:
        return ngettext(
            "Of {n} application sent in this period, {answered} got an answer ({rate}); {early} sent less than "
            "{weeks} weeks ago may still get one.",
            "Of {n} applications sent in this period, {answered} got an answer ({rate}); {early} sent less than "
            "{weeks} weeks ago may still get one.",
            t["sent"],
            early=t["early"],
            weeks=weeks,
            **values,
        )
    return ngettext(
        "Of {n} application sent in this period, {answered} got an answer ({rate}).",
        "Of {n} applications sent in this period, {answered} got an answer ({rate}).",
        t["sent"],
        **values,
    )


def time_summary(t: Mapping, weeks: int) -> str:
    if not t["sent"]:
        return _("No applications sent in this period are logged yet.")
    closed = t["sent"] - t["early"]
    share = _percent(round(100 * t["never"] / closed) if closed else 0)
    if t["median_days"] is None:
        words = _("No first answers with a date in this period yet.")
    else:
        days = round(t["median_days"])
        if days == 0:
            words = _("Half of the answers came on the day you sent them (the median, of {timed}).", timed=t["timed"])
        else:
            words = ngettext(
                "Half of the answers came within {n} day (the median, of {timed}).",
                "Half of the answers came within {n} days (the median, of {timed}).",
                days,
                timed=t["timed"],
            )
    words += " " + _(
        "{share} never answered (no answer after {weeks} weeks: {never} of {closed}).",
        share=share,
        weeks=weeks,
        never=t["never"],
        closed=closed,
    )
    if t["undated"]:
        words += " " + ngettext(
            "Not counted: {n} application without a sending date.",
            "Not counted: {n} applications without a sending date.",
            t["undated"],
        )
    return words


def group_summary(groups: pd.DataFrame, by: str) -> str:
    if groups.empty:
        return _("No applications sent in this period are logged yet.")
    ranked = groups[groups["group"] != NOT_SAID].sort_values(["rate", "sent"], ascending=[False, False])
    if ranked.empty or len(groups) < 2:
        if by == "source":
            return _("Record where you found them on your applications to compare here.")
        return _("Record how you applied on your applications to compare here.")
    best = ranked.iloc[0]
    values = dict(group=group_name(best["group"]), rate=_percent(float(best["rate"])))
    if by == "source":
        return ngettext(
            "By where you found it: {group} had the highest answer rate, {rate} of {n} application.",
            "By where you found it: {group} had the highest answer rate, {rate} of {n} applications.",
            int(best["sent"]),
            **values,
        )
    return ngettext(
        "By how you applied: {group} had the highest answer rate, {rate} of {n} application.",
        "By how you applied: {group} had the highest answer rate, {rate} of {n} applications.",
        int(best["sent"]),
        **values,
    )


def table(df: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """A frame for st.dataframe: ``columns`` (titles marked N_) translated, our own groups too."""
    out = df[list(columns)].copy()
    if "month" in out and pd.api.types.is_datetime64_any_dtype(out["month"]):
        out["month"] = out["month"].dt.strftime("%Y-%m")
    if "group" in out:
        out["group"] = out["group"].map(lambda g: group_name(g) if isinstance(g, str) else g)
    return out.rename(columns={col: _(title) for col, title in columns.items()}).reset_index(drop=True)


def view(df: pd.DataFrame, start: dt.date, end: dt.date, by: str, weeks: int) -> dict:
    """Everything the Progress page shows about answers for one period."""
    months = monthly(df, start, end)
    groups = by_group(df, start, end, by) if by else pd.DataFrame()
    split = monthly(df, start, end, by) if by else months
    times = answer_times(df, start, end)
    t = totals(df, start, end)
    return {
        "resp_months": months,
        "resp_split": split,
        "resp_summary": rate_summary(t, weeks) + (" " + group_summary(groups, by) if by and not groups.empty else ""),
        "resp_table": table(
            split[split["sent"] > 0] if not split.empty else split,
            {
                "month": N_("Month sent"),
                "group": BY[by],
                "sent": N_("Sent"),
                "answered": N_("Answered"),
                "rate": N_("Answer rate (%)"),
                "never": N_("Never answered"),
                "early": N_("Too early to say"),
            },
        ),
        "times": times,
        "times_summary": time_summary(t, weeks),
        "times_table": times.rename(columns={"weeks": _("Weeks to the first answer"), "answers": _("Answers")}),
        "resp_totals": t,
    }
