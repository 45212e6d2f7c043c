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

from rebound import i18n

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
    it by name re-validated and deep-copied it for every figure, and even assigning it with
    validation off still rebuilt Plotly's Template object: together most of a small figure's cost
    (12 ms of 14 on this machine). The validated template's JSON goes into the layout's data,
    from which Plotly makes ``fig.layout.template`` when it is read; the figure's JSON is the same
    either way (tested).
    """
    # Numbers (ticks, hover values) with the person's decimal and group symbols: 1.234,5 in German.
    layout.setdefault("separators", i18n.plotly_separators())
    fig = go.Figure(layout=go.Layout(title=title, **layout))
    props = getattr(fig.layout, "_props", None)
    if isinstance(props, dict):
        props["template"] = copy.deepcopy(_TEMPLATE)
        return fig
    fig._validate = False  # another Plotly: its own switch, only around this one assignment
    try:
        fig.layout.template = copy.deepcopy(_TEMPLATE)
    finally:
        fig._validate = True
    return fig


def date_axis(fig: go.Figure, dates: Iterable[str | None], step_days: int = 1) -> go.Figure:
    """A date x axis that ticks in days (never hours or milliseconds), even for a single day of data.

    ``dates`` are the ISO days drawn; ``step_days`` is what one bar or column covers (7 for weeks).
    The tick labels are written by Babel in the person's locale ("3 Mar" · "3. März" · "3 mar"),
    never by Plotly (whose month names are English only): ``tickvals`` and ``ticktext``.
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
        # Ticks on the first day drawn (weeks tick on the days they start), every ``step`` days either side.
        first = days[0] - dt.timedelta(days=step * ((days[0] - lo).days // step))
        ticks = [first + dt.timedelta(days=step * i) for i in range((hi - first).days // step + 1)]
        # Half a day more on each side: no tick sits on the plot's edge, where the y labels are.
        fig.update_xaxes(
            range=[f"{(lo - dt.timedelta(days=1)).isoformat()} 12:00", f"{hi.isoformat()} 12:00"],
            dtick=DAY_MS * step,
            tick0=days[0].isoformat(),
        )
        return _ticks(fig, ticks, "day_month")
    ticks, form = _long_ticks(days[0], days[-1], step_days)
    return _ticks(fig, ticks, form)


def _ticks(fig: go.Figure, ticks: list[dt.date], form: str) -> go.Figure:
    fig.update_xaxes(
        tickmode="array",
        tickvals=[d.isoformat() for d in ticks],
        ticktext=[i18n.format_date(d, form) for d in ticks],
    )
    return fig


MAX_TICKS = 8  # a chart sits in half the page: about 8 labels fit ("3. März" is about 50 px)


def _long_ticks(first: dt.date, last: dt.date, step_days: int = 1) -> tuple[list[dt.date], str]:
    """Ticks for two weeks of days or more: weeks (on the first day drawn) up to four months, then months."""
    span = (last - first).days
    if span <= 7 * 7 * 2:
        weeks = 1 if span <= 7 * (MAX_TICKS - 1) else 2
        step = dt.timedelta(days=7 * weeks)
        ticks = [first + step * i for i in range(span // step.days + 2)]
        return [d for d in ticks if d <= last + step], "day_month"
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    every = next((m for m in (1, 2, 3, 4, 6, 12) if m * MAX_TICKS >= months), 12 * -(-months // (12 * MAX_TICKS)))
    index = first.year * 12 + first.month - 1 + (first.day > 1)  # months since year 0; the first whole month
    if every >= 12:
        index = -(-index // 12) * 12  # Januaries
    ticks = []
    while (day := dt.date(index // 12, index % 12 + 1, 1)) <= last:
        ticks.append(day)
        index += every
    return ticks or [first], "month"


def weekday_names() -> list[str]:
    """The days of the week, abbreviated, from the locale's first day (Mon … Sun · Mo. … So.)."""
    from babel.dates import get_day_names

    names = get_day_names("abbreviated", locale=i18n.babel_locale())
    first = i18n.first_weekday()
    return [names[(first + i) % 7] for i in range(7)]


def whole_numbers(axis: dict, largest: float) -> dict:
    """Axis settings for counts: whole-number ticks from 0 (Plotly would tick 0.2, 0.4… for a count of 1)."""
    axis = dict(axis, rangemode="tozero", tickformat="d")
    if largest <= 10:
        axis["dtick"] = 1
    return axis
