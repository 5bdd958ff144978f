"""The theme page (一网通办, 好差评, 互联网+监管, 投诉与热线 …) and its sections: rates at a glance,
headline cards, before/after, trends, benchmarks, every figure. Each section reads bounded
queries (desk/limits.py), so a page draws the same amount whatever the warehouse holds."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from govdash import analysis
from govdash.charts import figures as charts
from govdash.charts.style import STAGE_COLORS
from govdash.desk import limits
from govdash.desk.components import (
    caption,
    chart_block,
    empty_notice,
    figure_table,
    on_open,
    region_colors,
    shown_of,
    source_links,
)
from govdash.desk.filters import Filters, current
from govdash.labels import region_unit, shorten, with_labels
from govdash.safe import md
from govdash.warehouse.db import run_query


def figures_for(f: Filters, themes: tuple[str, ...] | None = None, limit: int = limits.TABLE_ROWS) -> pd.DataFrame:
    """The first `limit` figures under the shared filters, with display labels; `total_count`
    says how many match in all."""
    return with_labels(run_query("facts/figures_filtered", **f.params(themes), limit=limit))


def pairs_for(f: Filters, themes: tuple[str, ...] | None = None, limit: int = limits.PAIR_LIMIT) -> pd.DataFrame:
    """Before/after pairs under the filters: each theme's `limit` largest changes in each direction."""
    return run_query("facts/before_after_pairs", **f.params(themes), limit=limit, use_precomputed=f.uses_precomputed())


def before_after_section(pairs: pd.DataFrame, key: str, f: Filters, title: str = "整改（改革）前后对比") -> None:
    """Dumbbell charts of the comparable before/after pairs (one per unit), most important changes
    first, each with its sentence and links to both source sentences; pairs whose figures cannot be
    compared are listed with both figures side by side and the reason, never drawn as a change.
    `pairs` comes from facts/before_after_pairs."""
    st.subheader(title)
    if pairs.empty:
        empty_notice(f, "可对比的整改前后数据", ignore_themes=True)
        return
    pairs = pairs.head(limits.PAIR_LIMIT)
    caption(shown_of(len(pairs), pairs["pair_count"].max(), "组", "图中为变化最大的几组；可用左侧筛选查看其余。"))
    comparable, apart = pairs[pairs["is_comparable"]], pairs[~pairs["is_comparable"]]
    figures = run_query("facts/pair_figures", figure_orders=sorted(set(pairs["before_order"]) | set(pairs["after_order"])),
                        use_precomputed=f.uses_precomputed())
    for unit, group in comparable.groupby("unit", sort=False):
        fig = charts.before_after_chart(group, f"{title}（单位：{unit}）")
        ids = set(group["before_id"]) | set(group["after_id"])
        chart_block(fig, with_labels(figures[figures["figure_id"].isin(ids)]), key=f"{key}_ba_{unit}")
        st.markdown("\n".join(pair_line(r) for r in group.itertuples()))  # one element: less for the browser to draw
    if len(apart):
        st.markdown("**不能直接比较的前后数据**（口径或期间不同，只并列列出，不算变化）")
        st.markdown("\n".join(
            f"- **{md(r.series)}**：{md(r.before_label)}（{md(r.before_period)}） ｜ {md(r.after_label)}（{md(r.after_period)}）"
            f"——{md(r.incomparable_reason)}；原文 {source_links(r.before_id, r.after_id)}" for r in apart.itertuples()))


def pair_line(r) -> str:
    """A before/after pair as a Markdown list item: the change, both periods, the arithmetic of a
    derived (推算) side, and links to both source sentences."""
    derived = "；".join(md(d) for d in (r.before_derivation, r.after_derivation) if isinstance(d, str) and d)
    return (f"- **{md(r.series)}**：{md(analysis.pair_phrase(r))}（{md(r.before_period)} → {md(r.after_period)}"
            + (f"；{derived}" if derived else "") + f"；原文 {source_links(r.before_id, r.after_id)}）")


def trend_section(params: dict, key: str, f: Filters) -> None:
    st.subheader("分期走势")
    series = with_labels(run_query("facts/trend_figures", **params, use_precomputed=f.uses_precomputed(),
                                   series_limit=limits.TREND_SERIES, indicator_limit=limits.TREND_INDICATORS))
    if series.empty:
        empty_notice(f, "有三期及以上数据的指标", ignore_themes=True)
        return
    for indicator, g in series.groupby("indicator", sort=False):
        fig = charts.trend_chart(analysis.comparable_lines(g), f"{indicator}（{g['unit'].iloc[0]}）", color_by="line")
        caption(shown_of(g["series"].nunique(), g["series_total"].iloc[0], "条走势线", "图中为期数最多的几条；可用左侧地区筛选查看其余。"))
        chart_block(fig, g, key=f"{key}_trend_{indicator}")


