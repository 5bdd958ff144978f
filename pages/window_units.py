"""窗口单位评议: the graded window units of one 民主评议 side by side, every figure linked to its sentence."""

import streamlit as st

from govdash import charts
from govdash import window_units as wu
from govdash.db import run_query
from govdash.filters import current
from govdash.views import chart_block, empty_notice, evidence_link, figure_table, on_open, with_labels

f = current()
st.title("窗口单位评议")
st.caption("政协民主评议中各窗口单位的对比：进驻事项、窗口办理、网民投诉与回复、超期办件和评议等次。"
           "表中和图中的每个数都可点开原文。")

evaluations = run_query("window_units/evaluations", **{k: v for k, v in f.params().items() if k != "themes"})
if evaluations.empty:
    empty_notice(f, "窗口单位评议（有两家及以上单位评议等次的文件）", ignore_themes=True)
    st.stop()
names = {r.evaluation_id: f"{r.region} {r.year}年｜{r.source_title}（{r.doc_no}，{r.unit_count} 家单位）"
         for r in evaluations.itertuples()}
ids = list(names)
wanted = st.query_params.get("evaluation")
chosen = st.selectbox("评议", ids, index=ids.index(wanted) if wanted in ids else 0, format_func=names.get,
                      key="wu_evaluation")
st.query_params["evaluation"] = chosen
ev = evaluations.set_index("evaluation_id").loc[chosen]
which = {"source_file": ev.source_file, "region": ev.region, "year": int(ev.year)}
figures = with_labels(run_query("window_units/evaluation_figures", **which))
df, context = figures[figures["is_graded_unit"]], figures[~figures["is_graded_unit"]].sort_values("figure_id")
units = wu.unit_order(df)
colors = charts.region_colors(units)
grades = {u: g for g, members in wu.grade_lines(df) for u, _ in members}

st.subheader("评议概况")
if context.empty:
    st.caption("原文没有关于评议整体的数据。")
else:
    cols, half = st.columns(2), -(-len(context) // 2)
    for i, r in enumerate(context.itertuples()):
        who = r.org_unit or r.region
        cols[i // half].markdown(f"- **{r.indicator}**（{who}，{r.period_label}）：{r.label}　[原文]({r.link})")

st.subheader("对比表")
card = wu.scorecard(df)
st.markdown(wu.scorecard_html(card, evidence_link), unsafe_allow_html=True)
st.caption("绿色：好于各单位的中位数；红色：差于中位数（按指标方向：越多越好或越少越好）；白色：等于中位数；"
           "灰色：指标没有好坏方向；「—」：原文未给出。点数值打开原文句子。")
on_open("查看数据与出处", "window_units_all", lambda: figure_table(df, key="window_units_all"))

st.subheader("评议等次")
for grade, members in wu.grade_lines(df):
    st.markdown(f"**{grade}**（{len(members)} 家）：" + "、".join(f"[{u}]({evidence_link(fid)})" for u, fid in members))

st.subheader("各项指标逐项对比")
bars = wu.with_measures(df[~df["indicator"].isin((wu.GRADE_INDICATOR, *wu.COMPLAINT_INDICATORS))])
bars = bars.assign(order=bars["org_unit"].map(units.index)).sort_values(["order", "measure"])
for unit_of_measure, g in bars.groupby("unit", sort=False):
    fig = charts.bar_chart(g, f"按指标分组：各窗口单位（单位：{unit_of_measure}）", x="measure", color_by="org_unit",
                           colors=colors)
    chart_block(fig, g, key=f"window_units_bars_{unit_of_measure}")
    missing = wu.missing_cells(g, units)
    if missing:
        st.caption("没有柱子的，原文未给出：" + "；".join(missing) + "。")

complaints = wu.with_measures(df[df["indicator"].isin(wu.COMPLAINT_INDICATORS)])
if len(complaints):
    st.subheader("网民投诉：收到、回复与超期")
    complaints = complaints.assign(order=complaints["indicator"].map(wu.COMPLAINT_INDICATORS.index))
    complaints = complaints.sort_values(["order", "org_unit"])
    periods = "、".join(sorted(complaints["period_label"].unique()))
    fig = charts.bar_chart(complaints, f"收到 / 回复 / 未回复 / 超期办件（件，{periods}）", x="org_unit",
                           color_by="measure", colors=wu.COMPLAINT_COLORS)
    fig.update_xaxes(categoryorder="array", categoryarray=units)
    chart_block(fig, complaints, key="window_units_complaints")
    missing = wu.missing_cells(complaints, units)
    if missing:
        st.caption("没有柱子的，原文未给出：" + "；".join(missing) + "。")

prof = wu.profile(df)
if len(prof):
    st.subheader("各单位指标画像")
    measures = [m for m in wu.measure_order(prof) if m in set(prof["measure"])]
    chart_block(wu.profile_grid(prof, units, measures, grades), prof, key="window_units_profile")
    st.caption("换算方法：每项指标以参评单位中的最大值为 100，换算分 = 数值 ÷ 最大值 × 100；投诉件数、未回复数、"
               "超期办件数等越少越好的指标反过来算，换算分 = (1 − 数值 ÷ 最大值) × 100（各单位都为 0 时均为 100），"
               "所以条越长越好。灰色条是没有好坏方向的指标（如进驻事项数），只表示规模。只包括至少两家单位有数据的指标；"
               "「未说明」表示原文未给出。条上的文字是原始数值。")
