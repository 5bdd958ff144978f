"""The export buttons: the only module of govdash/exports that imports Streamlit.

Each file is built only when its button is clicked (st.download_button with a callable, run by
Streamlit on its own thread; on_click="ignore", so the page does not rerun). A click where nothing
matches the filters, or that fails, downloads a file that says so in Chinese, never an error page."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import streamlit as st

from govdash.exports import briefing, data, meeting_pack, workbook
from govdash.exports.pdf_pack import chromium_available

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PDF = "application/pdf"

log = logging.getLogger(__name__)


def _today() -> str:
    return f"{dt.date.today():%Y%m%d}"


def deferred(build: Callable[[], bytes], notice: Callable[[str], bytes], what: str) -> Callable[[], bytes]:
    """The callable a download button runs on click. Whatever goes wrong, the user gets the file they
    asked for saying so in Chinese (Streamlit would show its English 「Failed to generate file for
    download」): the ExportError's own message, or for an unexpected fault a message with the time
    to quote to the administrator, whose server log has the traceback."""
    def run() -> bytes:
        try:
            return build()
        except data.ExportError as exc:
            return notice(str(exc))
        except Exception:
            when = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
            log.exception("export of %s failed at %s", what, when)
            return notice(f"{what}未能生成：服务器出错（{when}），详情已记入服务器日志。请稍后重试；"
                          "如仍失败，请将此时间告知系统管理员。")
    return run


def _xlsx(f: data.ExportFilters) -> Callable[[], bytes]:
    return deferred(lambda: workbook.workbook_bytes(f), workbook.notice_bytes, "Excel 工作簿")


def _docx(f: data.ExportFilters) -> Callable[[], bytes]:
    return deferred(lambda: briefing.briefing_bytes(f), briefing.notice_bytes, "简报")


def _pack(params: dict, suffix: str) -> Callable[[], bytes]:
    return deferred(lambda: meeting_pack.pack_bytes(params, suffix),
                    lambda message: meeting_pack.notice_bytes(message, suffix), f"会议材料 {suffix[1:].upper()}")


def sidebar_downloads(f) -> None:
    """下载 Excel and 下载简报（Word） for the current filters (govdash.desk.filters.Filters), in the sidebar."""
    ef = data.ExportFilters.of(f)
    stem = f"{ef.file_stem()}-{_today()}"
    with st.sidebar:
        st.markdown("### 导出")
        st.download_button("下载 Excel", data=_xlsx(ef), file_name=f"政务服务数据-{stem}.xlsx", mime=XLSX,
                           on_click="ignore", key="export_xlsx", width="stretch", icon=":material/table:",
                           help="当前筛选下的全部数据：每个主题一张表，数值可计算，界限值的限定词单列，每行链接到原文出处")
        st.download_button("下载简报（Word）", data=_docx(ef), file_name=f"政务服务简报-{stem}.docx", mime=DOCX,
                           on_click="ignore", key="export_docx", width="stretch", icon=":material/description:",
                           help="当前筛选下各主题的要点语句，每句带脚注注明文件与原文")


def meeting_pack_buttons(params) -> None:
    """The meeting screen's agenda (its link parameters: agenda, slides, snapshot, title) as a meeting
    pack: one small button opening PPTX and PDF downloads, for the presenter controls."""
    wanted = meeting_pack.pack_params(params.get("agenda"), params.get("slides"), params.get("snapshot"), params.get("title"))
    name = params.get("snapshot") or params.get("agenda") or ("链接议程" if params.get("slides") else "默认议程")
    with st.popover("⤓", help="下载本议程的会议材料（PPTX / PDF）", type="tertiary", key="mtg-export"):
        st.download_button("会议材料 PPTX", data=_pack(wanted, ".pptx"),
                           file_name=f"会议材料-{name}-{_today()}.pptx", mime=PPTX, on_click="ignore", key="mtg-export-pptx")
        if chromium_available():
            st.download_button("会议材料 PDF", data=_pack(wanted, ".pdf"),
                               file_name=f"会议材料-{name}-{_today()}.pdf", mime=PDF, on_click="ignore", key="mtg-export-pdf")
        else:
            st.caption("导出 PDF 需服务器安装 chromium")


def round_results_workbook(round_id: str, spec, table, detail, closed: bool, on_download=None) -> None:
    """评议组织: a closed round's results as an Excel workbook (rules, results, detail);
    `on_download` is called when it is downloaded (the organiser page audits it)."""
    if not closed:
        st.caption("结束测评后可下载结果工作簿（Excel）。")
        return
    facts = [("被评议单位", "、".join(spec.units)), ("测评项目", "、".join(spec.criteria)),
             ("评议人分组", "、".join(spec.groups)), ("分值", f"{spec.scale_text} 分"),
             ("等次门槛", "，".join(f"{g.name} ≥ {g.min_score:g}" for g in spec.grades[:-1]) + f"，其余为{spec.grades[-1].name}"),
             ("状态", "已结束")]
    st.download_button("下载结果（Excel）", data=deferred(lambda: workbook.round_workbook_bytes(spec.title, facts, table, detail),
                                                       workbook.notice_bytes, "结果工作簿"),
                       file_name=f"测评结果-{round_id}.xlsx", mime=XLSX, on_click=on_download or "ignore",
                       key="rounds_results_xlsx")
