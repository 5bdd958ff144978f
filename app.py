"""Entry point: page config, who is signed in, the navigation built from the page registry
(govdash/desk/registry.py) with only the pages this user may open, and the shared filters."""

from urllib.parse import quote, urlparse

import streamlit as st

from govdash.accounts import gate, panels
from govdash.accounts.roles import ROLE_NAMES
from govdash.accounts.store import store as account_store
from govdash.config import APP_TITLE, ROOT
from govdash.desk import filters, registry
from govdash.evaluation import organiser
from govdash.exports.ui import sidebar_downloads
from govdash.safe import md
from govdash.warehouse.db import WarehouseMissing, run_query

st.set_page_config(
    page_title=APP_TITLE,
    # A local image: an emoji or Material icon favicon would be fetched from the internet.
    page_icon=str(ROOT / "static" / "favicon.png"),
    layout="wide",
    menu_items={"Get help": None, "Report a bug": None, "About": f"{APP_TITLE}：政务服务公开数据的指标仓库与看板，离线运行。"},
)

user = gate.current_user()


def listed(page: registry.Page) -> bool:
    if page == registry.SIGN_IN:
        return user is None
    return page.is_listed and gate.may_open(page, user)


def st_page(page: registry.Page) -> st.Page:
    return st.Page(page.path, title=page.title, url_path=page.url_path, default=page.is_default,
                   visibility="visible" if listed(page) else "hidden")


# The st.Page objects are made once per session and kept while the pages this user may see stay the
# same (making ~20 of them, each resolving its file, was a twelfth of a crowd's script time). Never
# shared between sessions: st.navigation marks the page it returns as the one this run may call.
sections = registry.sections()
shown = tuple(listed(p) for pages in sections.values() for p in pages)
kept = st.session_state.get("_govdash_navigation")
if kept is None or kept[0] != shown:
    kept = (shown, {section: [st_page(p) for p in pages] for section, pages in sections.items()})
    st.session_state["_govdash_navigation"] = kept
navigation = kept[1]
# The meeting screen has no sidebar at all: the browser's URL says which page is asked for
# before st.navigation resolves it, so the menu is not even sent there.
asked_for = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
current_page = st.navigation(navigation, position="hidden" if asked_for == registry.MEETING.url_path else "sidebar",
                             expanded=True)  # every page listed, no "View more"
page = registry.by_url_path(current_page.url_path) or registry.OVERVIEW
if page != registry.ROUNDS:  # an organiser's unlock ends when the session leaves 评议组织
    organiser.forget_unlocks()

# a screen key counts only for a screen page nobody signed in to: only then is the accounts file read
screen_key = (page.needs == "screen" and user is None and bool(st.query_params.get("key"))
              and account_store().screen_key_valid(st.query_params.get("key", "")))
if not gate.may_open(page, user, screen_key):
    st.title(page.title)
    if user is None:
        st.info(f"请先登录再打开「{md(page.title)}」。[前往登录](/{registry.SIGN_IN.url_path}?next=/{quote(page.url_path)})")
    else:
        st.error(f"您的账户（{md(user.name)}，{ROLE_NAMES.get(user.role, user.role)}）没有打开「{md(page.title)}」的权限。"
                 "如需权限，请联系管理员。")
    st.stop()

def run_page() -> None:
    """The page; a warehouse that cannot answer (not built, or built by an older version of the
    program: WarehouseOutdated) is a Chinese message saying what to run, not a stack trace."""
    try:
        current_page.run()
    except WarehouseMissing as exc:
        st.error(md(str(exc)))


if page == registry.MEETING:  # a screen for a room: no shared filters
    run_page()
    st.stop()

if user is not None:
    with st.sidebar:
        st.caption(f"已登录：{md(user.name)}（{ROLE_NAMES.get(user.role, user.role)}）")
        panels.sign_out_button(user)

if not page.uses_filters:
    filters.keep_state()
else:
    try:
        st.session_state["_filters"] = filters.render_sidebar()
        sidebar_downloads(st.session_state["_filters"])  # 下载 Excel, 下载简报（Word）
        generated = run_query("app/generated_data").iloc[0]
    except WarehouseMissing as exc:
        st.error(md(str(exc)))
        st.stop()
    if generated["generated_sources"]:
        st.warning(f"当前数据仓库含基准测试用的生成数据（{generated['generated_sources']} 份生成文件、"
                   f"{generated['generated_figures']} 条生成数据，均标有【生成】），数字不是真实统计，不得用于汇报。")

run_page()
