"""整改台账: inspection problems by document and category, status, and the figures tied to them."""

import streamlit as st

from govdash.charts import figures as charts
from govdash.charts.render import show
from govdash.desk import limits
from govdash.desk.components import empty_notice, lazy_figure_table, on_open, shown_of, to_csv_bytes
from govdash.desk.filters import current
from govdash.labels import with_labels
from govdash.safe import md
from govdash.warehouse.db import run_query

f = current()
st.title("整改台账")
st.caption(f"巡察整改通报中列出的问题、整改状态，以及与问题相关的整改前后数据。{md(f.describe(ignore_themes=True))}（按文件所属地区筛选）。")

problems = run_query("rectification/problems_with_figures", regions=list(f.regions), limit=limits.PROBLEMS)
if problems.empty:
    empty_notice(f, "巡察整改问题", ignore_themes=True)
    st.stop()

show(charts.problems_by_status(run_query("rectification/problem_counts", regions=list(f.regions))), key="rect_chart")
st.caption(md("数据来源：" + "；".join(sorted(set(problems["doc_no"] + "《" + problems["source_title"] + "》"))))
           + shown_of(len(problems), problems["problem_total"].iloc[0], "个问题", "以下只列出前一批；可用左侧地区筛选查看其余。"))
ledger = problems[["doc_no", "problem_no", "category", "title", "status", "figure_count", "evidence"]].rename(columns={
    "doc_no": "来源", "problem_no": "问题编号", "category": "类别", "title": "问题", "status": "整改状态",
    "figure_count": "相关数据条数", "evidence": "原文引文"})


def ledger_table() -> None:
    st.dataframe(ledger, hide_index=True, key="rect_ledger")
    st.download_button("下载问题台账（CSV，Excel 可直接打开）", to_csv_bytes(ledger), file_name="整改台账.csv",
                       mime="text/csv", key="rect_ledger_csv")


on_open("查看数据与出处", "rect_ledger", ledger_table)

tied = with_labels(run_query("rectification/problem_figures", problem_ids=list(problems["problem_id"])))
st.subheader("问题清单")
for doc, group in problems.assign(document=problems["doc_no"] + " " + problems["source_region"]).groupby("document"):
    st.markdown(f"#### {md(doc)}：{md(group['source_title'].iloc[0])}")
    for p in group.itertuples():
        figs = tied[tied["problem_id"] == p.problem_id]
        title = f"问题{p.problem_no}｜{p.category}｜{p.title}｜{p.status}" + (f"｜{len(figs)} 条数据" if len(figs) else "")
        note = f"\n\n说明：{md(p.note)}" if isinstance(p.note, str) and p.note else ""  # its own paragraph
        lazy_figure_table(figs, key=f"rect_{p.problem_id}", label=md(title), intro=f"> {md(p.evidence)}{note}")
