"""地区对比: one indicator across regions and years, on one axis only when unit and 口径 agree."""

import streamlit as st

from govdash import analysis
from govdash.charts import figures as charts
from govdash.desk import limits
from govdash.desk.components import chart_block, empty_notice, region_colors, shown_of
from govdash.desk.filters import current
from govdash.desk.url import write_query_params
from govdash.labels import with_labels
from govdash.safe import md
from govdash.warehouse.db import run_query

f = current()
st.title("地区对比")
st.caption("选一项指标，比较各地区、各年份的数值。只有同一指标、同一单位的数据才放在同一坐标轴上。"
           f"{md(f.describe(ignore_themes=True))}。")

options = run_query("compare/indicator_options")
if f.themes:
    options = options[options["theme"].isin(f.themes)]
if options.empty:
    empty_notice(f, "可比较的指标")
    st.stop()
labels = {r.indicator: f"{r.indicator}（{r.unit}；{r.region_count}个地区，{r.figure_count}条）" for r in options.itertuples()}
wanted = st.query_params.get("indicator")
names = list(options["indicator"])
indicator = st.selectbox("指标", names, index=names.index(wanted) if wanted in names else 0,
                         format_func=lambda n: labels[n], key="compare_indicator")
write_query_params({"indicator": indicator})
meta = options[options["indicator"] == indicator].iloc[0]
st.caption(md(f"口径：{meta.definition}"))

df = run_query("compare/indicator_figures", indicator=indicator, **{k: v for k, v in f.params().items() if k != "themes"})
if df.empty:
    empty_notice(f, f"「{indicator}」的数据", ignore_themes=True)
    st.stop()
total = len(df)
df = analysis.comparison_bars(with_labels(df), meta.unit, limits.COMPARE_BARS)
if total > len(df):  # a province's worth of counties: the largest values, and say so
    st.caption(shown_of(len(df), total, "条", "图中为数值最大的几条；可用左侧地区筛选比较指定地区。"))
chart_block(charts.comparison_chart(df, indicator, meta.unit, region_colors()), df, key="compare")
for note in analysis.comparability_notes(df):
    st.warning(md(note))
