"""总览: the cockpit. Coverage of regions and years, one card per theme, largest changes."""

import plotly.graph_objects as go
import streamlit as st

from govdash import analysis, charts
from govdash.curated import THEMES
from govdash.db import run_query
from govdash.filters import current
from govdash.views import chart_block, empty_notice, figures_for, source_links

f = current()
st.title("总览")
st.caption(f"各主题的最新数据、整改前后变化与排名。{f.describe()}。悬停可见期间与原文，表格中「查看原文」打开出处句子。")

df = figures_for(f)
if df.empty:
    empty_notice(f, "任何数据")
    st.stop()

# --- largest improvements and declines ---------------------------------------------------
pairs = analysis.before_after_pairs(df).dropna(subset=["improvement"]) if len(df) else df
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
                f"{analysis.change_phrase(r.before_value, r.after_value, r.unit)}"
                f"<br><span style='color:#5c6b73;font-size:0.9em'>{r.before_period}（{r.before_stage}）→ "
                f"{r.after_period}（{r.after_stage}），来源 {r.doc_no}，原文 {source_links(r.before_id, r.after_id)}</span>",
                unsafe_allow_html=True,
            )
st.caption("比率按百分点、排名按名次、其余按相对变化比较改善幅度；无明确好坏方向的指标不参与排序。")

# --- coverage grid -----------------------------------------------------------------------
st.subheader("数据覆盖：哪些文件说到哪个地区、哪一年")
coverage = run_query("overview/coverage_region_year", **f.params())
grid = coverage.groupby(["region", "year"]).agg(
    figure_count=("figure_count", "sum"), docs=("doc_no", lambda s: "、".join(sorted(set(s)))))
years = range(int(coverage["year"].min()), int(coverage["year"].max()) + 1)
counts = grid["figure_count"].unstack().reindex(columns=years).sort_index()
cells = (grid["figure_count"].astype(str) + "条<br>" + grid["docs"]).unstack().reindex(columns=years).sort_index()
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
chart_block(fig, df, key="overview_coverage")

# --- one card per theme ------------------------------------------------------------------
st.subheader("各主题要点")
themes = [t for t in (f.themes or THEMES) if t in set(df["theme"])]
cols = st.columns(3)
for i, theme in enumerate(themes):
    tdf = df[df["theme"] == theme]
    latest = analysis.latest_per_series(tdf)
    theme_pairs = analysis.before_after_pairs(tdf)
    with cols[i % 3].container(border=True):
        st.markdown(f"#### <span style='color:{charts.THEME_COLORS[theme]}'>■</span> {theme}", unsafe_allow_html=True)
        st.caption(f"{len(tdf)} 条数据，{tdf['indicator'].nunique()} 项指标，{tdf['region'].nunique()} 个地区")
        if not theme_pairs.empty:
            best = theme_pairs.dropna(subset=["improvement"])
            r = (best.loc[best["improvement"].abs().idxmax()] if len(best) else theme_pairs.iloc[0])
            st.metric(r["series"], r["after_label"],
                      delta=analysis.change_phrase(r["before_value"], r["after_value"], r["unit"]),
                      delta_color="off", help=f"{r['before_period']} → {r['after_period']}；来源 {r['doc_no']}：{r['after_evidence']}")
        ranks = tdf[tdf["unit"] == "名"].sort_values("period_end_on")
        if len(ranks):
            r = ranks.iloc[-1]
            st.metric(f"{r['indicator']}｜{r['region']}", r["label"], help=f"{r['period_label']}；来源 {r['doc_no']}：{r['evidence']}")
        elif len(latest) and theme_pairs.empty:
            r = latest.sort_values("period_end_on").iloc[-1]
            st.metric(f"{r['indicator']}｜{r['region']}", r["label"], help=f"{r['period_label']}；来源 {r['doc_no']}：{r['evidence']}")
