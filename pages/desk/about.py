"""数据概况: what the warehouse holds, so a new user sees at once that it works."""

import streamlit as st

from govdash.charts import figures as charts
from govdash.charts.render import show
from govdash.config import APP_TITLE
from govdash.desk import limits
from govdash.desk.components import caption, shown_of
from govdash.labels import with_labels
from govdash.safe import md
from govdash.warehouse.db import run_query

st.title(APP_TITLE)
st.caption("数据取自各地公开发布的巡察整改通报、工作总结与民主评议报告；每个数字都附有原文出处，可逐条核对。")

counts = run_query("about/warehouse_counts").iloc[0]  # app.py has already explained a missing warehouse
current = run_query("about/current_build").iloc[0]
st.markdown(f"**当前数据版本**：{current.built_at:%Y-%m-%d %H:%M:%S} 生成，收录 {current.document_count} 份文件、"
            f"{current.figure_count} 条整理数据（输入指纹 {md(current.input_fingerprint)}）。数据仓库重新生成或发布后，"
            "再打开任一页面即显示新版本。")
for col, (label, value) in zip(st.columns(4), (("来源文件", f"{counts.source_count} 份"), ("涉及地区", f"{counts.region_count} 个"),
                                               ("指标", f"{counts.indicator_count} 项"), ("数据", f"{counts.figure_count} 条")),
                               strict=True):
    col.metric(label, value, border=True)
st.caption(f"另有巡察问题 {counts.problem_count} 个；其中 {counts.interpreted_count} 条数据附有释读说明"
           "（原文脱字、数字连写等）。")

by_theme = run_query("about/figures_by_source_theme", limit=limits.ABOUT_DOCUMENTS)
show(charts.documents_by_theme(by_theme), key="home_by_theme")
caption(shown_of(by_theme["doc_no"].nunique(), by_theme["doc_total"].max(), "份文件", "图中为数据最多的几份。"))

st.subheader("来源文件")
sources = run_query("about/sources_overview", limit=limits.TABLE_ROWS)
caption(shown_of(len(sources), counts.source_count, "份文件", "按编号排在前面的几份；全部文件见「数据来源」。"))
st.dataframe(sources, hide_index=True, column_config={
    "doc_no": "编号", "title": st.column_config.TextColumn("标题", width="large"), "issuer": "发布单位",
    "doc_type": "类型", "region": "地区", "published_on": st.column_config.DateColumn("发布日期", format="YYYY-MM-DD"),
    "figure_count": "数据条数", "indicator_count": "指标数", "problem_count": "巡察问题数",
    "first_period_on": st.column_config.DateColumn("最早期间", format="YYYY-MM-DD"),
    "last_period_on": st.column_config.DateColumn("最晚期间", format="YYYY-MM-DD"),
})

st.subheader("最新数据样例")
sample = with_labels(run_query("about/recent_figures", limit=limits.ABOUT_RECENT)).rename(
    columns={"label": "数值", "bound_label": "取值性质"})
st.dataframe(
    sample[["theme", "indicator", "region", "org_unit", "period_label", "数值", "取值性质", "stage", "doc_no", "evidence", "note"]],
    hide_index=True,
    column_config={"theme": "主题", "indicator": "指标", "region": "地区", "org_unit": "单位/部门", "period_label": "期间",
                   "stage": "阶段", "doc_no": "来源", "evidence": st.column_config.TextColumn("原文引文", width="large"),
                   "note": st.column_config.TextColumn("释读说明", width="medium")},
)
