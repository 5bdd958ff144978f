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

# One fixed colour per theme, the same on every page (12 distinct hues).
THEME_COLORS = {
    "一网通办": "#0072B2",
    "好差评": "#E69F00",
    "互联网+监管": "#009E73",
    "投诉与热线": "#D55E00",
    "营商环境": "#CC79A7",
    "窗口服务": "#56B4E9",
    "企业开办": "#B8A800",
    "工程建设审批": "#7B3F9E",
    "公共资源交易": "#8C564B",
    "政务数据": "#17BECF",
    "队伍与作风": "#5C6B73",
    "其他": "#B0B0B0",
}

TEMPLATE = "govdash"

pio.templates[TEMPLATE] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=15, color="#1f2933"),
        # Title at the top of the container, legend in its own band just above the plot area,
        # so a long legend never runs into the title.
        title=dict(font=dict(size=20), x=0, xanchor="left", y=0.98, yanchor="top", yref="container"),
        colorway=COLORWAY,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=60, r=24, t=110, b=48),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=14), bgcolor="white"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", title_text=""),
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
