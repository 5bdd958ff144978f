"""首页: what the warehouse holds, so a new user sees at once that it works."""

import plotly.express as px
import streamlit as st

from govdash.charts import TEMPLATE, THEME_COLORS, show
from govdash.config import APP_TITLE
from govdash.db import run_query
from govdash.views import TABLE_ROWS, shown_of, with_labels

DOC_CHART_LIMIT = 20  # documents on the chart (those with most figures)

st.title(APP_TITLE)
st.caption("数据取自各地公开发布的巡察整改通报、工作总结与民主评议报告；每个数字都附有原文出处，可逐条核对。")

counts = run_query("home/warehouse_counts").iloc[0]  # app.py has already explained a missing warehouse

cols = st.columns(4)
cols[0].metric("来源文件", f"{counts.source_count} 份", border=True)
cols[1].metric("涉及地区", f"{counts.region_count} 个", border=True)
cols[2].metric("指标", f"{counts.indicator_count} 项", border=True)
cols[3].metric("数据", f"{counts.figure_count} 条", border=True)
st.caption(
    f"另有巡察问题 {counts.problem_count} 个；其中 {counts.interpreted_count} 条数据附有释读说明"
    f"（原文脱字、数字连写等）。数据仓库生成于 {counts.built_at:%Y-%m-%d %H:%M}。"
)

by_theme = run_query("home/figures_by_source_theme", limit=DOC_CHART_LIMIT)
by_theme["document"] = by_theme["doc_no"] + " " + by_theme["source_region"]
fig = px.bar(
    by_theme,
    x="figure_count",
    y="document",
    color="theme",
    color_discrete_map=THEME_COLORS,
    category_orders={"theme": list(THEME_COLORS), "document": sorted(by_theme["document"].unique())},
    orientation="h",
    template=TEMPLATE,
    labels={"figure_count": "数据条数", "document": "来源文件", "theme": "主题"},
    hover_data={"source_title": True, "document": False},
    title="各来源文件提供的数据（按主题）",
)
fig.update_layout(legend_title_text="")
show(fig, key="home_by_theme", height=420)
doc_note = shown_of(by_theme["doc_no"].nunique(), by_theme["doc_total"].max(), "份文件", "图中为数据最多的几份。")
if doc_note:
    st.caption(doc_note)

st.subheader("来源文件")
sources = run_query("home/sources_overview", limit=TABLE_ROWS)
source_note = shown_of(len(sources), counts.source_count, "份文件", "按编号排在前面的几份；全部文件见「数据来源」。")
if source_note:
    st.caption(source_note)
st.dataframe(
    sources,
    hide_index=True,
    column_config={
        "doc_no": "编号",
        "title": st.column_config.TextColumn("标题", width="large"),
        "issuer": "发布单位",
        "doc_type": "类型",
        "region": "地区",
        "published_on": st.column_config.DateColumn("发布日期", format="YYYY-MM-DD"),
        "figure_count": "数据条数",
        "indicator_count": "指标数",
        "problem_count": "巡察问题数",
        "first_period_on": st.column_config.DateColumn("最早期间", format="YYYY-MM-DD"),
        "last_period_on": st.column_config.DateColumn("最晚期间", format="YYYY-MM-DD"),
    },
)

st.subheader("最新数据样例")
sample = with_labels(run_query("home/recent_figures", limit=12)).rename(columns={"label": "数值", "bound_label": "取值性质"})
st.dataframe(
    sample[["theme", "indicator", "region", "org_unit", "period_label", "数值", "取值性质", "stage", "doc_no", "evidence", "note"]],
    hide_index=True,
    column_config={
        "theme": "主题",
        "indicator": "指标",
        "region": "地区",
        "org_unit": "单位/部门",
        "period_label": "期间",
        "stage": "阶段",
        "doc_no": "来源",
        "evidence": st.column_config.TextColumn("原文引文", width="large"),
        "note": st.column_config.TextColumn("释读说明", width="medium"),
    },
)
