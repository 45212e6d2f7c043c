"""Figures of the answers to applications (frames from rebound.insights.responses), in the shared template."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from rebound import i18n
from rebound.charts import MAX_TICKS, PALETTE, plain
from rebound.charts.progress import GREY, _figure, empty
from rebound.i18n import _, ngettext
from rebound.insights.responses import group_name

HEIGHT = 340


def _months(values: pd.Series) -> list[str]:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d").tolist()


def _month_names(values: pd.Series) -> list[str]:
    """Months as the person's locale writes them ("Mar 2026" · "März 2026" · "mar 2026")."""
    return [i18n.format_date(d.date(), "month") for d in pd.to_datetime(values)]


def _month_axis(fig: go.Figure, months: pd.Series) -> go.Figure:
    """A tick a month (fewer over a long period), labelled by Babel; never Plotly's English month names."""
    ticks = sorted(pd.to_datetime(months).drop_duplicates())
    ticks = ticks[:: max(1, -(-len(ticks) // MAX_TICKS))]
    return fig.update_xaxes(
        type="date",
        tickmode="array",
        tickvals=[t.strftime("%Y-%m-%d") for t in ticks],
        ticktext=[i18n.format_date(t.date(), "month") for t in ticks],
    )


def response_rate(months: pd.DataFrame, split: pd.DataFrame, by: str) -> go.Figure:
    """Per month sent: applications sent and answered (bars); split by a group: the answer rate per group (lines)."""
    if months.empty or int(months["sent"].sum()) == 0:
        return empty(_("No applications sent in this period are logged yet."))
    fig = _figure(height=HEIGHT)
    x = _months(months["month"])
    when = _month_names(months["month"])
    if not by:
        fig.add_trace(
            go.Bar(
                x=x,
                y=months["sent"].astype(int).tolist(),
                name=_("Sent"),
                marker_color=GREY,
                hovertext=[
                    ngettext("{month}: {n} sent", "{month}: {n} sent", int(n), month=m)
                    for m, n in zip(when, months["sent"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        fig.add_trace(
            go.Bar(
                x=x,
                y=months["answered"].astype(int).tolist(),
                name=_("Answered"),
                marker_color=PALETTE[0],
                customdata=months["rate"].fillna(0).tolist(),
                hovertext=[
                    ngettext(
                        "{month}: {n} answered ({rate})",
                        "{month}: {n} answered ({rate})",
                        int(n),
                        month=m,
                        rate=i18n.format_percent(float(r) / 100),
                    )
                    for m, n, r in zip(when, months["answered"], months["rate"].fillna(0), strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        fig.update_layout(barmode="group")
        fig.update_yaxes(
            title_text=_("applications"), rangemode="tozero", dtick=1 if months["sent"].max() <= 10 else None
        )
    else:
        for i, (group, rows) in enumerate(split.groupby("group", sort=True)):
            rows = rows[rows["sent"] > 0]
            name = plain(group_name(group))
            fig.add_trace(
                go.Scatter(
                    x=_months(rows["month"]),
                    y=rows["rate"].tolist(),
                    mode="lines+markers",
                    name=name,
                    line=dict(color=PALETTE[i % len(PALETTE)], width=2),
                    customdata=list(zip(rows["answered"].astype(int), rows["sent"].astype(int), strict=True)),
                    hovertext=[
                        _(
                            "{group} · {month}: {rate} ({answered} of {sent})",
                            group=name,
                            month=m,
                            rate=i18n.format_percent(float(r) / 100),
                            answered=int(a),
                            sent=int(n),
                        )
                        for m, r, a, n in zip(
                            _month_names(rows["month"]), rows["rate"], rows["answered"], rows["sent"], strict=True
                        )
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
        fig.update_yaxes(title_text=_("answered (%)"), range=[0, 105])
    fig.update_xaxes(title_text=_("Month sent"), dtick="M1")
    return _month_axis(fig, months["month"])


def answer_times(times: pd.DataFrame) -> go.Figure:
    """How long first answers took, in weeks (the last bar holds 12 weeks or more)."""
    if times.empty or int(times["answers"].sum()) == 0:
        return empty(_("No first answers with a date in this period yet."))
    labels = [f"{w}+" if w == 12 else str(w) for w in times["weeks"].astype(int)]
    fig = _figure(height=HEIGHT)
    fig.add_trace(
        go.Bar(
            x=labels,
            y=times["answers"].astype(int).tolist(),
            marker_color=PALETTE[2],
            hovertext=[
                ngettext(
                    "Week {week} after sending: {n} answer", "Week {week} after sending: {n} answers", int(n), week=w
                )
                for w, n in zip(labels, times["answers"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=_("Weeks after sending (0 = within a week)"), type="category")
    fig.update_yaxes(title_text=_("first answers"), rangemode="tozero")
    return fig
