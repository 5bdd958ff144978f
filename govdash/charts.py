"""The house chart style, in one place: a Plotly template and one render helper.

`import streamlit` resets plotly.io.templates.default, so every figure names TEMPLATE
explicitly instead of relying on the default.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

# Windows (微软雅黑, 黑体), macOS (苹方), Linux (Noto Sans CJK / 思源黑体, 文泉驿): the first
# one installed wins, so Chinese labels never fall back to boxes.
FONT_FAMILY = (
    "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', "
    "'WenQuanYi Micro Hei', SimHei, sans-serif"
)

# Colour-blind-safe qualitative palette (Okabe–Ito order, then muted extras).
COLORWAY = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
    "#000000", "#7F7F7F", "#8C564B",
]

TEMPLATE = "govdash"

pio.templates[TEMPLATE] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=15, color="#1f2933"),
        title=dict(font=dict(size=20), x=0, xanchor="left"),
        colorway=COLORWAY,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=60, r=24, t=56, b=48),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=14), bgcolor="white"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, title_text=""),
        xaxis=dict(showgrid=False, linecolor="#9aa5b1", ticks="outside", automargin=True),
        yaxis=dict(gridcolor="#e4e7eb", zeroline=False, automargin=True),
        separators=".,",
    )
)

# Plotly's modebar: no logo, no "edit in Chart Studio" link, nothing that reaches the internet.
# topojsonURL points at the app's own static folder so a geo chart never fetches from a CDN.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "showLink": False,
    "showEditInChartStudio": False,
    "showSendToCloud": False,
    "topojsonURL": "app/static/topojson/",
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "toggleSpikelines"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def show(fig: go.Figure, *, key: str | None = None, height: int | None = None) -> None:
    """Render a figure with the house template and config."""
    fig.update_layout(template=TEMPLATE)
    if height:
        fig.update_layout(height=height)
    st.plotly_chart(fig, theme=None, config=PLOTLY_CONFIG, key=key)
