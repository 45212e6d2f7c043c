"""The one way a page shows a chart: Rebound's own template (not Streamlit's theme), no toolbar."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import plotly.graph_objects as go
import streamlit as st

from rebound.charts import CONFIG


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, key=key, theme=None, config=CONFIG)


@contextlib.contextmanager
def table_expander(label: str, key: str) -> Iterator[bool]:
    """An expander for a chart's table that says whether it is open: put the table inside only then.

    Most visits never open it, and a closed expander's content would otherwise be made and sent on
    every run. Opening or closing it reruns the page (its state lives in ``st.session_state[key]``).
    """
    with st.expander(label, key=key, on_change="rerun") as box:
        yield bool(box.open)
