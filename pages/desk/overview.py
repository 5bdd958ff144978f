"""总览: the leader's first screen (key indicators per region, where the regions are behind), then the
largest changes, coverage of regions and years, one card per theme."""

import streamlit as st

from govdash.charts import figures as charts
from govdash.charts.render import show
from govdash.desk import first_screen, limits
from govdash.desk.components import caption, empty_notice, on_open, shown_of, to_csv_bytes
from govdash.desk.filters import current
from govdash.desk.theme_page import pairs_for
from govdash.safe import md
from govdash.vocabulary import THEMES
from govdash.warehouse.db import run_query

f = current()
st.title("总览")
st.caption(f"重点指标的最新值、与上一期可比数据的变化和排名。{md(f.describe())}。悬停可见原文，「原文」打开出处句子。")

params = f.params()
summary = run_query("overview/theme_summary", **params)
if summary.empty:
    empty_notice(f, "任何数据")
    st.stop()

first_screen.key_cards(f)
st.subheader("落后之处")
first_screen.behind(f)

# The query keeps each theme's most important changes in each direction, so the overall top ones are among them.
pairs_all = pairs_for(f, limit=limits.OVERVIEW_CHANGES)
first_screen.largest_changes(pairs_all)

st.subheader("数据覆盖：哪些文件说到哪个地区、哪一年")
coverage = run_query("overview/coverage_region_year", **params, limit=limits.COVERAGE_REGIONS)
show(charts.coverage_heatmap(coverage), key="overview_coverage_chart")
caption("来源文件编号见各单元格，文件详情见「数据来源」页。" + shown_of(
    coverage["region"].nunique(), coverage["region_total"].iloc[0], "个地区", "图中为数据最多的地区；可用左侧地区筛选查看其余。"))
table = coverage.drop(columns="region_total").rename(
    columns={"region": "地区", "year": "年份", "figure_count": "数据条数", "docs": "来源文件"})


def coverage_table() -> None:
    st.dataframe(table, hide_index=True, key="overview_coverage_table")
    st.download_button("下载表格（CSV，Excel 可直接打开）", to_csv_bytes(table), file_name="数据覆盖.csv",
                       mime="text/csv", key="overview_coverage_csv")


on_open("查看数据", "overview_coverage_table", coverage_table)

st.subheader("各主题要点")
first_screen.theme_cards(f, summary, pairs_all, THEMES)
