"""Figures for the patterns across rejections (frames from rebound.insights.patterns)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from rebound import i18n
from rebound.charts import PALETTE, date_axis, figure, plain
from rebound.i18n import _
from rebound.insights.patterns import SOURCE_LABELS, SOURCES, group_label
from rebound.models import STAGE_LABELS, STAGES

SOURCE_COLOURS = {"reflection": PALETTE[0], "feedback": PALETTE[1], "mentor": PALETTE[2]}
STAGE_COLOURS = dict(zip(STAGES, PALETTE, strict=False))


def themes_bar(table: pd.DataFrame, top: int = 12) -> go.Figure:
    """Recurring themes as horizontal bars (most frequent on top), stacked by where they came from."""
    shown = table.head(top).iloc[::-1]  # Plotly draws the first category at the bottom
    height = 120 + 32 * max(len(shown), 1)
    fig = figure(barmode="stack", height=height)
    for source in SOURCES:
        if shown.empty or not shown[source].any():
            continue
        source_label = _(SOURCE_LABELS[source])
        fig.add_trace(
            go.Bar(
                name=source_label,
                y=[plain(label) for label in shown["label"]],
                x=shown[source].astype(int).tolist(),
                orientation="h",
                marker_color=SOURCE_COLOURS[source],
                hovertemplate="%{y}: %{x}<extra>" + source_label + "</extra>",
            )
        )
    fig.update_xaxes(title_text=_("times mentioned"), dtick=1, rangemode="tozero")
    fig.update_yaxes(automargin=True)
    return fig


def ratings_lines(over_time: pd.DataFrame) -> go.Figure:
    """One line per rating area: the 1–5 rating at each rejection's date."""
    fig = figure(height=380)
    for i, (label, rows) in enumerate(over_time.groupby("label", sort=True)):
        rows = rows.sort_values("date")
        fig.add_trace(
            go.Scatter(
                name=plain(label),
                x=rows["date"].dt.strftime("%Y-%m-%d").tolist(),
                y=rows["rating"].round(2).tolist(),
                hovertext=[i18n.format_date(d.date(), "date") for d in rows["date"]],
                hovertemplate="%{hovertext}: %{y}<extra>" + plain(label) + "</extra>",
                mode="lines+markers",
                line=dict(color=PALETTE[i % len(PALETTE)]),
            )
        )
    fig.update_yaxes(title_text=_("rating (1–5)"), range=[0.5, 5.5], dtick=1)
    return date_axis(fig, over_time["date"].dt.strftime("%Y-%m-%d").tolist() if not over_time.empty else [])


def stage_bar(counts: pd.DataFrame) -> go.Figure:
    """How far each application got: rejections per stage reached, in journey order."""
    fig = figure(height=320)
    fig.add_trace(
        go.Bar(
            x=[plain(_(label) if label in STAGE_LABELS.values() else label) for label in counts["label"]],
            y=counts["count"].astype(int).tolist(),
            marker_color=PALETTE[0],
            hovertemplate="%{x}: %{y}<extra></extra>",
            name=_("Rejections"),
        )
    )
    fig.update_yaxes(title_text=_("rejections"), dtick=1, rangemode="tozero")
    return fig


def stage_by_bar(table: pd.DataFrame, by_label: str | None = None) -> go.Figure:
    """Stacked bars: for each channel (or source), how many applications ended at each stage.

    ``by_label``: the x axis's title, already in the person's language (default: "How you applied")."""
    fig = figure(barmode="stack", height=340)
    groups = [plain(group_label(i)) for i in table.index]  # a channel is typed by the person
    for stage in STAGES:
        if stage not in table.columns or not table[stage].any():
            continue
        fig.add_trace(
            go.Bar(
                name=_(STAGE_LABELS[stage]),
                x=groups,
                y=table[stage].astype(int).tolist(),
                marker_color=STAGE_COLOURS[stage],
            )
        )
    fig.update_xaxes(title_text=plain(by_label if by_label is not None else _("How you applied")))
    fig.update_yaxes(title_text=_("rejections"), dtick=1, rangemode="tozero")
    return fig
