"""Figure factories for the desk pages. Every factory takes figures as read from `facts` (plus a
formatted `label`) or a query's rows, and returns a go.Figure in the house template
(charts/style.py). Hover always shows value, unit, period and source. No Streamlit here.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from govdash.charts.style import (
    BOUND_PATTERN,
    BOUND_SYMBOLS,
    COLORWAY,
    CONNECTOR,
    COVERAGE_SCALE,
    GOOD,
    GREY,
    PROBLEM_STATUS_COLORS,
    TEMPLATE,
    THEME_COLORS,
)
from govdash.labels import GRADE_CODE_NOTE, region_unit, shorten
from govdash.safe import html
from govdash.vocabulary import GRADE_UNIT

HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>期间：%{customdata[2]}<br>"
    "来源：%{customdata[3]}<br>原文：%{customdata[4]}%{customdata[5]}<extra></extra>"
)


def figure_remark(r) -> str:
    """What a reader must know besides the value: doubt (存疑), arithmetic (推算), a coded grade."""
    parts = []
    if isinstance(getattr(r, "doubt_reason", None), str):
        parts.append(f"存疑：{r.doubt_reason}")
    if isinstance(getattr(r, "derivation", None), str):
        parts.append(r.derivation)
    if getattr(r, "unit", None) == GRADE_UNIT:
        parts.append(GRADE_CODE_NOTE)
    return "；".join(parts)


def hover_data(df) -> list[list[str]]:
    """customdata rows for HOVER: title, value label, period, source, evidence, remark. Every piece
    is HTML-escaped: Plotly renders hover text as (a subset of) HTML, links included."""
    rows = []
    for r in df.itertuples():
        remark = figure_remark(r)
        rows.append([html(v) for v in (
            f"{r.indicator}｜{region_unit(r.region, r.org_unit)}", r.label + ("（界限值）" if r.bound != "exact" else ""),
            r.period_label, f"{r.doc_no}《{shorten(r.source_title, 28)}》", shorten(r.evidence))]
            + [f"<br>{html(shorten(remark, 80))}" if remark else ""])
    return rows


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
YTD_MARK = "*"  # a year so far (年内截至某时的累计数), never shown as if it were the whole year


def _newest_only(labels) -> list[str]:
    """Many lines on one chart: only each line's newest value is written (hover shows every one)."""
    return [""] * (len(labels) - 1) + [labels.iloc[-1]]


