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
        margin=dict(l=60, r=24, t=96, b=48),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=14), bgcolor="white"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", title_text=""),
        xaxis=dict(showgrid=False, linecolor="#9aa5b1", ticks="outside", automargin=True),
        yaxis=dict(gridcolor="#e4e7eb", zeroline=False, automargin=True),
        separators=".,",
    )
)

# The meeting screen (/meeting): a dark projector variant with room-sized type. The data colours
# are the desk's (same colourway, region, stage and theme colours); only the colourway's black,
# invisible on a dark background, becomes light grey. Marks get a light outline there, so even
# the darker data colours stand out against the background.
TEMPLATE_DARK = "govdash_dark"
DARK_BG = "#0f1623"
DARK_TEXT = "#f1f5f9"
DARK_MUTED = "#b8c4d3"
DARK_GRID = "#334155"

pio.templates[TEMPLATE_DARK] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=24, color=DARK_TEXT),
        title=dict(font=dict(size=32), x=0, xanchor="left", y=0.98, yanchor="top", yref="container"),
        colorway=[DARK_TEXT if c == "#000000" else c for c in COLORWAY],
        paper_bgcolor=DARK_BG,
        plot_bgcolor=DARK_BG,
        margin=dict(l=24, r=48, t=110, b=64),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=20), bgcolor="#1e293b"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", title_text="",
                    font=dict(size=24)),
        xaxis=dict(showgrid=True, gridcolor=DARK_GRID, linecolor=DARK_MUTED, ticks="outside", automargin=True,
                   tickfont=dict(size=22, color=DARK_MUTED), title=dict(font=dict(size=22, color=DARK_MUTED)),
                   zeroline=False),
        yaxis=dict(showgrid=False, linecolor=DARK_MUTED, automargin=True, tickfont=dict(size=24, color=DARK_TEXT),
                   title=dict(font=dict(size=22, color=DARK_MUTED)), zeroline=False),
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


def show(fig: go.Figure, *, key: str | None = None, height: int | None = None, template: str = TEMPLATE,
         config: dict | None = None) -> None:
    """Render a figure with the house template (or its dark variant) and config."""
    fig.update_layout(template=template)
    if height:
        fig.update_layout(height=height)
    st.plotly_chart(fig, theme=None, config={**PLOTLY_CONFIG, **(config or {})}, key=key)


# --- figure factories ------------------------------------------------------------------------
# Every factory takes figures as read from `facts` (plus a formatted `label`) and returns a
# go.Figure in the house template. Hover always shows value, unit, period and source.

REGION_PALETTE = [
    "#1f5fa8", "#d9822b", "#2e8b57", "#b23a48", "#7b5ea7", "#3aa6b9", "#8c6d31", "#c75d9a",
    "#4d4d4d", "#6b8e23",
]
STAGE_COLORS = {
    "整改前": "#9aa5b1", "改革前": "#9aa5b1", "现状": "#1f5fa8", "整改后": "#2e8b57", "改革后": "#2e8b57",
    "对标": "#d9822b", "目标": "#7b5ea7",
}
# Bounds are drawn as open triangles so a 「超过 95%」 never looks like an exact 95%.
BOUND_SYMBOLS = {"exact": "circle", "lower": "triangle-up-open", "upper": "triangle-down-open", "approx": "diamond-open"}
HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>期间：%{customdata[2]}<br>"
    "来源：%{customdata[3]}<br>原文：%{customdata[4]}<extra></extra>"
)


def region_colors(regions: list[str]) -> dict[str, str]:
    """A fixed colour per region: the position in the warehouse's full region list decides it,
    so a region keeps its colour on every page whatever the filter."""
    return {r: REGION_PALETTE[i % len(REGION_PALETTE)] for i, r in enumerate(regions)}


def _short(text: str, n: int = 60) -> str:
    text = str(text or "")
    return text if len(text) <= n else text[: n - 1] + "…"


