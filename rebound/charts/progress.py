"""Figures of the Progress page (graph_objects, the shared "rebound" template, Okabe–Ito colours).

Each builder takes the small, already aggregated frame from :mod:`rebound.insights.progress`
(or :mod:`rebound.insights.effort`) and returns a light figure. With no data a builder returns a
figure that says so instead of an empty grid; pages show an empty-state message in its place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from rebound import i18n
from rebound.charts import DAY_MS, PALETTE, date_axis, figure, plain, weekday_names, whole_numbers
from rebound.i18n import _, ngettext
from rebound.insights.effort import KIND_LABELS
from rebound.models import STAGE_LABELS

BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, BLACK = PALETTE
GREY = "#9aa5a0"
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]  # in English; charts use weekday_names()
HEIGHT = 380
KIND_COLOURS = {
    "application": BLUE,
    "networking": ORANGE,
    "interview_practice": GREEN,
    "learning": PINK,
    "materials": SKY,
    "follow_up": VERMILION,
}


def _figure(height: int, **layout) -> go.Figure:
    """The shared template, with room for tick labels and axis titles (Plotly does not make it by default)."""
    return figure(
        height=height,
        margin=dict(l=8, r=8, t=8, b=8),
        **layout,
    )


def empty(message: str) -> go.Figure:
    fig = figure(height=220)
    fig.add_annotation(text=plain(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _dates(values: pd.Series) -> list[str]:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d").tolist()


def _days(values: pd.Series, form: str = "date") -> list[str]:
    """The days as the person's locale writes them, for hover text (Plotly's month names are English only)."""
    return [i18n.format_date(d.date(), form) for d in pd.to_datetime(values)]


def _number(value: float, decimals: int = 0) -> str:
    return i18n.format_number(float(value), decimals=decimals)


def _stage(label: str) -> str:
    """A stage label of :data:`rebound.models.STAGE_LABELS` (English in the frames) in the person's language."""
    return _(label) if label in STAGE_LABELS.values() else label


