"""排名: every ranking as a trajectory, rank axis inverted, 'out of N' shown, with a sentence."""

import streamlit as st

from govdash import analysis, charts
from govdash.db import run_query
from govdash.filters import current
from govdash.views import chart_block, empty_notice, figure_table, on_open, region_colors, shown_of, with_labels

SERIES_PER_INDICATOR = 8  # trajectories per chart, as on trend charts: those that fell most recently first

f = current()
st.title("排名")
st.caption(f"所有排名类数据。名次越小越好，纵轴已倒置（第1名在最上）。{f.describe()}。")

ranks = with_labels(run_query("rankings/rank_figures", **f.params(), limit=SERIES_PER_INDICATOR))
if ranks.empty:
    empty_notice(f, "排名数据")
    st.stop()

multi = ranks["series_figures"] >= 2
for indicator, g in ranks[multi].groupby("indicator", sort=False):
    fig = charts.rank_chart(g, indicator)
    note = shown_of(g["series"].nunique(), g["series_total"].iloc[0], "条排名轨迹", "图中为最近一期名次下降最多的几条。")
    if note:
        st.caption(note)
    chart_block(fig, g, key=f"rank_{indicator}")
    lines = []
    for series, s in g.sort_values("period_end_on", kind="stable").groupby("series", sort=False):
        total = s["rank_total"].dropna()
        sentence = analysis.rank_sentence(list(s["value"]), total.iloc[-1] if len(total) else None,
                                          list(s["bound"]))
        lines.append(f"- **{series}**：{sentence}")
    st.markdown("\n".join(lines))  # one element for all sentences: less for the browser to draw

single = ranks[~multi]
if len(single):
    st.subheader("单期排名")
    # each bar's label names its region: no legend
    fig = charts.bar_chart(single.assign(who=single["series"] + "（" + single["period_label"] + "）"),
                           "单期排名（名次，越小越好）", x="who", horizontal=True, colors=region_colors(), color_by="region",
                           legend=False)
    # reversed (1st at the right edge); room on the left for the label of the longest bar
    fig.update_xaxes(range=[single["value"].max() * 1.4 + 0.5, 0], title_text="名次")
    chart_block(fig, single, key="rank_single")
    st.caption("参评总数原文未说明的，标注「总数未说明」，不推算。")

st.subheader("以上排名数据及出处")
on_open("打开表格：每个名次的期间、原文引文和出处链接，可下载", "rank_all", lambda: figure_table(ranks, key="rank_all"))
