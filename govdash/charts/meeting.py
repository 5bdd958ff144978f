"""Figure factories for the meeting screen's dark projector theme (TEMPLATE_DARK): room-sized
type, marks outlined so even the darker data colours stand out. No Streamlit here."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from govdash.charts.style import BOUND_PATTERN, DARK_TEXT, TEMPLATE_DARK

CHART_HEIGHT = 780


def window_unit_bars(g: pd.DataFrame, unit: str, order: list[str], names: dict[str, str]) -> go.Figure:
    """Window units side by side for the indicators of one unit of measure (件, 项 …): one bar per
    unit and indicator, units listed in `order` (their display names, grade included, from
    `names`), a missing bar where the document gives no figure."""
    units = [u for u in names if names[u] in order]
    fig = go.Figure()
    for indicator, gi in g.groupby("indicator", sort=False):
        gi = gi.set_index("org_unit").reindex(units).dropna(subset=["value"]).reset_index()
        fig.add_trace(go.Bar(
            y=[names[u] for u in gi["org_unit"]], x=gi["value"], name=f"{indicator}（{gi['period_label'].iloc[0]}）",
            orientation="h", text=gi["label"], textposition="outside", cliponaxis=False, textfont=dict(size=24),
            constraintext="none",
            marker=dict(line=dict(color=DARK_TEXT, width=1.5),
                        pattern=dict(shape=[BOUND_PATTERN if b != "exact" else "" for b in gi["bound"]])),
            hovertemplate="%{y}：%{text}<extra>%{fullData.name}</extra>",
        ))
    fig.update_layout(template=TEMPLATE_DARK, barmode="group", height=CHART_HEIGHT, bargap=0.12,
                      title_text=f"单位：{unit}",
                      legend=dict(orientation="v", y=1.0, yanchor="bottom", x=0, traceorder="reversed"))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    fig.update_xaxes(title_text=unit, rangemode="tozero")
    return fig