def benchmark_section(params: dict, key: str, colors: dict) -> None:
    bench = with_labels(run_query("facts/benchmark_figures", **params, limit=limits.BAR_LIMIT))
    if bench.empty:
        return
    st.subheader("与基准比较")
    for indicator, g in bench.groupby("indicator", sort=False):
        g = g.assign(who=g["region"] + g["stage"].map(lambda s: "（基准）" if s == "对标" else ""))
        # no legend: each bar is labelled with its region already
        fig = charts.bar_chart(g, f"{indicator}：与基准比较", x="who", colors=colors, legend=False)
        caption(shown_of((g["stage"] != "对标").sum(), g["compared_total"].iloc[0], "个比较值", "图中为数值最大的几个。"))
        chart_block(fig, g, key=f"{key}_bench_{indicator}")


def rates_section(params: dict, key: str, use_precomputed: bool) -> None:
    """The theme's rates (%) at a glance on one 0-100 axis, coloured by stage (整改前 grey, 整改后 green)."""
    rates = with_labels(run_query("facts/rate_figures", **params, limit=limits.RATE_LIMIT))
    if rates.empty:
        top = with_labels(run_query("facts/largest_current_values", **params, limit=limits.LARGEST_VALUES, use_precomputed=use_precomputed))
        if top.empty:
            return
        top = top.assign(who=top["series"] + "（" + top["unit"] + "）")
        fig = charts.bar_chart(top, "主要数量指标（最新值，各自单位）", x="who", color_by="stage",
                               colors=STAGE_COLORS, horizontal=True)
        fig.update_xaxes(title_text="数值（单位见各行）")
        chart_block(fig, top, key=f"{key}_counts")
        return
    rates = rates.assign(who=rates["series"].map(lambda s: shorten(s, 30)) + "｜" + rates["period_label"])
    fig = charts.bar_chart(rates, "比率指标一览（%）", x="who", color_by="stage", colors=STAGE_COLORS, horizontal=True)
    fig.update_xaxes(range=[0, 128])  # room right of 100% for a label such as 「99.6%以上（存疑）」
    fig.update_yaxes(autorange="reversed")
    caption(shown_of(len(rates), rates["total_count"].iloc[0], "个比率", "图中为排序最后的一批；可用左侧筛选缩小范围。"))
    chart_block(fig, rates, key=f"{key}_rates")


def headline_cards(params: dict, pairs: pd.DataFrame, use_precomputed: bool, limit: int = limits.HEADLINE_CARDS) -> None:
    """Cards with the newest value of the series that have most figures (the theme's headline)."""
    latest = run_query("facts/latest_per_series", **params, limit=limit, use_precomputed=use_precomputed)
    if latest.empty:
        return
    deltas = {} if pairs.empty else {r.after_id: analysis.pair_phrase(r)
                                      for r in pairs.itertuples() if r.is_comparable}
    cols = st.columns(4)
    for i, r in enumerate(latest.itertuples()):
        with cols[i % 4]:
            st.metric(
                label=md(f"{r.indicator}｜{region_unit(r.region, r.org_unit)}"),
                value=r.label, delta=deltas.get(r.figure_id), delta_color="off", border=True,
                help=md(f"{r.period_label}｜{r.stage}｜来源 {r.doc_no}：{r.evidence}"
                        + (f"｜存疑：{r.doubt_reason}" if isinstance(r.doubt_reason, str) else "")),
            )


def all_figures_section(f: Filters, themes: tuple[str, ...] | None, key: str, title: str = "全部数据及出处") -> None:
    """The figures table, opened on demand: the first limits.TABLE_ROWS rows on screen, all of them in
    the download. Closed at first, so a page load draws the charts, not a 500-row table."""
    st.subheader(title)

    def build() -> None:
        df = figures_for(f, themes)
        total = int(df["total_count"].iloc[0]) if len(df) else 0
        partial = total > len(df)
        caption(shown_of(len(df), total, "条", "下载的表格包含全部。"))
        figure_table(df, key=key, everything=(lambda: figures_for(f, themes, limit=max(total, 1))) if partial else None)

    on_open("打开表格：每条数据的数值、期间、原文引文和出处链接，可下载", key, build)


def theme_page(theme: str, intro: str, show_title: bool = True) -> None:
    """The page of one theme: headline cards, before/after, trends, benchmarks, every figure."""
    f = current()
    if show_title:
        st.title(theme)
    st.caption(intro)
    params = f.params((theme,))
    pairs = pairs_for(f, (theme,))
    if run_query("overview/theme_summary", **params).empty:
        empty_notice(f, f"「{theme}」的数据", ignore_themes=True)
        return
    rates_section(params, key=theme, use_precomputed=f.uses_precomputed())
    headline_cards(params, pairs, use_precomputed=f.uses_precomputed())
    before_after_section(pairs, key=theme, f=f)
    trend_section(params, key=theme, f=f)
    benchmark_section(params, key=theme, colors=region_colors())
    all_figures_section(f, (theme,), key=f"{theme}_all")
