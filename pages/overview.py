"""总览: the cockpit. Coverage of regions and years, one card per theme, largest changes."""

import plotly.graph_objects as go
import streamlit as st

from govdash import analysis, charts
from govdash.curated import THEMES
from govdash.db import run_query
from govdash.filters import current
from govdash.views import empty_notice, on_open, pairs_for, shown_of, source_links, to_csv_bytes

COVERAGE_REGIONS = 30  # rows of the coverage grid

f = current()
st.title("总览")
st.caption(f"各主题的最新数据、整改前后变化与排名。{f.describe()}。悬停可见期间与原文，表格中「查看原文」打开出处句子。")

params = f.params()
summary = run_query("overview/theme_summary", **params)
if summary.empty:
    empty_notice(f, "任何数据")
    st.stop()

# --- largest improvements and declines ---------------------------------------------------
# The query keeps each theme's largest changes in each direction, so the overall top five are among them.
pairs_all = pairs_for(f, limit=5)
pairs = pairs_all.dropna(subset=["improvement"])
left, right = st.columns(2)
for col, title, part, colour in (
    (left, "改善最大", pairs[pairs["improvement"] > 0].nlargest(5, "improvement") if len(pairs) else pairs, "#2e8b57"),
    (right, "下降最大", pairs[pairs["improvement"] < 0].nsmallest(5, "improvement") if len(pairs) else pairs, "#b23a48"),
):
    with col:
        st.subheader(title)
        if part.empty:
            st.info(f"当前筛选下没有{title}的前后对比数据。")
            continue
        for r in part.itertuples():
            arrow = "▲" if r.improvement > 0 else "▼"
            st.markdown(
                f"<span style='color:{colour};font-weight:700'>{arrow}</span> **{r.series}**："
                f"{analysis.pair_phrase(r)}"
                f"<br><span style='color:#5c6b73;font-size:0.9em'>{r.before_period}（{r.before_stage}）→ "
                f"{r.after_period}（{r.after_stage}），来源 {r.doc_no}，原文 {source_links(r.before_id, r.after_id)}</span>",
                unsafe_allow_html=True,
            )
st.caption("比率按百分点、排名按名次、其余按相对变化比较改善幅度；无明确好坏方向的指标不参与排序。")

# --- coverage grid -----------------------------------------------------------------------
st.subheader("数据覆盖：哪些文件说到哪个地区、哪一年")
coverage = run_query("overview/coverage_region_year", **params, limit=COVERAGE_REGIONS)
counts = coverage.pivot(index="region", columns="year", values="figure_count")
years = range(int(coverage["year"].min()), int(coverage["year"].max()) + 1)
counts = counts.reindex(columns=years).sort_index()
cells = (coverage.assign(text=coverage["figure_count"].astype(str) + "条<br>" + coverage["docs"])
         .pivot(index="region", columns="year", values="text").reindex(index=counts.index, columns=years))
regions = list(counts.index)
fig = go.Figure(go.Heatmap(
    z=counts.values, x=[str(y) for y in years], y=regions, text=cells.fillna("").values, texttemplate="%{text}",
    textfont=dict(size=13),
    colorscale=[[0, "#dbe9f6"], [1, "#1f5fa8"]], showscale=False, xgap=3, ygap=3,
    hovertemplate="%{y}｜%{x}年：%{text}<extra></extra>",
))
fig.update_layout(template=charts.TEMPLATE, height=max(260, 70 * len(regions) + 120),
                  title_text="单元格：数据条数与来源文件编号")
fig.update_yaxes(autorange="reversed")
charts.show(fig, key="overview_coverage_chart")
note = shown_of(len(regions), coverage["region_total"].iloc[0], "个地区", "图中为数据最多的地区；可用左侧地区筛选查看其余。")
st.caption("来源文件编号见各单元格，文件详情见「数据来源」页。" + note)


def coverage_table() -> None:
    table = coverage.rename(columns={"region": "地区", "year": "年份", "figure_count": "数据条数", "docs": "来源文件"})
    st.dataframe(table.drop(columns="region_total"), hide_index=True, key="overview_coverage_table")
    st.download_button("下载表格（CSV，Excel 可直接打开）", to_csv_bytes(table.drop(columns="region_total")),
                       file_name="数据覆盖.csv", mime="text/csv", key="overview_coverage_csv")


on_open("查看数据", "overview_coverage_table", coverage_table)

# --- one card per theme ------------------------------------------------------------------
st.subheader("各主题要点")
themes = [t for t in (f.themes or THEMES) if t in set(summary["theme"])]
cols = st.columns(3)
for i, theme in enumerate(themes):
    card = summary[summary["theme"] == theme].iloc[0]
    theme_pairs = pairs_all[pairs_all["theme"] == theme]
    with cols[i % 3].container(border=True):
        st.markdown(f"#### <span style='color:{charts.THEME_COLORS[theme]}'>■</span> {theme}", unsafe_allow_html=True)
        st.caption(f"{card['figure_count']:,} 条数据，{card['indicator_count']} 项指标，{card['region_count']:,} 个地区")
        if not theme_pairs.empty:
            best = theme_pairs.dropna(subset=["improvement"])
            r = (best.loc[best["improvement"].abs().idxmax()] if len(best) else theme_pairs.iloc[0])
            st.metric(r["series"], r["after_label"],
                      delta=analysis.pair_phrase(r),
                      delta_color="off", help=f"{r['before_period']} → {r['after_period']}；来源 {r['doc_no']}：{r['after_evidence']}")
        fig_card = card["latest_rank"] if isinstance(card["latest_rank"], dict) else (
            card["latest_current"] if theme_pairs.empty and isinstance(card["latest_current"], dict) else None)
        if fig_card:
            st.metric(f"{fig_card['indicator']}｜{fig_card['region']}", fig_card["label"],
                      help=f"{fig_card['period_label']}；来源 {fig_card['doc_no']}：{fig_card['evidence']}")
