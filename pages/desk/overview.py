"""总览: the cockpit. Largest changes, coverage of regions and years, one card per theme."""

import streamlit as st

from govdash import analysis
from govdash.charts import figures as charts
from govdash.charts.render import show
from govdash.charts.style import BAD, GOOD, MUTED, THEME_COLORS
from govdash.desk import limits
from govdash.desk.components import empty_notice, on_open, shown_of, source_links, to_csv_bytes
from govdash.desk.filters import current
from govdash.desk.theme_page import pairs_for
from govdash.vocabulary import THEMES
from govdash.warehouse.db import run_query

f = current()
st.title("总览")
st.caption(f"各主题的最新数据、整改前后变化与排名。{f.describe()}。悬停可见期间与原文，表格中「查看原文」打开出处句子。")

params = f.params()
summary = run_query("overview/theme_summary", **params)
if summary.empty:
    empty_notice(f, "任何数据")
    st.stop()

# The query keeps each theme's largest changes in each direction, so the overall top ones are among them.
pairs_all = pairs_for(f, limit=limits.OVERVIEW_CHANGES)
improved, declined = analysis.largest_changes(pairs_all, limits.OVERVIEW_CHANGES)
for col, title, part, colour in zip(st.columns(2), ("改善最大", "下降最大"), (improved, declined), (GOOD, BAD), strict=True):
    with col:
        st.subheader(title)
        if part.empty:
            st.info(f"当前筛选下没有{title}的前后对比数据。")
        for r in part.itertuples():
            st.markdown(
                f"<span style='color:{colour};font-weight:700'>{'▲' if r.improvement > 0 else '▼'}</span> "
                f"**{r.series}**：{analysis.pair_phrase(r)}<br><span style='color:{MUTED};font-size:0.9em'>"
                f"{r.before_period}（{r.before_stage}）→ {r.after_period}（{r.after_stage}），来源 {r.doc_no}，"
                f"原文 {source_links(r.before_id, r.after_id)}</span>", unsafe_allow_html=True)
st.caption("比率按百分点、排名按名次、其余按相对变化比较改善幅度；无明确好坏方向的指标不参与排序。")

st.subheader("数据覆盖：哪些文件说到哪个地区、哪一年")
coverage = run_query("overview/coverage_region_year", **params, limit=limits.COVERAGE_REGIONS)
show(charts.coverage_heatmap(coverage), key="overview_coverage_chart")
note = shown_of(coverage["region"].nunique(), coverage["region_total"].iloc[0], "个地区",
                "图中为数据最多的地区；可用左侧地区筛选查看其余。")
st.caption("来源文件编号见各单元格，文件详情见「数据来源」页。" + note)
table = coverage.drop(columns="region_total").rename(
    columns={"region": "地区", "year": "年份", "figure_count": "数据条数", "docs": "来源文件"})


def coverage_table() -> None:
    st.dataframe(table, hide_index=True, key="overview_coverage_table")
    st.download_button("下载表格（CSV，Excel 可直接打开）", to_csv_bytes(table), file_name="数据覆盖.csv",
                       mime="text/csv", key="overview_coverage_csv")


on_open("查看数据", "overview_coverage_table", coverage_table)

st.subheader("各主题要点")
cols = st.columns(3)
for i, theme in enumerate(t for t in (f.themes or THEMES) if t in set(summary["theme"])):
    card = summary[summary["theme"] == theme].iloc[0]
    with cols[i % 3].container(border=True):
        st.markdown(f"#### <span style='color:{THEME_COLORS[theme]}'>■</span> {theme}", unsafe_allow_html=True)
        st.caption(f"{card['figure_count']:,} 条数据，{card['indicator_count']} 项指标，{card['region_count']:,} 个地区")
        r = analysis.headline_pair(pairs_all[pairs_all["theme"] == theme])
        if r is not None:
            st.metric(r["series"], r["after_label"], delta=analysis.pair_phrase(r), delta_color="off",
                      help=f"{r['before_period']} → {r['after_period']}；来源 {r['doc_no']}：{r['after_evidence']}")
        latest = card["latest_rank"] if isinstance(card["latest_rank"], dict) else (
            card["latest_current"] if r is None and isinstance(card["latest_current"], dict) else None)
        if latest:
            st.metric(f"{latest['indicator']}｜{latest['region']}", latest["label"],
                      help=f"{latest['period_label']}；来源 {latest['doc_no']}：{latest['evidence']}")
