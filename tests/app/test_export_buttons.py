"""The export buttons under AppTest: the desk's sidebar offers 下载 Excel and 下载简报（Word） for the
current filters (built only when clicked), the meeting screen its ⤓ control."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from govdash.desk import registry
from tests.app.test_pages import open_page


def labels(at: AppTest, kind: str) -> list[str]:
    return [getattr(e, "proto", None) and e.proto.label for e in at.get(kind)]


def test_desk_sidebar_offers_the_downloads(real_db, use_db):
    use_db(real_db)
    at = open_page(registry.OVERVIEW)
    assert not at.exception, [e.value for e in at.exception]
    assert {"下载 Excel", "下载简报（Word）"} <= set(labels(at.sidebar, "download_button"))


def test_meeting_screen_offers_the_pack(real_db, use_db):
    use_db(real_db)
    at = open_page(registry.MEETING, {"slides": "总览"})  # through app.py and its access gate
    assert not at.exception, [e.value for e in at.exception]
    assert "会议材料 PPTX" in labels(at, "download_button")