# --- Effort -------------------------------------------------------------------------------------
def weekly_effort(counts: pd.DataFrame, goals: pd.DataFrame) -> go.Figure:
    """What you did each week, stacked by kind, against a dashed line of the week's goals.

    ``counts``: week, kind, label, count; ``goals``: week, target (0 = no goal that week).
    """
    if counts.empty or float(counts["count"].sum()) <= 0:
        return empty(_("Nothing logged in this period yet."))
    fig = _figure(height=HEIGHT, barmode="stack", bargap=0.25)
    for i, (kind, rows) in enumerate(counts.groupby("kind", sort=False)):
        label = plain(_(KIND_LABELS[kind]) if kind in KIND_LABELS else rows["label"].iloc[0])
        fig.add_trace(
            go.Bar(
                x=_dates(rows["week"]),
                y=rows["count"].astype(int).tolist(),
                name=label,
                width=DAY_MS * 5,  # a week's bar: set, or a single week is drawn a millisecond wide
                marker_color=KIND_COLOURS.get(kind, PALETTE[i % len(PALETTE)]),
                hovertext=_days(rows["week"]),
                hovertemplate=_("Week of {week}: {count}", week="%{hovertext}", count="%{y}")
                + "<extra>"
                + label
                + "</extra>",
            )
        )
    targets = pd.to_numeric(goals["target"], errors="coerce") if not goals.empty else pd.Series(dtype=float)
    if targets.gt(0).any():
        fig.add_trace(
            go.Scatter(
                x=_dates(goals["week"]),
                y=[float(t) if t > 0 else None for t in targets.fillna(0)],
                name=_("Weekly goal"),
                mode="lines+markers",
                line=dict(color=BLACK, dash="dash", width=2),
                marker=dict(symbol="line-ew-open", size=14),
                hovertemplate=_("Goal: {goal}", goal="%{y}") + "<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=_("Week starting"))
    per_week = counts.groupby("week")["count"].sum()
    top = max(float(per_week.max()), float(targets.max()) if targets.gt(0).any() else 0.0)
    fig.update_layout(yaxis=whole_numbers(dict(title=dict(text=_("Actions"))), top))
    return date_axis(fig, _dates(counts["week"]), step_days=7)


def activity_heatmap(days: pd.DataFrame, start: dt.date, end: dt.date) -> go.Figure:
    """A calendar of active days: one column per week, one row per weekday. Columns: date, count.

    Weeks start on the first day of the week of the person's locale (Monday in most of Europe).
    """
    if days.empty or float(pd.to_numeric(days["count"]).sum()) <= 0:
        return empty(_("No active days in this period yet."))
    first = max(pd.Timestamp(start), pd.Timestamp(end) - pd.Timedelta(days=370)).normalize()
    last = pd.Timestamp(end).normalize()
    # At least twelve weeks of calendar: a grid of one column has no width in Plotly (nothing is drawn),
    # and a young journal's first days read better in a calendar. Days before the period stay faint.
    shown = min(first, last - pd.Timedelta(days=83))
    cal = pd.DataFrame({"date": pd.date_range(shown, last, freq="D")})
    counts = days.assign(date=pd.to_datetime(days["date"]).dt.normalize()).groupby("date")["count"].sum()
    cal["count"] = cal["date"].map(counts).fillna(0).astype(float).where(cal["date"] >= first)
    row = (cal["date"].dt.day_of_week - i18n.first_weekday()) % 7  # 0: the locale's first day of the week
    cal["week"] = cal["date"] - pd.to_timedelta(row, unit="D")
    cal["weekday"] = row
    grid = cal.pivot(index="weekday", columns="week", values="count").reindex(range(7))
    dates = cal.pivot(index="weekday", columns="week", values="date").reindex(range(7))
    top = max(1.0, float(cal["count"].max()))
    weeks = [w.strftime("%Y-%m-%d") for w in grid.columns]
    names = weekday_names()
    hover = [
        [
            ""
            if pd.isna(day) or pd.isna(n)
            else ngettext(
                "{day}: {n} action",
                "{day}: {n} actions",
                int(n),
                day=i18n.format_date(pd.Timestamp(day).date(), "weekday"),
            )
            for day, n in zip(day_row, count_row, strict=True)
        ]
        for day_row, count_row in zip(dates.to_numpy(), grid.to_numpy(), strict=True)
    ]
    fig = _figure(height=260)
    # The calendar itself, faint: days before the period (before the journal began) are empty cells, not gaps.
    fig.add_trace(
        go.Heatmap(
            z=[
                [None if pd.isna(v) else 0.0 for v in row]
                for row in cal.pivot(index="weekday", columns="week", values="weekday").reindex(range(7)).to_numpy()
            ],
            x=weeks,
            y=names,
            colorscale=[[0, "#f6f7f4"], [1, "#f6f7f4"]],
            showscale=False,
            xgap=2,
            ygap=2,
            hoverinfo="skip",
            name=_("Calendar"),
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=[[None if pd.isna(v) else float(v) for v in row] for row in grid.to_numpy()],
            x=weeks,
            y=names,
            colorscale=[[0, "#e3e8e5"], [0.001, "#cfe3f1"], [1, BLUE]],
            zauto=False,
            zmin=0,  # counts start at 0 and are whole numbers
            zmax=top,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            # The title beside the bar, not on top of it, where it met the top tick label.
            colorbar=dict(
                title=dict(text=_("Done"), side="right"),
                thickness=10,
                tickformat="d",
                dtick=1 if top <= 10 else None,
            ),
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(showgrid=False)
    if len(weeks) <= 16:  # ticks on the weeks' first days (Plotly's own weekly ticks fall on Sundays)
        every = 1 if len(weeks) <= 6 else 4  # a label a month: "15 Dec" is wider than two columns
        fig.update_xaxes(type="date", tick0=weeks[0], dtick=DAY_MS * 7 * every)
        ticks = [dt.date.fromisoformat(w) for w in weeks[::every]]
        fig.update_xaxes(
            tickmode="array",
            tickvals=[d.isoformat() for d in ticks],
            ticktext=[i18n.format_date(d, "day_month") for d in ticks],
        )
        return fig
    return date_axis(fig, weeks, step_days=7)


# --- Skills -------------------------------------------------------------------------------------
SKILL_LANE = 0.16  # levels apart, between the lines of two skills at the same level (about 10 px)


def skill_levels(levels: pd.DataFrame) -> go.Figure:
    """Each skill as a step line of its level, with its target as a dotted line in the same colour.

    A skill with no practice session (or only one day in the range) is still drawn: its current
    level as an open dot and its target as a dash at the same day.

    Skills at the same level would hide one another (a new journal's skills all start at the
    same level on the same day), so each skill's line sits a little above or below the level,
    in its own lane; the hover and the table give the exact level.
    """
    if levels.empty:
        return empty(_("No skills to show yet. Add one on the Grow page."))
    fig = _figure(height=HEIGHT)
    drawn: list[str] = []
    groups = list(levels.groupby("skill_id", sort=False))
    for i, (sid, pts) in enumerate(groups):
        lane = (i - (len(groups) - 1) / 2) * SKILL_LANE
        colour = PALETTE[i % len(PALETTE)]
        name = plain(pts["skill"].iloc[0])
        x = _dates(pts["date"])
        drawn += x
        practised, one_day = bool(pts["logged"].any()), x[0] == x[-1]
        sizes = [8 if logged else 0 for logged in pts["logged"]]
        if not practised or one_day:
            sizes[-1] = 10  # otherwise a line of zero length and no dot: nothing to see
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[level + lane for level in pts["level"]],
                customdata=pts["level"].tolist(),
                hovertext=[
                    _("{day}: level {level}", day=day, level=_number(level))
                    for day, level in zip(_days(pts["date"]), pts["level"], strict=True)
                ],
                name=name,
                legendgroup=str(sid),
                mode="lines+markers",
                line=dict(color=colour, shape="hv", width=2.5),
                marker=dict(size=sizes, color=colour, symbol="circle" if practised else "circle-open", line_width=2),
                hovertemplate="%{hovertext}<extra>" + name + "</extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[x[0]] if one_day else [x[0], x[-1]],
                y=[float(pts["target"].iloc[-1]) + lane] * (1 if one_day else 2),
                customdata=[float(pts["target"].iloc[-1])] * (1 if one_day else 2),
                name=_("{skill} target", skill=name),
                legendgroup=str(sid),
                showlegend=False,
                mode="markers" if one_day else "lines",
                line=dict(color=colour, dash="dot", width=1.5),
                marker=dict(symbol="line-ew-open", size=24, color=colour, line=dict(width=2, color=colour)),
                hovertemplate=_("Target: level {level}", level="%{customdata}") + "<extra>" + name + "</extra>",
            )
        )
    fig.update_yaxes(title_text=_("Level (1–5)"), range=[0.5, 5.5], dtick=1)
    return date_axis(fig, drawn)


def practice_time(practice: pd.DataFrame) -> go.Figure:
    """Minutes per day (bars) and the running total (line, right axis)."""
    if practice.empty or float(practice["minutes"].sum()) <= 0:
        return empty(_("No practice minutes logged in this period yet."))
    fig = _figure(height=HEIGHT)
    x = _dates(practice["date"])
    when = _days(practice["date"])
    days = practice[practice["minutes"] > 0]
    if len(days) < 2:  # one day: its minutes are the total, so one bar says it all (no line of one point)
        fig.add_trace(
            go.Bar(
                x=x,
                y=practice["minutes"].tolist(),
                name=_("Minutes that day"),
                width=DAY_MS * 0.8,
                marker_color=SKY,
                hovertext=when,
                hovertemplate=_("{day}: {minutes} min", day="%{hovertext}", minutes="%{y}") + "<extra></extra>",
            )
        )
        fig.update_layout(showlegend=False, yaxis=dict(title=dict(text=_("Minutes")), rangemode="tozero"))
        return date_axis(fig, x)
    # The bars on the left axis and the total on the right one: traces of an overlaying axis are drawn
    # on top, and the line must not disappear behind the bars.
    fig.add_trace(
        go.Bar(
            x=x,
            y=practice["minutes"].tolist(),
            name=_("Minutes that day"),
            width=DAY_MS * 0.8,  # a day's bar, also when there is only one
            marker_color=SKY,
            hovertext=when,
            hovertemplate=_("{day}: {minutes} min", day="%{hovertext}", minutes="%{y}") + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=practice["cumulative"].tolist(),
            name=_("Total so far"),
            hovertext=when,
            hovertemplate=_("{day}: {minutes} min in all", day="%{hovertext}", minutes="%{y}") + "<extra></extra>",
            mode="lines+markers" if len(days) < 7 else "lines",
            line=dict(color=GREEN, width=3),
            marker=dict(size=8),
            yaxis="y2",
        )
    )
    fig.update_layout(
        margin=dict(r=64),  # the right axis's labels and title
        yaxis=dict(title=dict(text=_("Minutes that day")), rangemode="tozero"),
        yaxis2=dict(
            title=dict(text=_("Total minutes")),
            overlaying="y",
            side="right",
            showgrid=False,
            rangemode="tozero",
            tickmode="auto",  # its own round numbers, not the left axis's grid (13.3, 26.7…)
        ),
    )
    return date_axis(fig, x)


# --- Mood ---------------------------------------------------------------------------------------
SPARSE_CHECKINS = 7  # below a week of check-ins a 7-day average says nothing: each check-in is drawn plainly


def mood(series: pd.DataFrame, rejected: pd.DataFrame) -> go.Figure:
    """Mood and confidence (1–10), rejections marked on a lane below the scale.

    From a week of check-ins on: 7-day averages as lines, each day as a faint dot. Fewer: each
    check-in as a clear dot (circle for mood, diamond for confidence) joined by a thin line, no
    average. A day with several rejections is one mark with its number beside it.
    """
    if series.empty and rejected.empty:
        return empty(_("No check-ins in this period yet."))
    fig = _figure(height=HEIGHT)
    if not series.empty:
        x = _dates(series["date"])
        when = _days(series["date"])
        sparse = len(series) < SPARSE_CHECKINS
        for col, colour, dash, symbol in (("mood", BLUE, "solid", "circle"), ("confidence", ORANGE, "dash", "diamond")):
            label = _("Mood") if col == "mood" else _("Confidence")
            day_hover = _("{day}: {value}/10", day="%{hovertext}", value="%{y}")
            if sparse:
                fig.add_trace(
                    go.Scatter(
                        x=x,
                        y=series[col].tolist(),
                        name=label,
                        mode="lines+markers",
                        line=dict(color=colour, dash=dash, width=1.5),
                        marker=dict(color=colour, size=11, symbol=symbol, line=dict(width=1.5, color="white")),
                        hovertext=when,
                        hovertemplate=day_hover + "<extra>" + label + "</extra>",
                    )
                )
                continue
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=series[f"{col}_7d"].tolist(),
                    name=_("{what} (7-day average)", what=label),
                    legendgroup=col,
                    mode="lines",
                    line=dict(color=colour, dash=dash, width=2.5),
                    hovertext=when,
                    hovertemplate=day_hover + "<extra>" + _("{what}, 7-day average", what=label) + "</extra>",
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=series[col].tolist(),
                    name=_("{what} that day", what=label),
                    legendgroup=col,
                    showlegend=False,
                    mode="markers",
                    marker=dict(color=colour, size=5, opacity=0.35),
                    hovertext=when,
                    hovertemplate=day_hover + "<extra>" + label + "</extra>",
                )
            )
    if not rejected.empty:
        many = [str(n) if n > 1 else "" for n in rejected["rejections"].astype(int)]
        fig.add_trace(
            go.Scatter(
                x=_dates(rejected["date"]),
                y=[REJECTION_LANE] * len(rejected),
                name=_("Rejection"),
                mode="markers+text",
                text=many,
                textposition="middle right",
                textfont=dict(color=VERMILION, size=12),
                # Smaller marks when there are many, so a busy half-year's marks do not run into each other.
                marker=dict(
                    symbol="x-thin",
                    size=11 if len(rejected) <= 15 else 8,
                    line=dict(width=2, color=VERMILION),
                    color=VERMILION,
                ),
                customdata=[
                    [n, _stage(stage)]
                    for n, stage in zip(rejected["rejections"].tolist(), rejected["furthest"].tolist(), strict=True)
                ],
                hovertext=[
                    ngettext(
                        "{day}: {n} rejection, furthest stage {stage}",
                        "{day}: {n} rejections, furthest stage {stage}",
                        int(n),
                        day=day,
                        stage=_stage(stage),
                    )
                    for day, n, stage in zip(
                        _days(rejected["date"]), rejected["rejections"], rejected["furthest"], strict=True
                    )
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    # The scale is 1–10: no "0" tick; the rejection lane sits below 1, where no check-in can be.
    fig.update_yaxes(title_text=_("1 = very low, 10 = very good"), range=[-0.4, 10.5], tickvals=list(range(1, 11)))
    drawn = (_dates(series["date"]) if not series.empty else []) + (
        _dates(rejected["date"]) if not rejected.empty else []
    )
    return date_axis(fig, drawn)


REJECTION_LANE = 0.1


# --- Reframes -------------------------------------------------------------------------------------
def reframes(weeks: pd.DataFrame) -> go.Figure:
    """Average intensity (0–100) before and after the thought record, per week."""
    if weeks.empty:
        return empty(_("No thought records in this period yet."))
    fig = _figure(height=HEIGHT)
    x = _dates(weeks["week"])
    when = _days(weeks["week"])
    few = len(weeks) < 4  # a point or two: big enough to see, with its number beside it
    for col, name, colour, dash in (
        ("before", _("Before"), VERMILION, "solid"),
        ("after", _("After"), GREEN, "dash"),
    ):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=weeks[col].tolist(),
                name=name,
                mode="lines+markers+text" if few else "lines+markers",
                text=[_number(v) for v in weeks[col]] if few else None,
                textposition="middle right",
                textfont=dict(color=colour),
                line=dict(color=colour, dash=dash, width=2),
                marker=dict(size=12 if few else 7),
                customdata=weeks["records"].tolist(),
                hovertext=[
                    ngettext(
                        "Week of {week}: {value} ({n} record)",
                        "Week of {week}: {value} ({n} records)",
                        int(n),
                        week=week,
                        value=_number(v, 1),
                    )
                    for week, v, n in zip(when, weeks[col], weeks["records"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra>" + name + "</extra>",
            )
        )
    fig.update_yaxes(title_text=_("Intensity (0–100)"), range=[0, 105])
    fig.update_xaxes(title_text=_("Week starting"))
    return date_axis(fig, x, step_days=7)


# --- Funnel -------------------------------------------------------------------------------------
def funnel(stages: pd.DataFrame) -> go.Figure:
    """How many applications reached each stage before the no."""
    if stages.empty or int(stages["reached"].iloc[0]) == 0:
        return empty(_("No rejections logged in this period."))
    fig = _figure(height=300)
    fig.add_trace(
        go.Funnel(
            y=[plain(_stage(label)) for label in stages["label"]],
            x=stages["reached"].astype(int).tolist(),
            # "3 (60 %)": the share written by Babel, as the locale writes percentages
            text=[
                f"{int(n)} ({i18n.format_percent(int(n) / first)})" if first else str(int(n))
                for n, first in ((n, int(stages["reached"].iloc[0])) for n in stages["reached"])
            ],
            textinfo="text",
            marker=dict(color=[BLUE, SKY, GREEN, ORANGE, PINK][: len(stages)], line=dict(width=0)),
            connector=dict(line=dict(color=GREY, width=1)),
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    return fig


# --- Themes -------------------------------------------------------------------------------------
def themes(counts: pd.DataFrame, labels: Mapping[str, str] | None = None) -> go.Figure:
    """The most frequent themes as horizontal bars, the most frequent on top."""
    if counts.empty:
        return empty(_("No themes noted in this period yet."))
    labels = labels or {}
    names = [plain(labels.get(t, t)) for t in counts["theme"]]
    fig = _figure(height=max(160, 80 + 34 * len(counts)))  # one theme: one bar, not a wall
    fig.add_trace(
        go.Bar(
            x=counts["count"].astype(int).tolist(),
            y=names,
            orientation="h",
            marker_color=PINK,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", ticksuffix="  ")  # a little air between a theme and its bar
    fig.update_layout(xaxis=whole_numbers(dict(title=dict(text=_("Times noted"))), float(counts["count"].max())))
    return fig


# --- The page's charts ------------------------------------------------------------------------------
def builders(view: Mapping, start: dt.date, end: dt.date) -> dict[str, Callable[[], go.Figure]]:
    """How to make every chart of the Progress page for one period's view, by the panel's key.

    The page calls a builder only for a panel with something to draw (and caches what it made);
    the gallery (tools/chart_gallery.py) calls them all through :func:`figures`.
    """
    counts, goals = view["effort"]
    mood_series, rejected = view["mood"]
    theme_counts, labels = view["themes"]
    return {
        "effort": lambda: weekly_effort(counts, goals),
        "days": lambda: activity_heatmap(view["days"], start, end),
        "skills": lambda: skill_levels(view["levels"]),
        "practice": lambda: practice_time(view["practice"]),
        "mood": lambda: mood(mood_series, rejected),
        "reframes": lambda: reframes(view["reframes"]),
        "funnel": lambda: funnel(view["funnel"]),
        "themes": lambda: themes(theme_counts, labels),
    }


def figures(view: Mapping, start: dt.date, end: dt.date) -> dict[str, go.Figure]:
    """Every chart of the Progress page for one period's view (``rebound.insights.progress.dashboard``),
    by the panel's key: the page and the gallery (tools/chart_gallery.py) draw the same figures."""
    return {key: build() for key, build in builders(view, start, end).items()}
