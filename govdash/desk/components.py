"""Page components several desk pages share: a chart with its source line, table and download;
the figures table with evidence links; a table built only when opened; the empty-selection
message. The theme pages' sections are in theme_page.py."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from govdash.charts.render import show
from govdash.charts.style import region_colors as _region_colors
from govdash.desk import limits
from govdash.desk.filters import Filters
from govdash.desk.registry import evidence_link
from govdash.labels import source_line
from govdash.safe import md, spreadsheet_csv
from govdash.warehouse.db import run_query

TABLE_COLUMNS = {
    "theme": "主题", "indicator": "指标", "region": "地区", "org_unit": "单位/部门", "period_label": "期间",
    "label": "数值", "bound_label": "取值性质", "stage": "阶段", "doc_no": "来源", "evidence": "原文引文",
    "note": "释读说明", "link": "出处",
}


def source_links(before_id: str, after_id: str) -> str:
    """Markdown links that open the before and after sentences in 数据来源."""
    return f"[前]({evidence_link(before_id)}) · [后]({evidence_link(after_id)})"


def caption(text: str) -> None:
    """A caption, when there is something to say (shown_of says nothing when everything is shown)."""
    if text:
        st.caption(text)


def shown_of(shown: int, total: int, what: str = "条", hint: str = "可用左侧地区、年份筛选缩小范围。") -> str:
    """'共 67,000 条，此处为其中 500 条。…' when a page shows only part of what matches."""
    return f"共 {int(total):,} {what}，此处显示其中 {int(shown):,} {what}。{hint}" if total > shown else ""


def region_colors() -> dict[str, str]:
    """Each region's fixed colour (its place in the warehouse's full region list)."""
    return _region_colors(list(run_query("filters/options")["region"]))


def empty_notice(f: Filters, what: str, ignore_themes: bool = False) -> None:
    st.info(f"当前筛选条件下没有{md(what)}。当前条件：{md(f.describe(ignore_themes))}。"
            "可在左侧放宽地区、年份或主题，或点「清除筛选」。", icon="ℹ️")


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV for a download: Excel-ready and formula-safe (safe.spreadsheet_csv)."""
    return spreadsheet_csv(df)


def export_frame(df: pd.DataFrame) -> pd.DataFrame:
    cols = ["figure_id", "theme", "indicator", "region", "org_unit", "period_label", "value", "unit", "rank_total",
            "qualifier", "bound_label", "stage", "doc_no", "evidence", "note"]
    names = {"figure_id": "编号", "value": "数值", "unit": "单位", "rank_total": "参评总数", "qualifier": "限定词",
             "bound_label": "取值性质", **{k: v for k, v in TABLE_COLUMNS.items() if k not in ("label",)}}
    return df[[c for c in cols if c in df.columns]].rename(columns=names)


def figure_table(df: pd.DataFrame, key: str, height: int | None = None, everything=None) -> None:
    """Figures with their evidence and a link that opens the sentence in 数据来源.

    `everything`, when given, is a function returning the full frame for the download (built
    only when someone clicks), for tables that show only part of what matches."""
    cols = [c for c in TABLE_COLUMNS if c in df.columns]
    st.dataframe(
        df[cols], hide_index=True, key=key, height=height or "auto",
        column_config={
            **{c: TABLE_COLUMNS[c] for c in cols},
            "evidence": st.column_config.TextColumn("原文引文", width="large"),
            "note": st.column_config.TextColumn("释读说明", width="medium"),
            "link": st.column_config.LinkColumn("出处", display_text="查看原文"),
        },
    )
    data = (lambda: to_csv_bytes(export_frame(everything()))) if everything else to_csv_bytes(export_frame(df))
    st.download_button("下载表格（CSV，Excel 可直接打开）", data, file_name=f"{key}.csv", mime="text/csv",
                       key=f"{key}_csv", icon=None, on_click="ignore")


@st.fragment
def on_open(label: str, key: str, build, intro: str | None = None) -> None:
    """An expander whose content is only built and sent when someone opens it: `build()` runs
    inside it then. A closed expander would otherwise still carry its table to the browser on
    every run, and the browser would load and draw the table component for nothing. Opening
    it re-runs only this fragment, not the page. Tests open it with session_state[f"{key}_open"]."""
    with st.expander(label, key=f"{key}_open", on_change="rerun") as box:
        if intro:
            st.markdown(intro)
        if box.open:
            build()


def lazy_figure_table(data: pd.DataFrame, key: str, label: str = "查看数据与出处", intro: str | None = None) -> None:
    """A chart's figures as a table with evidence links, built when its expander is opened."""
    on_open(label, key, lambda: figure_table(data, key=key) if len(data) else None, intro=intro)


# What a chart's caption says when its figures include such cases (column of the figures, note).
CHART_NOTES = (
    ("is_bound", "　空心三角（△ 下限、▽ 上限）、菱形和斜线填充表示界限值或约数，不是确数。"),
    ("is_year_to_date", "　标 * 的是年内截至某时的累计数（期间见悬停），不是全年数。"),
    ("is_doubtful", "　标「存疑」的数据原文释读有疑问，理由见悬停和表格的释读说明。"),
    ("is_derived", "　标「推算」的数据由互补指标推算（100% 减去原文所给比率），不是原文直接给出的数。"),
)


def chart_block(fig: go.Figure, data: pd.DataFrame, key: str) -> None:
    """A chart, its data-source note, and its numbers as a table with evidence and download."""
    show(fig, key=f"{key}_chart")
    st.caption(md(source_line(data, limit=limits.SOURCE_LINE_DOCS) + "".join(
        note for column, note in CHART_NOTES if column in data and data[column].fillna(False).astype(bool).any())))
    lazy_figure_table(data, key=key)


