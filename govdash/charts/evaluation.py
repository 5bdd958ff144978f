"""Figure factories for 民主评议: a round's results shown to the room (scores, grades, spread)
and the published window units' normalised profiles. No Streamlit here."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from govdash.charts.figures import bar_chart
from govdash.charts.style import (
    BLUE,
    COMPLAINT_COLORS,
    GRADE_COLORS,
    GREY,
    GRID,
    INK,
    INK_SOFT,
    SCORE_SCALE,
    TEMPLATE,
)
from govdash.evaluation.rounds import RoundSpec
from govdash.labels import shorten


def grade_colors(spec: RoundSpec) -> dict[str, str]:
    return {g.name: GRADE_COLORS[min(i, len(GRADE_COLORS) - 1)] for i, g in enumerate(spec.grades)}


def results_chart(summary: pd.DataFrame, spec: RoundSpec) -> go.Figure:
    """Each unit's overall mean (best at the top) coloured by its grade, the spread between
    evaluators as a whisker (± one standard deviation), the grade thresholds as dashed lines.
    Large type: it is shown to the room."""
    s = summary.dropna(subset=["mean_score"])
    colours = grade_colors(spec)
    fig = go.Figure(go.Bar(  # bars start at the scale's lowest score, not at 0
        x=s["mean_score"] - spec.scale_min, base=spec.scale_min, y=s["unit"], orientation="h",
        marker=dict(color=[colours.get(g, GREY) for g in s["grade"]]),
        error_x=dict(type="data", array=s["sd_score"].fillna(0), color=INK, thickness=1.5, width=6),
        text=[f"{m:.2f} 分　{g}" for m, g in zip(s["mean_score"], s["grade"], strict=True)],
        textposition="inside", insidetextanchor="start", textfont=dict(size=24, color="white"),
        customdata=list(zip(s["ballots"], s["sd_score"].fillna(0), s["mean_score"], strict=True)),
        hovertemplate="<b>%{y}</b><br>平均 %{customdata[2]:.2f} 分，标准差 %{customdata[1]:.2f}，%{customdata[0]} 张<extra></extra>",
    ))
    for g in spec.grades[:-1]:
        fig.add_vline(x=g.min_score, line=dict(color=INK_SOFT, dash="dash", width=2),
                      annotation=dict(text=f"{g.name} ≥ {g.min_score:g}", font=dict(size=18), yanchor="bottom"),
                      annotation_position="top")
    fig.update_xaxes(range=[spec.scale_min, spec.scale_max], title_text=f"综合平均分（{spec.scale_text} 分）",
                     tickfont=dict(size=18), showgrid=True, gridcolor=GRID)
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=22))
    fig.update_layout(template=TEMPLATE, title_text=f"{spec.title}：综合得分与等次",
                      title_font=dict(size=26), showlegend=False, height=190 + 80 * len(s),
                      margin=dict(l=20, r=30, t=120, b=60))
    return fig


def criteria_heatmap(summary: pd.DataFrame, spec: RoundSpec) -> go.Figure:
    """unit × criterion mean scores (all evaluators), the number written in each cell."""
    s = summary.dropna(subset=["mean_score"])
    z = [[row[f"criterion:{c}"] for c in spec.criteria] for _, row in s.iterrows()]
    fig = go.Figure(go.Heatmap(
        z=z, x=list(spec.criteria), y=list(s["unit"]), zmin=spec.scale_min, zmax=spec.scale_max,
        colorscale=SCORE_SCALE,
        text=[[f"{v:.2f}" for v in r] for r in z], texttemplate="%{text}", textfont=dict(size=20),
        colorbar=dict(title=dict(text="平均分")),
        hovertemplate="<b>%{y}</b>｜%{x}<br>平均 %{z:.2f} 分<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=18))
    fig.update_xaxes(side="top", tickfont=dict(size=18))
    fig.update_layout(template=TEMPLATE, title_text="各测评项目平均分（全体评议人）", height=200 + 60 * len(s),
                      margin=dict(l=20, r=20, t=130, b=20))
    return fig


def profile_grid(prof: pd.DataFrame, units: list[str], measures: list[str], grades: dict[str, str]) -> go.Figure:
    """Small multiples: every unit's profile, three to a row, on the same axes."""
    cols = 3 if len(units) > 4 else max(1, len(units))
    rows = -(-len(units) // cols)
    titles = [f"{u}（{grades[u]}）" if u in grades else u for u in units]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, shared_yaxes=True,
                        horizontal_spacing=0.06, vertical_spacing=0.5 / max(rows, 1) / 2)
    labels = [shorten(m, 12) for m in measures]
    for i, unit in enumerate(units):
        g = prof[prof["org_unit"] == unit].set_index("measure").reindex(measures)
        present = g["score_pct"].notna()
        fig.add_trace(go.Bar(
            x=g["score_pct"].fillna(0), y=labels, orientation="h", showlegend=False,
            marker=dict(color=[BLUE if bool(d) else GREY for d in g["is_good_direction"].fillna(False)]),
            text=[lbl if ok else "未说明" for lbl, ok in zip(g["label"].fillna(""), present, strict=True)],
            textposition="outside", cliponaxis=False, textfont=dict(size=13),
            customdata=[[unit, m, lbl if ok else "原文未给出", f"{s:.0f}" if ok else "—"] for m, lbl, ok, s in
                        zip(measures, g["label"].fillna(""), present, g["score_pct"].fillna(0), strict=True)],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}：%{customdata[2]}<br>换算分：%{customdata[3]}<extra></extra>",
        ), row=i // cols + 1, col=i % cols + 1)
    fig.update_xaxes(range=[0, 140], tickvals=[0, 50, 100], showgrid=True, gridcolor=GRID)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(template=TEMPLATE, title_text="各单位指标画像（换算为 0–100，条越长越好）",
                      height=120 + rows * (60 + 40 * len(measures)), margin=dict(l=10, r=30, t=110, b=30))
    return fig


def unit_bars(g: pd.DataFrame, unit_of_measure: str, colors: dict[str, str]) -> go.Figure:
    """Window units side by side for each indicator of one unit of measure (window_units.indicator_bars)."""
    return bar_chart(g, f"按指标分组：各窗口单位（单位：{unit_of_measure}）", x="measure", color_by="org_unit", colors=colors)


def complaint_bars(complaints: pd.DataFrame, units: list[str]) -> go.Figure:
    """Complaints received / answered / unanswered / overdue per unit (window_units.complaint_measures)."""
    periods = "、".join(sorted(complaints["period_label"].unique()))
    fig = bar_chart(complaints, f"收到 / 回复 / 未回复 / 超期办件（件，{periods}）", x="org_unit",
                    color_by="measure", colors=COMPLAINT_COLORS)
    fig.update_xaxes(categoryorder="array", categoryarray=units)
    return fig
