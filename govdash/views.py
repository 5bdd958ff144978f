"""Layout pieces several pages share: a chart with its source note, table and download; the
figures table with evidence links; the empty-selection message; a whole theme page."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from govdash import analysis, charts
from govdash.db import run_query
from govdash.filters import Filters
from govdash.labels import BOUND_LABELS, format_value

SOURCES_PAGE = "sources"

TABLE_COLUMNS = {
    "theme": "主题", "indicator": "指标", "region": "地区", "org_unit": "单位/部门", "period_label": "期间",
    "label": "数值", "bound_label": "取值性质", "stage": "阶段", "doc_no": "来源", "evidence": "原文引文",
    "note": "释读说明", "link": "出处",
}


def source_links(before_id: str, after_id: str) -> str:
    """Markdown links that open the before and after sentences in 数据来源."""
    return f"[前]({evidence_link(before_id)}) · [后]({evidence_link(after_id)})"


def evidence_link(figure_id: str) -> str:
    return f"./{SOURCES_PAGE}?figure={figure_id}"


def with_labels(df: pd.DataFrame) -> pd.DataFrame:
    """Add `label` (value as people read it, bounds kept) and `bound_label`, `link`."""
    out = df.copy()
    if out.empty:
        for col in ("label", "bound_label", "link"):
            out[col] = pd.Series(dtype=object)
        return out
    out["org_unit"] = out["org_unit"].fillna("")
    if "label" not in out.columns:  # facts carries the label made at build; other frames get it here
        out["label"] = [format_value(r.value, r.unit, r.qualifier, r.bound, r.rank_total) for r in out.itertuples()]
    out["bound_label"] = out["bound"].map(BOUND_LABELS)
    out["link"] = [evidence_link(fid) for fid in out["figure_id"]]
    return out


# What one page draws at most, whatever the size of the warehouse: the queries return only this
# much (ordered so the most telling rows come first) and say how many there are in all.
TABLE_ROWS = 500        # rows of a figures table (the CSV download has them all)
PAIR_LIMIT = 12         # before/after pairs per theme (largest changes first)
TREND_SERIES = 8        # lines per trend chart
TREND_INDICATORS = 6    # trend charts per page
BAR_LIMIT = 15          # bars per benchmark comparison
RATE_LIMIT = 30         # rates on the at-a-glance chart
SOURCE_NOTE_DOCS = 6    # documents named under a chart


def figures_for(f: Filters, themes: tuple[str, ...] | None = None, limit: int = TABLE_ROWS) -> pd.DataFrame:
    """The first `limit` figures under the shared filters, with display labels; `total_count`
    says how many match in all."""
    return with_labels(run_query("facts/figures_filtered", **f.params(themes), limit=limit))


def pairs_for(f: Filters, themes: tuple[str, ...] | None = None, limit: int = PAIR_LIMIT) -> pd.DataFrame:
    """Before/after pairs under the filters: each theme's `limit` largest changes in each direction."""
    return run_query("facts/before_after_pairs", **f.params(themes), limit=limit, all_years=f.covers_all_years())


def shown_of(shown: int, total: int, what: str = "条", hint: str = "可用左侧地区、年份筛选缩小范围。") -> str:
    """'共 67,000 条，此处为其中 500 条。…' when a page shows only part of what matches."""
    return f"共 {int(total):,} {what}，此处显示其中 {int(shown):,} {what}。{hint}" if total > shown else ""


def region_colors() -> dict[str, str]:
    return charts.region_colors(list(run_query("filters/options")["region"]))


def empty_notice(f: Filters, what: str, ignore_themes: bool = False) -> None:
    st.info(f"当前筛选条件下没有{what}。当前条件：{f.describe(ignore_themes)}。"
            "可在左侧放宽地区、年份或主题，或点「清除筛选」。", icon="ℹ️")


def source_note(df: pd.DataFrame) -> str:
    docs = df.drop_duplicates("doc_no").sort_values("doc_no")
    parts = [f"{r.doc_no}《{r.source_title}》（{r.published_on:%Y-%m-%d}）" for r in docs.head(SOURCE_NOTE_DOCS).itertuples()]
    more = f"等 {len(docs):,} 份文件（全部见表格）" if len(docs) > SOURCE_NOTE_DOCS else ""
    return "数据来源：" + "；".join(parts) + more if parts else ""


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV with a BOM so Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    df.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")


def export_frame(df: pd.DataFrame) -> pd.DataFrame:
    cols = ["figure_id", "theme", "indicator", "region", "org_unit", "period_label", "value", "unit", "rank_total",
            "qualifier", "bound_label", "stage", "doc_no", "evidence", "note"]
    names = {"figure_id": "编号", "value": "数值", "unit": "单位", "rank_total": "参评总数", "qualifier": "限定词",
             "bound_label": "取值性质", **{k: v for k, v in TABLE_COLUMNS.items() if k not in ("label",)}}
    return df[[c for c in cols if c in df.columns]].rename(columns=names)


