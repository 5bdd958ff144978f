"""排名: every ranking as a trajectory, rank axis inverted, 'out of N' shown, with a sentence."""

import streamlit as st

from govdash import analysis, charts
from govdash.filters import current
from govdash.views import chart_block, empty_notice, figure_table, figures_for

f = current()
st.title("排名")
st.caption(f"所有排名类数据。名次越小越好，纵轴已倒置（第1名在最上）。{f.describe()}。")

ranks = analysis.with_series_key(figures_for(f))
ranks = ranks[ranks["unit"] == "名"]
if ranks.empty:
    empty_notice(f, "排名数据")
    st.stop()

multi = ranks.groupby("series")["figure_id"].transform("count") >= 2
for indicator, g in ranks[multi].groupby("indicator", sort=False):
    fig = charts.rank_chart(g, indicator)
    chart_block(fig, g, key=f"rank_{indicator}")
    for series, s in g.sort_values("period_end_on").groupby("series", sort=False):
        total = s["rank_total"].dropna()
        sentence = analysis.rank_sentence(list(s["value"]), total.iloc[-1] if len(total) else None)
        st.markdown(f"**{series}**：{sentence}")

single = ranks[~multi]
if len(single):
    st.subheader("单期排名")
    fig = charts.bar_chart(single.assign(who=single["series"] + "（" + single["period_label"] + "）"),
                           "单期排名（名次，越小越好）", x="who", horizontal=True, colors=None, color_by="region")
    fig.update_xaxes(autorange="reversed", title_text="名次")
    chart_block(fig, single, key="rank_single")
    st.caption("参评总数原文未说明的，标注「总数未说明」，不推算。")

st.subheader("全部排名数据及出处")
figure_table(ranks, key="rank_all")
