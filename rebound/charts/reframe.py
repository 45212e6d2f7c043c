"""Before/after intensity across thought records: a dumbbell per record."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from rebound import i18n
from rebound.charts import PALETTE, date_axis, figure
from rebound.i18n import _

BEFORE_COLOUR, AFTER_COLOUR, LINK_COLOUR = PALETTE[5], PALETTE[0], "#9aa5a5"


def before_after(df: pd.DataFrame) -> go.Figure:
    """Each thought record as two dots joined by a line: the feeling before and after.

    ``df`` is :func:`rebound.reframe.shifts_frame` output (oldest first).
    """
    fig = figure(
        yaxis=dict(title=_("Intensity (0–100)"), range=[-5, 105]),
        xaxis=dict(title=_("Date of the thought record")),
        hovermode="closest",
        height=360,
    )
    if df.empty:
        return fig
    dates = df["date"].dt.strftime("%Y-%m-%d").tolist()
    before = df["intensity_before"].tolist()
    after = df["intensity_after"].tolist()
    # One trace for all links (None breaks the line between records): cheap with hundreds of records.
    xs, ys = [], []
    for d, b, a in zip(dates, before, after, strict=True):
        xs += [d, d, None]
        ys += [b, a, None]
    fig.add_trace(
        go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=LINK_COLOUR, width=2), hoverinfo="skip", showlegend=False)
    )
    custom = df["shift"].tolist()
    when = [i18n.format_date(d.date(), "date") for d in df["date"]]
    fig.add_trace(
        go.Scatter(
            x=dates,
            y=before,
            mode="markers",
            name=_("Before"),
            marker=dict(color=BEFORE_COLOUR, size=10, symbol="circle"),
            customdata=custom,
            hovertext=when,
            hovertemplate="%{hovertext}<br>"
            + _("Before: {value}", value="%{y}")
            + "<br>"
            + _("Eased by {points}", points="%{customdata}")
            + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=dates,
            y=after,
            mode="markers",
            name=_("After"),
            marker=dict(color=AFTER_COLOUR, size=10, symbol="diamond"),
            customdata=custom,
            hovertext=when,
            hovertemplate="%{hovertext}<br>"
            + _("After: {value}", value="%{y}")
            + "<br>"
            + _("Eased by {points}", points="%{customdata}")
            + "<extra></extra>",
        )
    )
    return date_axis(fig, dates)
