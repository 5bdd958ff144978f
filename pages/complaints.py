"""投诉与热线: complaints received and how they were handled, 12345 hotline figures."""

import streamlit as st

from govdash import charts
from govdash.filters import current
from govdash.views import chart_block, empty_notice, figures_for, theme_page

THEME = "投诉与热线"
HANDLING = ["投诉件数", "投诉回复数", "投诉按时回复数", "投诉未回复数", "超期办件数"]

f = current()
df = figures_for(f, themes=(THEME,))
by_unit = figures_for(f, themes=())
by_unit = by_unit[by_unit["indicator"].isin(HANDLING) & by_unit["org_unit"].notna()]
if len(by_unit):
    st.title(THEME)
    st.subheader("各单位投诉收到、回复与超期")
    by_unit = by_unit.assign(series=by_unit["indicator"])
    fig = charts.bar_chart(by_unit, "投诉收到 / 回复 / 超期（按单位）", x="org_unit", color_by="indicator")
    chart_block(fig, by_unit, key="complaints_by_unit")
    theme_page(THEME, "投诉件数与办理、12345 政务服务便民热线（来电、接通率、办结）。", show_title=False)
elif df.empty:
    st.title(THEME)
    empty_notice(f, "投诉与热线数据", ignore_themes=True)
else:
    theme_page(THEME, "投诉件数与办理、12345 政务服务便民热线（来电、接通率、办结）。")