def figure_table(df: pd.DataFrame, key: str, height: int | None = None, everything=None) -> None:
    """Figures with their evidence and a link that opens the sentence in 数据来源.

    `everything`, when given, is a function returning the full frame for the download (built
    only when someone clicks), for tables that show only part of what matches."""
    cols = [c for c in TABLE_COLUMNS if c in df.columns]
    st.dataframe(
        df[cols], hide_index=True, key=key, height=height or "auto",
        column_config={
            **{c: TABLE_COLUMNS[c] for c in cols},
            "evidence": st.column_config.TextColumn("原文引文", width="large"),
            "note": st.column_config.TextColumn("释读说明", width="medium"),
            "link": st.column_config.LinkColumn("出处", display_text="查看原文"),
        },
    )
    data = (lambda: to_csv_bytes(export_frame(everything()))) if everything else to_csv_bytes(export_frame(df))
    st.download_button("下载表格（CSV，Excel 可直接打开）", data, file_name=f"{key}.csv", mime="text/csv",
                       key=f"{key}_csv", icon=None, on_click="ignore")


@st.fragment
def on_open(label: str, key: str, build, intro: str | None = None) -> None:
    """An expander whose content is only built and sent when someone opens it: `build()` runs
    inside it then. A closed expander would otherwise still carry its table to the browser on
    every run, and the browser would load and draw the table component for nothing. Opening
    it re-runs only this fragment, not the page. Tests open it with session_state[f"{key}_open"]."""
    with st.expander(label, key=f"{key}_open", on_change="rerun") as box:
        if intro:
            st.markdown(intro)
        if box.open:
            build()


def lazy_figure_table(data: pd.DataFrame, key: str, label: str = "查看数据与出处", intro: str | None = None) -> None:
    """A chart's figures as a table with evidence links, built when its expander is opened."""
    on_open(label, key, lambda: figure_table(data, key=key) if len(data) else None, intro=intro)


def chart_block(fig: go.Figure, data: pd.DataFrame, key: str) -> None:
    """A chart, its data-source note, and its numbers as a table with evidence and download."""
    charts.show(fig, key=f"{key}_chart")
    st.caption(source_note(data) + ("　空心三角（△ 下限、▽ 上限）、菱形和斜线填充表示界限值或约数，不是确数。" if (data["bound"] != "exact").any() else ""))
    lazy_figure_table(data, key=key)


def before_after_section(pairs: pd.DataFrame, key: str, f: Filters, title: str = "整改（改革）前后对比") -> None:
    """Dumbbell charts of before/after pairs (one per unit), largest changes first, each with its
    sentence and links to both source sentences. `pairs` comes from facts/before_after_pairs."""
    st.subheader(title)
    if pairs.empty:
        empty_notice(f, "可对比的整改前后数据", ignore_themes=True)
        return
    pairs = pairs.head(PAIR_LIMIT)
    note = shown_of(len(pairs), pairs["pair_count"].max(), "组", "图中为变化最大的几组；可用左侧筛选查看其余。")
    if note:
        st.caption(note)
    figures = run_query("facts/pair_figures", figure_orders=sorted(set(pairs["before_order"]) | set(pairs["after_order"])),
                        all_years=f.covers_all_years())
    for unit, group in pairs.groupby("unit", sort=False):
        fig = charts.before_after_chart(group, f"{title}（单位：{unit}）")
        ids = set(group["before_id"]) | set(group["after_id"])
        chart_block(fig, with_labels(figures[figures["figure_id"].isin(ids)]), key=f"{key}_ba_{unit}")
        st.markdown("\n".join(  # one element for all sentences: less for the browser to draw
            f"- **{r.series}**：{analysis.pair_phrase(r)}"
            f"（{r.before_period} → {r.after_period}；原文 {source_links(r.before_id, r.after_id)}）"
            for r in group.itertuples()))


def trend_section(params: dict, key: str, f: Filters) -> None:
    st.subheader("分期走势")
    series = with_labels(run_query("facts/trend_figures", **params, all_years=f.covers_all_years(),
                                   series_limit=TREND_SERIES, indicator_limit=TREND_INDICATORS))
    if series.empty:
        empty_notice(f, "有三期及以上数据的指标", ignore_themes=True)
        return
    for indicator, g in series.groupby("indicator", sort=False):
        fig = charts.trend_chart(g, f"{indicator}（{g['unit'].iloc[0]}）", color_by="series")
        note = shown_of(g["series"].nunique(), g["series_total"].iloc[0], "条走势线", "图中为期数最多的几条；可用左侧地区筛选查看其余。")
        if note:
            st.caption(note)
        chart_block(fig, g, key=f"{key}_trend_{indicator}")


