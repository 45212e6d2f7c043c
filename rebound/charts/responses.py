"""Figures of the answers to applications (frames from rebound.insights.responses), in the shared template."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from rebound.charts import PALETTE, plain
from rebound.charts.progress import GREY, _figure, empty

HEIGHT = 340


def _months(values: pd.Series) -> list[str]:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d").tolist()


def response_rate(months: pd.DataFrame, split: pd.DataFrame, by: str) -> go.Figure:
    """Per month sent: applications sent and answered (bars); split by a group: the answer rate per group (lines)."""
    if months.empty or int(months["sent"].sum()) == 0:
        return empty("No applications sent in this period are logged yet.")
    fig = _figure(height=HEIGHT)
    x = _months(months["month"])
    if not by:
        fig.add_trace(
            go.Bar(
                x=x,
                y=months["sent"].astype(int).tolist(),
                name="Sent",
                marker_color=GREY,
                hovertemplate="%{x|%b %Y}: %{y} sent<extra></extra>",
            )
        )
        fig.add_trace(
            go.Bar(
                x=x,
                y=months["answered"].astype(int).tolist(),
                name="Answered",
                marker_color=PALETTE[0],
                customdata=months["rate"].fillna(0).tolist(),
                hovertemplate="%{x|%b %Y}: %{y} answered (%{customdata:.0f}%)<extra></extra>",
            )
        )
        fig.update_layout(barmode="group")
        fig.update_yaxes(title_text="applications", rangemode="tozero", dtick=1 if months["sent"].max() <= 10 else None)
    else:
        for i, (group, rows) in enumerate(split.groupby("group", sort=True)):
            rows = rows[rows["sent"] > 0]
            fig.add_trace(
                go.Scatter(
                    x=_months(rows["month"]),
                    y=rows["rate"].tolist(),
                    mode="lines+markers",
                    name=plain(group),
                    line=dict(color=PALETTE[i % len(PALETTE)], width=2),
                    customdata=list(zip(rows["answered"].astype(int), rows["sent"].astype(int), strict=True)),
                    hovertemplate=plain(group)
                    + " · %{x|%b %Y}: %{y:.0f}% (%{customdata[0]} of %{customdata[1]})<extra></extra>",
                )
            )
        fig.update_yaxes(title_text="answered (%)", range=[0, 105])
    fig.update_xaxes(title_text="Month sent", type="date", tickformat="%b %Y", dtick="M1")
    return fig


def answer_times(times: pd.DataFrame) -> go.Figure:
    """How long first answers took, in weeks (the last bar holds 12 weeks or more)."""
    if times.empty or int(times["answers"].sum()) == 0:
        return empty("No first answers with a date in this period yet.")
    labels = [f"{w}+" if w == 12 else str(w) for w in times["weeks"].astype(int)]
    fig = _figure(height=HEIGHT)
    fig.add_trace(
        go.Bar(
            x=labels,
            y=times["answers"].astype(int).tolist(),
            marker_color=PALETTE[2],
            hovertemplate="Week %{x} after sending: %{y} answers<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="Weeks after sending (0 = within a week)", type="category")
    fig.update_yaxes(title_text="first answers", rangemode="tozero")
    return fig
