"""Plotly figures for Rebound: one shared template and a colour-blind-safe palette.

Figure builders live in the modules of this package (one per topic) and take
plain pandas frames; pages only place the figure and its one-line summary.
"""

from __future__ import annotations

import copy

import plotly.graph_objects as go
import plotly.io as pio

# Okabe–Ito: distinguishable with the common kinds of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TEMPLATE_NAME = "rebound"

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=go.Layout(
        colorway=PALETTE,
        font=dict(family="Source Sans Pro, sans-serif", size=14, color="#1f2a2a"),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        margin=dict(l=10, r=10, t=40, b=10),
        xaxis=dict(gridcolor="#e3e7e3", zeroline=False),
        yaxis=dict(gridcolor="#e3e7e3", zeroline=False),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(font_size=13),
    )
)


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
