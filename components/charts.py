"""The one way a page shows a chart: Rebound's own template (not Streamlit's theme), no toolbar."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import plotly.graph_objects as go
import streamlit as st

from rebound import i18n
from rebound.charts import CONFIG


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, key=key, theme=None, config=CONFIG)


def figure(ws_id: str, key: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    """A figure made once per journal content and view (``key``: what it is drawn from, e.g. the journal's
    revision and the period) and per locale (its words, dates and number separators), for this session
    only: a rerun (a table opened, a choice changed) gets it back instead of building it again.
    Measured with Plotly 6: unpickling a cached figure takes 2-4 ms, building one 5-15 ms."""
    return _figure(ws_id, i18n.current_locale(), key, _build)


@st.cache_data(scope="session", show_spinner=False, max_entries=48)
def _figure(ws_id: str, locale: str, key: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    return _build()


@contextlib.contextmanager
def table_expander(label: str, key: str) -> Iterator[bool]:
    """An expander for a chart's table that says whether it is open: put the table inside only then.

    Most visits never open it, and a closed expander's content would otherwise be made and sent on
    every run. Opening or closing it reruns the page (its state lives in ``st.session_state[key]``).
    """
    with st.expander(label, key=key, on_change="rerun") as box:
        yield bool(box.open)
