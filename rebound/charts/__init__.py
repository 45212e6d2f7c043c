"""Plotly figures for Rebound: one shared template, one display config, a colour-blind-safe palette.

Figure builders live in the modules of this package (one per topic) and take plain pandas frames;
pages only place the figure (through ``components.charts.show``) and its one-line summary. Titles
are the page's headings, not Plotly's, so a legend above the plot never meets a title.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable

import plotly.graph_objects as go
import plotly.io as pio

# Okabe–Ito: distinguishable with the common kinds of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TEMPLATE_NAME = "rebound"
DAY_MS = 86_400_000  # Plotly measures date axes in milliseconds
# Every chart: no Plotly toolbar (on a phone it covers the legend; the data is in a table below).
CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=go.Layout(
        colorway=PALETTE,
        font=dict(family="Source Sans Pro, sans-serif", size=14, color="#1f2a2a"),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        margin=dict(l=10, r=10, t=10, b=10),
        # The x labels stand off the axis line, so the y axis's bottom label ("0") never meets the first date.
        xaxis=dict(gridcolor="#e3e7e3", zeroline=False, automargin=True, ticklabelstandoff=10),
        yaxis=dict(gridcolor="#e3e7e3", zeroline=False, automargin=True),
        # Above the plot, pushing the margin as it wraps (Plotly's legend automargin); no title there.
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(font_size=13),
    )
)


def plain(text: object) -> str:
    """Text safe for Plotly labels: its pseudo-HTML (links, <b>, <br>) is shown as typed, not followed."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_TEMPLATE = pio.templates[TEMPLATE_NAME].to_plotly_json()  # validated once, here


def figure(title: str | None = None, **layout) -> go.Figure:
    """An empty figure in the shared template; builders add their traces to it.

    The layout arguments are validated as usual; the template is not validated again. Applying
    it by name re-validated and deep-copied it for every figure: about half of a figure's cost,
    and Progress builds eight per visit. The figure's JSON is the same either way (tested).
    """
    fig = go.Figure(layout=go.Layout(title=title, **layout))
    fig._validate = False  # Plotly's own switch; only around this one assignment
    try:
        fig.layout.template = copy.deepcopy(_TEMPLATE)
    finally:
        fig._validate = True
    return fig


def date_axis(fig: go.Figure, dates: Iterable[str | None], step_days: int = 1) -> go.Figure:
    """A date x axis that ticks in days (never hours or milliseconds), even for a single day of data.

    ``dates`` are the ISO days drawn; ``step_days`` is what one bar or column covers (7 for weeks).
    """
    days = sorted({dt.date.fromisoformat(d[:10]) for d in dates if d})
    fig.update_xaxes(type="date")
    if not days:
        return fig
    span = (days[-1] - days[0]).days
    if span < 14:  # Plotly's own ticks would fall between days (hours, even milliseconds for one day)
        pad = dt.timedelta(days=max(3, step_days))
        lo, hi = days[0] - pad, days[-1] + pad
        # "07 Mar" needs ~50 px: a label every other day, unless the whole axis is under a week
        step = step_days if step_days > 1 or (hi - lo).days <= 4 else 2
        # Half a day more on each side: no tick sits on the plot's edge, where the y labels are.
        fig.update_xaxes(
            range=[f"{(lo - dt.timedelta(days=1)).isoformat()} 12:00", f"{hi.isoformat()} 12:00"],
            dtick=DAY_MS * step,
            tick0=days[0].isoformat(),  # weeks tick on the days they start (Plotly's own weeks start on Sunday)
            tickformat="%d %b",
        )
    return fig


def whole_numbers(axis: dict, largest: float) -> dict:
    """Axis settings for counts: whole-number ticks from 0 (Plotly would tick 0.2, 0.4… for a count of 1)."""
    axis = dict(axis, rangemode="tozero", tickformat="d")
    if largest <= 10:
        axis["dtick"] = 1
    return axis
