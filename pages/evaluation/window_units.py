"""窗口单位评议: the graded window units of one 民主评议 side by side, every figure linked to its sentence."""

import streamlit as st

from govdash.charts import evaluation as charts
from govdash.charts.style import region_colors
from govdash.desk.components import chart_block, empty_notice, figure_table, on_open
from govdash.desk.filters import current
from govdash.desk.registry import evidence_link
from govdash.desk.url import write_query_params
from govdash.evaluation import reports
from govdash.evaluation import window_units as wu
from govdash.labels import with_labels
from govdash.safe import md

f = current()
st.title("窗口单位评议")
st.caption("政协民主评议中各窗口单位的对比：进驻事项、窗口办理、网民投诉与回复、超期办件和评议等次。"
           "表中和图中的每个数都可点开原文。")

found = reports.graded_reports(f.regions, f.year_from, f.year_to)
if found.empty:
    empty_notice(f, "窗口单位评议（有两家及以上单位评议等次的文件）", ignore_themes=True)
    st.stop()
names = {r.report_id: f"{r.region} {r.year}年｜{r.source_title}（{r.doc_no}，{r.unit_count} 家单位）" for r in found.itertuples()}
ids = list(names)
wanted = st.query_params.get("evaluation")  # the link's name for a graded report
chosen = st.selectbox("评议", ids, index=ids.index(wanted) if wanted in ids else 0, format_func=names.get, key="wu_evaluation")
write_query_params({"evaluation": chosen})
figures = with_labels(reports.report_figures(found.set_index("report_id").loc[chosen]))
df, context = figures[figures["is_graded_unit"]], figures[~figures["is_graded_unit"]].sort_values("figure_id")
units = wu.unit_order(df)
colors = region_colors(units)
grades = {u: g for g, members in wu.grade_lines(df) for u, _ in members}

st.subheader("评议概况")
if context.empty:
    st.caption("原文没有关于评议整体的数据。")
else:
    cols, half = st.columns(2), -(-len(context) // 2)
    for i, r in enumerate(context.itertuples()):
        cols[i // half].markdown(f"- **{md(r.indicator)}**（{md(r.org_unit or r.region)}，{md(r.period_label)}）："
                                 f"{md(r.label)}　[原文]({r.link})")

st.subheader("对比表")
st.markdown(wu.scorecard_html(wu.scorecard(df), evidence_link), unsafe_allow_html=True)
st.caption("绿色：好于各单位的中位数；红色：差于中位数（按指标方向：越多越好或越少越好）；白色：等于中位数；"
           "灰色：指标没有好坏方向；「—」：原文未给出。点数值打开原文句子。")
on_open("查看数据与出处", "window_units_all", lambda: figure_table(df, key="window_units_all"))

st.subheader("评议等次")
for grade, members in wu.grade_lines(df):
    st.markdown(f"**{md(grade)}**（{len(members)} 家）：" + "、".join(f"[{md(u)}]({evidence_link(fid)})" for u, fid in members))

st.subheader("各项指标逐项对比")
for unit_of_measure, g in wu.indicator_bars(df, units).groupby("unit", sort=False):
    chart_block(charts.unit_bars(g, unit_of_measure, colors), g, key=f"window_units_bars_{unit_of_measure}")
    if missing := wu.missing_cells(g, units):
        st.caption(md("没有柱子的，原文未给出：" + "；".join(missing) + "。"))

complaints = wu.complaint_measures(df)
if len(complaints):
    st.subheader("网民投诉：收到、回复与超期")
    chart_block(charts.complaint_bars(complaints, units), complaints, key="window_units_complaints")
    if missing := wu.missing_cells(complaints, units):
        st.caption(md("没有柱子的，原文未给出：" + "；".join(missing) + "。"))

prof = wu.profile(df)
if len(prof):
    st.subheader("各单位指标画像")
    measures = [m for m in wu.measure_order(prof) if m in set(prof["measure"])]
    chart_block(charts.profile_grid(prof, units, measures, grades), prof, key="window_units_profile")
    st.caption("换算方法：每项指标以参评单位中的最大值为 100，换算分 = 数值 ÷ 最大值 × 100；投诉件数、未回复数、"
               "超期办件数等越少越好的指标反过来算，换算分 = (1 − 数值 ÷ 最大值) × 100（各单位都为 0 时均为 100），"
               "所以条越长越好。灰色条是没有好坏方向的指标（如进驻事项数），只表示规模。只包括至少两家单位有数据的指标；"
               "「未说明」表示原文未给出。条上的文字是原始数值。")