def hover_data(df) -> list[list[str]]:
    """customdata rows for HOVER: title, value label, period, source, evidence."""
    return [
        [f"{r.indicator}｜{r.region}" + (f"·{r.org_unit}" if isinstance(r.org_unit, str) and r.org_unit else ""),
         r.label + ("（界限值）" if r.bound != "exact" else ""), r.period_label,
         f"{r.doc_no}《{_short(r.source_title, 28)}》", _short(r.evidence)]
        for r in df.itertuples()
    ]


LEGEND_ABOVE_MAX = 4  # more entries than this would wrap into the title band: the legend goes to the right


def _layout(fig: go.Figure, title: str, height: int | None = None) -> go.Figure:
    fig.update_layout(template=TEMPLATE, title_text=title)
    entries = sum(1 for t in fig.data if t.showlegend is not False)
    if entries > LEGEND_ABOVE_MAX:
        fig.update_layout(legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top"), margin_t=64)
    if height:
        fig.update_layout(height=height)
    return fig


TREND_LABELLED_LINES = 3  # up to this many lines, every point carries its value


def _newest_only(labels) -> list[str]:
    """Many lines on one chart: only each line's newest value is written (hover shows every one)."""
    return [""] * (len(labels) - 1) + [labels.iloc[-1]]


def trend_chart(df, title: str, color_by: str = "series", colors: dict | None = None) -> go.Figure:
    """Values over periods, one line per series; markers show stage-independent bounds."""
    fig = go.Figure()
    crowded = df[color_by].nunique() > TREND_LABELLED_LINES
    for name, g in df.sort_values("period_end_on").groupby(color_by, sort=False):
        colour = (colors or {}).get(name)
        text = _newest_only(g["label"]) if crowded else g["label"]
        fig.add_trace(go.Scatter(
            x=g["period_end_on"], y=g["value"], name=str(name), mode="lines+markers+text",
            text=text, textposition="top center", textfont=dict(size=13),
            line=dict(color=colour, width=3), marker=dict(size=11, color=colour,
                                                          symbol=[BOUND_SYMBOLS[b] for b in g["bound"]]),
            customdata=hover_data(g), hovertemplate=HOVER,
        ))
    unit = df["unit"].iloc[0] if len(df) else ""
    fig.update_yaxes(title_text=unit, rangemode="tozero")
    # Chinese dates on the axis (Plotly's default ticks read "Jan 2021"); hover shows period_label
    fig.update_xaxes(title_text="期间（截止日期）", tickformat="%Y年%-m月")
    return _layout(fig, title, 420)


def before_after_chart(pairs, title: str) -> go.Figure:
    """Dumbbell chart: grey before point, green after point, one row per series (one unit)."""
    pairs = pairs.iloc[::-1]
    labels = [_short(s, 34) for s in pairs["series"]]
    fig = go.Figure()
    # every connector in one trace, the rows separated by gaps (None)
    fig.add_trace(go.Scatter(
        x=[v for x0, x1 in zip(pairs["before_value"], pairs["after_value"], strict=True) for v in (x0, x1, None)],
        y=[v for y in labels for v in (y, y, None)],
        mode="lines", line=dict(color="#c3cad2", width=6), showlegend=False, hoverinfo="skip"))
    for side, colour in (("before", "#9aa5b1"), ("after", "#2e8b57")):
        custom = [[s, lbl, per, f"{doc}", _short(ev)] for s, lbl, per, doc, ev in zip(
            pairs["series"], pairs[f"{side}_label"], pairs[f"{side}_period"], pairs["doc_no"], pairs[f"{side}_evidence"],
            strict=True)]
        fig.add_trace(go.Scatter(
            x=pairs[f"{side}_value"], y=labels, mode="markers+text", name="整改/改革前" if side == "before" else "整改/改革后",
            marker=dict(size=18, color=colour, symbol=[BOUND_SYMBOLS[b] if b != "exact" else "circle"
                                                        for b in pairs[f"{side}_bound"]], line=dict(width=2, color=colour)),
            text=pairs[f"{side}_label"], textposition="top center", textfont=dict(size=13),
            customdata=custom, hovertemplate=HOVER,
        ))
    unit = pairs["unit"].iloc[0]
    fig.update_xaxes(title_text=unit, rangemode="tozero" if unit != "名" else None,
                     autorange="reversed" if unit == "名" else True)
    return _layout(fig, title, max(260, 90 + 70 * len(pairs)))


def rank_chart(df, title: str) -> go.Figure:
    """Rank trajectory: axis inverted (1st at the top), 'out of N' in the legend and hover."""
    fig = go.Figure()
    max_total = 1
    crowded = df["series"].nunique() > TREND_LABELLED_LINES
    for name, g in df.sort_values("period_end_on").groupby("series", sort=False):
        total = g["rank_total"].dropna()
        out_of = f"（共{int(total.iloc[-1])}个）" if len(total) else "（总数未说明）"
        max_total = max(max_total, int(total.max()) if len(total) else int(g["value"].max()))
        fig.add_trace(go.Scatter(
            x=g["period_label"], y=g["value"], name=f"{name}{out_of}", mode="lines+markers+text",
            text=_newest_only(g["label"]) if crowded else g["label"], textposition="top center", textfont=dict(size=13),
            marker=dict(size=12, symbol=[BOUND_SYMBOLS[b] for b in g["bound"]]), line=dict(width=3),
            customdata=hover_data(g), hovertemplate=HOVER,
        ))
    fig.update_yaxes(autorange=False, range=[max_total + 0.5, 0.5], title_text="名次（越靠上越好）")
    fig.update_layout(showlegend=True)
    fig.update_xaxes(type="category", title_text="期间")
    return _layout(fig, title, 420)


LEGEND_MAX = 10  # more colour groups than this: no legend (each bar's label names its group already)


def bar_chart(df, title: str, x: str, colors: dict | None = None, color_by: str = "region",
              horizontal: bool = False, legend: bool | None = None) -> go.Figure:
    """Bars of one indicator and unit: one bar per x category, coloured by `color_by`.

    `legend`: None shows one when there are at most LEGEND_MAX colour groups. Without a legend
    and with one bar per category, all bars are one trace with a colour per bar: the same
    picture, and far less for Plotly to lay out than a trace per group."""
    names = list(dict.fromkeys(df[color_by]))
    # per-bar colours for the one-trace case; with a trace per group, a group without a colour
    # takes the template's colourway instead (the dark template's differs)
    palette = {n: (colors or {}).get(n) or COLORWAY[i % len(COLORWAY)] for i, n in enumerate(names)}
    # Side by side only where a category has bars of several colours; otherwise each bar takes its
    # category's full width (grouping 30 single-region categories would leave 29 empty slots each).
    grouped = bool(len(df)) and df.groupby(x)[color_by].nunique().max() > 1
    legend = len(names) <= LEGEND_MAX if legend is None else legend
    fig = go.Figure()
    for name, g in ((None, df),) if not (legend or grouped) else df.groupby(color_by, sort=False):
        kwargs = dict(x=g["value"], y=g[x], orientation="h") if horizontal else dict(x=g[x], y=g["value"])
        fig.add_trace(go.Bar(
            name=None if name is None else str(name), text=g["label"], textposition="outside", cliponaxis=False,
            marker=dict(color=[palette[n] for n in g[color_by]] if name is None else (colors or {}).get(name),
                        pattern=dict(shape=["/" if b != "exact" else "" for b in g["bound"]])),
            customdata=hover_data(g), hovertemplate=HOVER, **kwargs,
        ))
    fig.update_layout(barmode="group" if grouped else "overlay", showlegend=legend)
    unit = df["unit"].iloc[0] if len(df) else ""
    (fig.update_xaxes if horizontal else fig.update_yaxes)(title_text=unit)
    return _layout(fig, title, max(380, 60 * df[x].nunique() + 120) if horizontal else 420)