def benchmark_section(params: dict, key: str, colors: dict) -> None:
    bench = with_labels(run_query("facts/benchmark_figures", **params, limit=BAR_LIMIT))
    if bench.empty:
        return
    st.subheader("与基准比较")
    for indicator, g in bench.groupby("indicator", sort=False):
        g = g.assign(who=g["region"] + g["stage"].map(lambda s: "（基准）" if s == "对标" else ""))
        # no legend: each bar is labelled with its region already
        fig = charts.bar_chart(g, f"{indicator}：与基准比较", x="who", colors=colors, legend=False)
        note = shown_of((g["stage"] != "对标").sum(), g["compared_total"].iloc[0], "个比较值", "图中为数值最大的几个。")
        if note:
            st.caption(note)
        chart_block(fig, g, key=f"{key}_bench_{indicator}")


def rates_section(params: dict, key: str, all_years: bool) -> None:
    """The theme's rates (%) at a glance on one 0-100 axis, coloured by stage (整改前 grey, 整改后 green)."""
    rates = with_labels(run_query("facts/rate_figures", **params, limit=RATE_LIMIT))
    if rates.empty:
        top = with_labels(run_query("facts/largest_current_values", **params, limit=12, all_years=all_years))
        if top.empty:
            return
        top = top.assign(who=top["series"] + "（" + top["unit"] + "）")
        fig = charts.bar_chart(top, "主要数量指标（最新值，各自单位）", x="who", color_by="stage",
                               colors=charts.STAGE_COLORS, horizontal=True)
        fig.update_xaxes(title_text="数值（单位见各行）")
        chart_block(fig, top, key=f"{key}_counts")
        return
    rates = rates.assign(who=rates["series"].map(lambda s: charts._short(s, 30)) + "｜" + rates["period_label"])
    fig = charts.bar_chart(rates, "比率指标一览（%）", x="who", color_by="stage", colors=charts.STAGE_COLORS, horizontal=True)
    fig.update_xaxes(range=[0, 110])
    fig.update_yaxes(autorange="reversed")
    note = shown_of(len(rates), rates["total_count"].iloc[0], "个比率", "图中为排序最后的一批；可用左侧筛选缩小范围。")
    if note:
        st.caption(note)
    chart_block(fig, rates, key=f"{key}_rates")


def headline_cards(params: dict, pairs: pd.DataFrame, all_years: bool, limit: int = 8) -> None:
    """Cards with the newest value of the series that have most figures (the theme's headline)."""
    latest = run_query("facts/latest_per_series", **params, limit=limit, all_years=all_years)
    if latest.empty:
        return
    deltas = {} if pairs.empty else {r.after_id: analysis.pair_phrase(r)
                                      for r in pairs.itertuples()}
    cols = st.columns(4)
    for i, r in enumerate(latest.itertuples()):
        with cols[i % 4]:
            st.metric(
                label=f"{r.indicator}" + (f"·{r.org_unit}" if isinstance(r.org_unit, str) and r.org_unit else ""),
                value=r.label, delta=deltas.get(r.figure_id), delta_color="off", border=True,
                help=f"{r.region}｜{r.period_label}｜{r.stage}｜来源 {r.doc_no}：{r.evidence}",
            )


def all_figures_section(f: Filters, themes: tuple[str, ...] | None, key: str, title: str = "全部数据及出处") -> None:
    """The figures table, opened on demand: the first TABLE_ROWS rows on screen, all of them in
    the download. Closed at first, so a page load draws the charts, not a 500-row table."""
    st.subheader(title)

    def build() -> None:
        df = figures_for(f, themes)
        total = int(df["total_count"].iloc[0]) if len(df) else 0
        note = shown_of(len(df), total, "条", "下载的表格包含全部。")
        if note:
            st.caption(note)
        figure_table(df, key=key, everything=(lambda: figures_for(f, themes, limit=max(total, 1))) if note else None)

    on_open("打开表格：每条数据的数值、期间、原文引文和出处链接，可下载", key, build)


def theme_page(theme: str, intro: str, show_title: bool = True) -> None:
    """The page of one theme: headline cards, before/after, trends, benchmarks, every figure."""
    from govdash.filters import current

    f = current()
    if show_title:
        st.title(theme)
    st.caption(intro)
    params = f.params((theme,))
    pairs = pairs_for(f, (theme,))
    if run_query("overview/theme_summary", **params).empty:
        empty_notice(f, f"「{theme}」的数据", ignore_themes=True)
        return
    rates_section(params, key=theme, all_years=f.covers_all_years())
    headline_cards(params, pairs, all_years=f.covers_all_years())
    before_after_section(pairs, key=theme, f=f)
    trend_section(params, key=theme, f=f)
    benchmark_section(params, key=theme, colors=region_colors())
    all_figures_section(f, (theme,), key=f"{theme}_all")
