"""排名: every ranking as a trajectory, rank axis inverted, 'out of N' shown, with a sentence."""

import streamlit as st

from govdash import analysis
from govdash.charts import figures as charts
from govdash.desk import limits
from govdash.desk.components import caption, chart_block, empty_notice, figure_table, on_open, region_colors, shown_of
from govdash.desk.filters import current
from govdash.labels import with_labels
from govdash.safe import md
from govdash.warehouse.db import run_query

f = current()
st.title("排名")
st.caption(f"所有排名类数据。名次越小越好，纵轴已倒置（第1名在最上）。{md(f.describe())}。")

ranks = with_labels(run_query("rankings/rank_figures", **f.params(), limit=limits.RANK_SERIES))
if ranks.empty:
    empty_notice(f, "排名数据")
    st.stop()

multi = ranks["series_figures"] >= 2
for indicator, g in ranks[multi].groupby("indicator", sort=False):
    caption(shown_of(g["series"].nunique(), g["series_total"].iloc[0], "条排名轨迹", "图中为最近一期名次下降最多的几条。"))
    chart_block(charts.rank_chart(g, indicator), g, key=f"rank_{indicator}")
    st.markdown("\n".join(  # one element for all sentences: less for the browser to draw
        f"- **{md(series)}**：{md(sentence)}" for series, sentence in analysis.rank_sentences(g)))

single = ranks[~multi]
if len(single):
    st.subheader("单期排名")
    chart_block(charts.single_rank_bars(single, region_colors()), single, key="rank_single")
    st.caption("参评总数原文未说明的，标注「总数未说明」，不推算。")

st.subheader("以上排名数据及出处")
on_open("打开表格：每个名次的期间、原文引文和出处链接，可下载", "rank_all", lambda: figure_table(ranks, key="rank_all"))
