"""Entry point: page config, the shared filters, and the grouped navigation."""

from urllib.parse import urlparse

import streamlit as st

from govdash import filters
from govdash.config import APP_TITLE, ROOT
from govdash.db import WarehouseMissing, run_query

st.set_page_config(
    page_title=APP_TITLE,
    # A local image: an emoji or Material icon favicon would be fetched from the internet.
    page_icon=str(ROOT / "static" / "favicon.png"),
    layout="wide",
    menu_items={"Get help": None, "Report a bug": None, "About": f"{APP_TITLE}：政务服务公开数据的指标仓库与看板，离线运行。"},
)


def page(file: str, title: str, url_path: str, default: bool = False, hidden: bool = False) -> st.Page:
    return st.Page(ROOT / "pages" / file, title=title, url_path=url_path, default=default,
                   visibility="hidden" if hidden else "visible")


MEETING = "meeting"


pages = {
    "看板": [page("overview.py", "总览", "overview", default=True)],
    "专题": [
        page("one_network.py", "一网通办", "one-network"),
        page("good_bad_reviews.py", "好差评", "good-bad-reviews"),
        page("supervision.py", "互联网+监管", "supervision"),
        page("complaints.py", "投诉与热线", "complaints"),
    ],
    "分析": [
        page("rankings.py", "排名", "rankings"),
        page("compare.py", "地区对比", "compare"),
        page("rectification.py", "整改台账", "rectification"),
    ],
    "评议": [
        page("window_units.py", "窗口单位评议", "window-units"),
        page("ballot.py", "测评表", "ballot"),
        page("rounds.py", "评议组织", "rounds"),
    ],
    "数据": [
        page("sources.py", "数据来源", "sources"),
        page("home.py", "数据概况", "about"),
        # 会议大屏: reachable by its URL only, not listed in the desk navigation.
        page("meeting.py", "会议大屏", MEETING, hidden=True),
    ],
}
# The 测评表 pages read only the ballot box (govdash/ballots.py): the shared filters would mean
# nothing there (and confuse an evaluator on a phone), and they work before the warehouse exists.
PAGES_WITHOUT_FILTERS = {"ballot", "rounds"}
# The meeting screen has no sidebar at all: the browser's URL says which page is asked for
# before st.navigation resolves it, so the menu is not even sent there.
asked_for = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
current_page = st.navigation(pages, position="hidden" if asked_for == MEETING else "sidebar",
                             expanded=True)  # every page listed, no "View more"

if current_page.url_path == MEETING:  # a screen for a room: no shared filters
    current_page.run()
    st.stop()

if current_page.url_path in PAGES_WITHOUT_FILTERS:
    filters.keep_state()
else:
    try:
        st.session_state["_filters"] = filters.render_sidebar()
        generated = run_query("app/generated_data").iloc[0]
    except WarehouseMissing as exc:
        st.error(str(exc))
        st.stop()
    if generated["generated_sources"]:
        st.warning(f"当前数据仓库含基准测试用的生成数据（{generated['generated_sources']} 份生成文件、"
                   f"{generated['generated_figures']} 条生成数据，均标有【生成】），数字不是真实统计，不得用于汇报。")

current_page.run()
