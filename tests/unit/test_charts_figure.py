"""charts.figure: the shared template without re-validating it per figure, same JSON as the slow way."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from rebound import charts, i18n


def slow_figure(title=None, **layout) -> go.Figure:
    fig = go.Figure()
    # charts.figure also sets the locale's number separators (1.234,5 in German)
    fig.update_layout(template=charts.TEMPLATE_NAME, title=title, separators=i18n.plotly_separators(), **layout)
    return fig


def spec(fig: go.Figure) -> dict:
    """The figure as Plotly.js gets it, without empty objects (``title: {}`` is no title)."""

    def prune(v):
        if isinstance(v, dict):
            return {k: prune(x) for k, x in v.items() if x != {}}
        return [prune(x) for x in v] if isinstance(v, list) else v

    return prune(json.loads(pio.to_json(fig, validate=False)))


def test_same_json_as_applying_the_template_by_name():
    layout = dict(height=380, margin=dict(l=8, r=8, t=8, b=8), xaxis=dict(automargin=True), barmode="stack")
    for title in (None, "Effort"):
        fast, slow = charts.figure(title, **layout), slow_figure(title, **layout)
        fast.add_trace(go.Bar(x=["a"], y=[1]))
        slow.add_trace(go.Bar(x=["a"], y=[1]))
        assert spec(fast) == spec(slow)
    assert charts.figure().layout.template.layout.colorway == tuple(charts.PALETTE)


def test_layout_arguments_are_still_validated():
    try:
        charts.figure(height="tall")
    except ValueError:
        return
    raise AssertionError("an invalid layout value was accepted")


def test_figures_do_not_share_their_template():
    a, b = charts.figure(), charts.figure()
    a.layout.template.layout.font.size = 40
    assert b.layout.template.layout.font.size == 14
    assert charts.figure().layout.template.layout.font.size == 14
