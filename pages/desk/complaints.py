"""投诉与热线: complaints received and how they were handled, 12345 hotline figures."""

import streamlit as st

from govdash.charts import figures as charts
from govdash.charts.style import COMPLAINT_COLORS
from govdash.desk import limits
from govdash.desk.components import caption, chart_block, empty_notice, shown_of
from govdash.desk.filters import current
from govdash.desk.theme_page import theme_page
from govdash.evaluation.window_units import COMPLAINT_INDICATORS
from govdash.labels import with_labels
from govdash.warehouse.db import run_query

THEME = "投诉与热线"
INTRO = "投诉件数与办理、12345 政务服务便民热线（来电、接通率、办结）。"

f = current()
params = f.params((THEME,))
by_unit = with_labels(run_query("complaints/handling_by_unit", indicators=list(COMPLAINT_INDICATORS),
                                **{k: v for k, v in params.items() if k != "themes"}, limit=limits.COMPLAINT_UNITS))
if len(by_unit):
    st.title(THEME)
    st.subheader("各单位投诉收到、回复与超期")
    caption(shown_of(by_unit["org_unit"].nunique(), by_unit["unit_total"].iloc[0], "个单位", "图中为投诉件数最多的单位。"))
    by_unit = by_unit.assign(series=by_unit["indicator"])
    fig = charts.bar_chart(by_unit, "投诉收到 / 回复 / 超期（按单位）", x="org_unit", color_by="indicator",
                           colors=COMPLAINT_COLORS)
    chart_block(fig, by_unit, key="complaints_by_unit")
    theme_page(THEME, INTRO, show_title=False)
elif run_query("overview/theme_summary", **params).empty:
    st.title(THEME)
    empty_notice(f, "投诉与热线数据", ignore_themes=True)
else:
    theme_page(THEME, INTRO)
