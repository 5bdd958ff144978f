"""地区对比: one indicator across regions and years, on one axis only when unit and 口径 agree."""

import streamlit as st

from govdash import charts
from govdash.db import run_query
from govdash.filters import current
from govdash.views import chart_block, empty_notice, region_colors, shown_of, with_labels

f = current()
st.title("地区对比")
st.caption(f"选一项指标，比较各地区、各年份的数值。只有同一指标、同一单位的数据才放在同一坐标轴上。{f.describe(ignore_themes=True)}。")

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
st.query_params["indicator"] = indicator
meta = options[options["indicator"] == indicator].iloc[0]
st.caption(f"口径：{meta.definition}")

df = run_query("compare/indicator_figures", indicator=indicator, **{k: v for k, v in f.params().items() if k != "themes"})
if df.empty:
    empty_notice(f, f"「{indicator}」的数据", ignore_themes=True)
    st.stop()
BAR_LIMIT = 60  # bars on the chart; the table keeps them all
total = len(df)
if total > BAR_LIMIT:  # a province's worth of counties: the largest values, and say so
    df = df.nlargest(BAR_LIMIT, "value").sort_values(["region", "period_end_on", "stage"])
    st.caption(shown_of(len(df), total, "条", "图中为数值最大的几条；可用左侧地区筛选比较指定地区。"))
df = with_labels(df)
df["who"] = df["region"] + df["org_unit"].map(lambda u: f"·{u}" if isinstance(u, str) and u else "")
# One bar per region (or unit) and period, so units of one region never stack on one spot.
df["x"] = df["who"] + "｜" + df["period_label"] + df["stage"].map(lambda s: "" if s == "现状" else f"（{s}）")

# Only figures in the catalogue's unit share the axis (the build guarantees it; this keeps the promise visible).
df = df[df["unit"] == meta.unit]
fig = charts.bar_chart(df, f"{indicator}：按地区与期间", x="x", colors=region_colors(), color_by="region", horizontal=True)
if meta.unit == "名":
    fig.update_xaxes(title_text="名次（数值越小越好）")
chart_block(fig, df, key="compare")

notes = []
if df["doc_no"].nunique() > 1:
    notes.append(f"数据来自 {df['doc_no'].nunique()} 份不同文件（{'、'.join(sorted(df['doc_no'].unique()))}），各地统计口径、范围和时点可能不同。")
scopes = sorted({u for u in df["org_unit"].dropna()})
if scopes:
    notes.append("部分数据只涉及某一范围（" + "、".join(scopes) + "），与全地区数据不能直接比较。")
if df["period_grain"].nunique() > 1:
    notes.append("期间粒度不一（" + "、".join(sorted(df["period_grain"].unique())) + "），年度、季度与时点数据不宜直接比大小。")
if (df["bound"] != "exact").any():
    notes.append("含界限值或约数（图中斜线填充），不是确数。")
for note in notes:
    st.warning(note)
