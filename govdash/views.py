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
    out["label"] = [format_value(r.value, r.unit, r.qualifier, r.bound, r.rank_total) for r in out.itertuples()]
    out["bound_label"] = out["bound"].map(BOUND_LABELS)
    out["link"] = [evidence_link(fid) for fid in out["figure_id"]]
    return out


def figures_for(f: Filters, themes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Figures under the shared filters (run_query caches the result), with display labels."""
    return with_labels(run_query("facts/figures_filtered", **f.params(themes)))


def region_colors() -> dict[str, str]:
    return charts.region_colors(list(run_query("filters/options")["region"]))


def empty_notice(f: Filters, what: str, ignore_themes: bool = False) -> None:
    st.info(f"当前筛选条件下没有{what}。当前条件：{f.describe(ignore_themes)}。"
            "可在左侧放宽地区、年份或主题，或点「清除筛选」。", icon="ℹ️")


def source_note(df: pd.DataFrame) -> str:
    docs = df.drop_duplicates("doc_no").sort_values("doc_no")
    parts = [f"{r.doc_no}《{r.source_title}》（{r.published_on:%Y-%m-%d}）" for r in docs.itertuples()]
    return "数据来源：" + "；".join(parts) if parts else ""


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


def figure_table(df: pd.DataFrame, key: str, height: int | None = None) -> None:
    """Every figure with its evidence and a link that opens the sentence in 数据来源."""
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
    st.download_button("下载表格（CSV，Excel 可直接打开）", to_csv_bytes(export_frame(df)),
                       file_name=f"{key}.csv", mime="text/csv", key=f"{key}_csv", icon=None)


@st.fragment
def lazy_figure_table(data: pd.DataFrame, key: str, label: str = "查看数据与出处", intro: str | None = None) -> None:
    """An expander whose table is only built and sent when someone opens it.

    A closed expander would otherwise still carry its whole table on every run. Opening it
    re-runs only this fragment, not the page.
    """
    with st.expander(label, key=f"{key}_open", on_change="rerun") as box:
        if intro:
            st.markdown(intro)
        if box.open and len(data):
            figure_table(data, key=key)


def chart_block(fig: go.Figure, data: pd.DataFrame, key: str) -> None:
    """A chart, its data-source note, and its numbers as a table with evidence and download."""
    charts.show(fig, key=f"{key}_chart")
    st.caption(source_note(data) + ("　空心三角（△ 下限、▽ 上限）、菱形和斜线填充表示界限值或约数，不是确数。" if (data["bound"] != "exact").any() else ""))
    lazy_figure_table(data, key=key)


def before_after_section(df: pd.DataFrame, key: str, f: Filters, title: str = "整改（改革）前后对比",
                         pairs: pd.DataFrame | None = None) -> None:
    pairs = analysis.before_after_pairs(df) if pairs is None else pairs
    st.subheader(title)
    if pairs.empty:
        empty_notice(f, "可对比的整改前后数据", ignore_themes=True)
        return
    ids = set(pairs["before_id"]) | set(pairs["after_id"])
    for unit, group in pairs.groupby("unit", sort=False):
        fig = charts.before_after_chart(group, f"{title}（单位：{unit}）")
        chart_block(fig, df[df["figure_id"].isin(ids) & (df["unit"] == unit)], key=f"{key}_ba_{unit}")
        for r in group.itertuples():
            st.markdown(f"- **{r.series}**：{analysis.change_phrase(r.before_value, r.after_value, r.unit)}"
                        f"（{r.before_period} → {r.after_period}；原文 {source_links(r.before_id, r.after_id)}）")


def trend_section(df: pd.DataFrame, key: str, f: Filters) -> None:
    st.subheader("分期走势")
    series = analysis.series_with_at_least(df[df["stage"].isin(["现状", "整改前", "整改后"]) & (df["unit"] != "名")], 3)
    if series.empty:
        empty_notice(f, "有三期及以上数据的指标", ignore_themes=True)
        return
    for indicator, g in series.groupby("indicator", sort=False):
        fig = charts.trend_chart(g, f"{indicator}（{g['unit'].iloc[0]}）", color_by="series")
        chart_block(fig, g, key=f"{key}_trend_{indicator}")


def benchmark_section(df: pd.DataFrame, key: str, f: Filters, colors: dict) -> None:
    bench = df[df["stage"] == "对标"]
    if bench.empty:
        return
    st.subheader("与基准比较")
    for indicator in bench["indicator"].unique():
        g = df[(df["indicator"] == indicator) & df["stage"].isin(["现状", "整改后", "对标"])].copy()
        g["who"] = g["region"] + g["stage"].map(lambda s: "（基准）" if s == "对标" else "")
        fig = charts.bar_chart(g, f"{indicator}：与基准比较", x="who", colors=colors)
        chart_block(fig, g, key=f"{key}_bench_{indicator}")


def rates_section(df: pd.DataFrame, key: str) -> None:
    """The theme's rates (%) at a glance on one 0-100 axis, coloured by stage (整改前 grey, 整改后 green)."""
    rates = analysis.with_series_key(df[(df["unit"] == "%") & (df["kind"] == "rate")])
    if rates.empty:
        counts = df[(df["unit"] != "名") & df["stage"].isin(["现状", "整改后", "改革后"])]
        if counts.empty:
            return
        top = analysis.latest_per_series(counts).nlargest(12, "value")
        top = top.assign(who=top["series"] + "（" + top["unit"] + "）")
        fig = charts.bar_chart(top, "主要数量指标（最新值，各自单位）", x="who", color_by="stage",
                               colors=charts.STAGE_COLORS, horizontal=True)
        fig.update_xaxes(title_text="数值（单位见各行）")
        chart_block(fig, top, key=f"{key}_counts")
        return
    rates = rates.sort_values(["series", "period_end_on"]).tail(30)
    rates = rates.assign(who=rates["series"].map(lambda s: charts._short(s, 30)) + "｜" + rates["period_label"])
    fig = charts.bar_chart(rates, "比率指标一览（%）", x="who", color_by="stage", colors=charts.STAGE_COLORS, horizontal=True)
    fig.update_xaxes(range=[0, 110])
    fig.update_yaxes(autorange="reversed")
    chart_block(fig, rates, key=f"{key}_rates")


def headline_cards(df: pd.DataFrame, limit: int = 8, pairs: pd.DataFrame | None = None) -> None:
    """Cards with the newest value of the series that have most figures (the theme's headline)."""
    latest = analysis.latest_per_series(df)
    if latest.empty:
        return
    sizes = analysis.with_series_key(df).groupby("series")["figure_id"].count()
    latest = latest.assign(n=latest["series"].map(sizes)).sort_values(["n", "period_end_on"], ascending=False).head(limit)
    pairs = analysis.before_after_pairs(df) if pairs is None else pairs
    deltas = {} if pairs.empty else {r.after_id: analysis.change_phrase(r.before_value, r.after_value, r.unit)
                                      for r in pairs.itertuples()}
    cols = st.columns(4)
    for i, r in enumerate(latest.itertuples()):
        with cols[i % 4]:
            st.metric(
                label=f"{r.indicator}" + (f"·{r.org_unit}" if isinstance(r.org_unit, str) and r.org_unit else ""),
                value=r.label, delta=deltas.get(r.figure_id), delta_color="off", border=True,
                help=f"{r.region}｜{r.period_label}｜{r.stage}｜来源 {r.doc_no}：{r.evidence}",
            )


def theme_page(theme: str, intro: str, show_title: bool = True) -> None:
    """The page of one theme: headline cards, before/after, trends, benchmarks, every figure."""
    from govdash.filters import current

    f = current()
    if show_title:
        st.title(theme)
    st.caption(intro)
    df = figures_for(f, themes=(theme,))
    if df.empty:
        empty_notice(f, f"「{theme}」的数据", ignore_themes=True)
        return
    colors = region_colors()
    pairs = analysis.before_after_pairs(df)
    rates_section(df, key=theme)
    headline_cards(df, pairs=pairs)
    before_after_section(df, key=f"{theme}", f=f, pairs=pairs)
    trend_section(df, key=f"{theme}", f=f)
    benchmark_section(df, key=f"{theme}", f=f, colors=colors)
    st.subheader("全部数据及出处")
    figure_table(df, key=f"{theme}_all")
