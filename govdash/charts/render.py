"""The one way a figure reaches a page: the house template (or its dark variant) and the
offline Plotly config, set once here."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from govdash.charts.style import PLOTLY_CONFIG, TEMPLATE


def show(fig: go.Figure, *, key: str | None = None, height: int | None = None, template: str = TEMPLATE,
         config: dict | None = None) -> None:
    """Render a figure with the house template (or its dark variant) and config."""
    fig.update_layout(template=template)
    if height:
        fig.update_layout(height=height)
    st.plotly_chart(fig, theme=None, config={**PLOTLY_CONFIG, **(config or {})}, key=key)