def trend_chart(df, title: str, color_by: str = "series", colors: dict | None = None) -> go.Figure:
    """Values over periods, one line per series; markers show stage-independent bounds."""
    fig = go.Figure()
    crowded = df[color_by].nunique() > TREND_LABELLED_LINES
    for name, g in df.sort_values("period_end_on").groupby(color_by, sort=False):
        colour = (colors or {}).get(name)
        labels = g["label"] + (g["is_year_to_date"].map({True: YTD_MARK}).fillna("") if "is_year_to_date" in g else "")
        text = _newest_only(labels) if crowded else labels
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
    labels = [shorten(s, 34) for s in pairs["series"]]
    fig = go.Figure()
    # every connector in one trace, the rows separated by gaps (None)
    fig.add_trace(go.Scatter(
        x=[v for x0, x1 in zip(pairs["before_value"], pairs["after_value"], strict=True) for v in (x0, x1, None)],
        y=[v for y in labels for v in (y, y, None)],
        mode="lines", line=dict(color=CONNECTOR, width=6), showlegend=False, hoverinfo="skip"))
    for side, colour in (("before", GREY), ("after", GOOD)):
        custom = [[html(s), html(lbl), html(per), html(doc), html(shorten(ev)), ""] for s, lbl, per, doc, ev in zip(
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


def _with_gaps(values: list, breaks: list[bool], gap) -> list:
    """`values` with `gap` inserted before every position whose break flag is set."""
    out = []
    for value, brk in zip(values, breaks, strict=True):
        if brk:
            out.append(gap)
        out.append(value)
    return out


def rank_chart(df, title: str) -> go.Figure:
    """Rank trajectory: axis inverted (1st at the top), 'out of N' in the legend and hover. Two
    neighbouring ranks are joined by the line only when both totals are known (可比规则); where a
    total is not given, the line breaks and the points stand alone."""
    fig = go.Figure()
    max_total = 1
    crowded = df["series"].nunique() > TREND_LABELLED_LINES
    for name, g in df.sort_values("period_end_on").groupby("series", sort=False):
        total = g["rank_total"].dropna()
        out_of = f"（共{int(total.iloc[-1])}个）" if len(total) else "（总数未说明）"
        max_total = max(max_total, int(total.max()) if len(total) else int(g["value"].max()))
        known = g["rank_total"].notna().tolist()
        breaks = [i > 0 and not (known[i] and known[i - 1]) for i in range(len(known))]
        text = list(_newest_only(g["label"]) if crowded else g["label"])
        fig.add_trace(go.Scatter(
            x=_with_gaps(list(g["period_label"]), breaks, None), y=_with_gaps(list(g["value"]), breaks, None),
            name=f"{name}{out_of}", mode="lines+markers+text", connectgaps=False,
            text=_with_gaps(text, breaks, ""), textposition="top center", textfont=dict(size=13),
            marker=dict(size=12, symbol=_with_gaps([BOUND_SYMBOLS[b] for b in g["bound"]], breaks, "circle")),
            line=dict(width=3), customdata=_with_gaps(hover_data(g), breaks, [""] * 6), hovertemplate=HOVER,
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
                        pattern=dict(shape=[BOUND_PATTERN if b != "exact" else "" for b in g["bound"]])),
            customdata=hover_data(g), hovertemplate=HOVER, **kwargs,
        ))
    fig.update_layout(barmode="group" if grouped else "overlay", showlegend=legend)
    unit = df["unit"].iloc[0] if len(df) else ""
    (fig.update_xaxes if horizontal else fig.update_yaxes)(title_text=unit)
    return _layout(fig, title, max(380, 60 * df[x].nunique() + 120) if horizontal else 420)


def coverage_heatmap(coverage: pd.DataFrame) -> go.Figure:
    """Regions × years: how many figures, and from which documents (overview/coverage_region_year)."""
    counts = coverage.pivot(index="region", columns="year", values="figure_count")
    years = range(int(coverage["year"].min()), int(coverage["year"].max()) + 1)
    counts = counts.reindex(columns=years).sort_index()
    cells = (coverage.assign(text=coverage["figure_count"].astype(str) + "条<br>" + coverage["docs"])
             .pivot(index="region", columns="year", values="text").reindex(index=counts.index, columns=years))
    regions = list(counts.index)
    fig = go.Figure(go.Heatmap(
        z=counts.values, x=[str(y) for y in years], y=regions, text=cells.fillna("").values, texttemplate="%{text}",
        textfont=dict(size=13), colorscale=COVERAGE_SCALE, showscale=False, xgap=3, ygap=3,
        hovertemplate="%{y}｜%{x}年：%{text}<extra></extra>",
    ))
    fig.update_layout(template=TEMPLATE, height=max(260, 70 * len(regions) + 120),
                      title_text="单元格：数据条数与来源文件编号")
    fig.update_yaxes(autorange="reversed")
    return fig


def documents_by_theme(by_theme: pd.DataFrame) -> go.Figure:
    """Figures per source document, stacked by theme (home/figures_by_source_theme)."""
    by_theme = by_theme.assign(document=by_theme["doc_no"] + " " + by_theme["source_region"])
    fig = px.bar(
        by_theme, x="figure_count", y="document", color="theme", color_discrete_map=THEME_COLORS,
        category_orders={"theme": list(THEME_COLORS), "document": sorted(by_theme["document"].unique())},
        orientation="h", template=TEMPLATE,
        labels={"figure_count": "数据条数", "document": "来源文件", "theme": "主题"},
        hover_data={"source_title": True, "document": False},
        title="各来源文件提供的数据（按主题）",
    )
    fig.update_layout(legend_title_text="", height=420)
    return fig


FACET_DOCUMENTS = 6  # reports drawn side by side; more are added up into one chart


def problems_by_status(counts: pd.DataFrame) -> go.Figure:
    """Inspection problems by category and rectification status: one panel per report, or all
    reports added up when there are more than FACET_DOCUMENTS (rectification/problem_counts)."""
    labels = {"n": "问题数", "category": "问题类别", "status": "整改状态", "document": "文件"}
    if counts["doc_no"].nunique() <= FACET_DOCUMENTS:
        counts = counts.assign(document=counts["doc_no"] + " " + counts["source_region"])
        fig = px.bar(counts, x="n", y="category", color="status", facet_col="document", orientation="h",
                     template=TEMPLATE, labels=labels, color_discrete_map=PROBLEM_STATUS_COLORS,
                     title="各文件巡察问题（按类别与整改状态）")
        fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
        fig.update_layout(legend_y=1.08)  # the template's legend band, raised above the panels' titles
    else:
        total = counts.groupby(["category", "status"], as_index=False)["n"].sum()
        fig = px.bar(total, x="n", y="category", color="status", orientation="h", template=TEMPLATE,
                     labels=labels, color_discrete_map=PROBLEM_STATUS_COLORS,
                     title=f"{counts['doc_no'].nunique():,} 份文件的巡察问题合计（按类别与整改状态）")
    fig.update_layout(height=max(360, 34 * counts["category"].nunique() + 160),
                      legend_title_text="整改状态：")  # in the template's legend band, clear of the axis titles
    return fig


def single_rank_bars(single: pd.DataFrame, colors: dict[str, str]) -> go.Figure:
    """Ranks with only one period: one bar each, 1st at the right edge. Each bar's label names
    its region, so there is no legend; room on the left for the label of the longest bar."""
    fig = bar_chart(single.assign(who=single["series"] + "（" + single["period_label"] + "）"),
                    "单期排名（名次，越小越好）", x="who", horizontal=True, colors=colors, color_by="region",
                    legend=False)
    fig.update_xaxes(range=[single["value"].max() * 1.4 + 0.5, 0], title_text="名次")
    return fig


def comparison_chart(df: pd.DataFrame, indicator: str, unit: str, colors: dict[str, str]) -> go.Figure:
    """地区对比: one indicator's figures as horizontal bars by region, period and stage (the `x`
    column of analysis.comparison_bars)."""
    fig = bar_chart(df, f"{indicator}：按地区与期间", x="x", colors=colors, color_by="region", horizontal=True)
    if unit == "名":
        fig.update_xaxes(title_text="名次（数值越小越好）")
    return fig
