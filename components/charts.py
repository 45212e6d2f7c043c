"""The one way a page shows a chart: Rebound's own template (not Streamlit's theme), no toolbar."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from rebound.charts import CONFIG


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, key=key, theme=None, config=CONFIG)
