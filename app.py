"""Entry point: page config, navigation and the frame shared by every page."""

import streamlit as st

from govdash.config import APP_TITLE, ROOT

st.set_page_config(
    page_title=APP_TITLE,
    # A local image: an emoji or Material icon favicon would be fetched from the internet.
    page_icon=str(ROOT / "static" / "favicon.png"),
    layout="wide",
    menu_items={"Get help": None, "Report a bug": None, "About": f"{APP_TITLE}：政务服务公开数据的指标仓库与看板，离线运行。"},
)

pages = {
    "": [st.Page(ROOT / "pages" / "home.py", title="首页", url_path="home", default=True)],
}
st.navigation(pages).run()
