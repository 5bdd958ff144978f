"""The export buttons under AppTest: the desk's sidebar offers 下载 Excel and 下载简报（Word） for the
current filters (built only when clicked), the meeting screen its ⤓ control."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from govdash.desk import registry
from tests.support import ROOT

APP = str(ROOT / "app.py")


def labels(at: AppTest, kind: str) -> list[str]:
    return [getattr(e, "proto", None) and e.proto.label for e in at.get(kind)]


def test_desk_sidebar_offers_the_downloads(real_db, use_db):
    use_db(real_db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(registry.OVERVIEW.script).run()
    assert not at.exception, [e.value for e in at.exception]
    assert {"下载 Excel", "下载简报（Word）"} <= set(labels(at.sidebar, "download_button"))


def test_meeting_screen_offers_the_pack(real_db, use_db):
    use_db(real_db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["slides"] = "总览"
    at.switch_page(registry.MEETING.script).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "会议材料 PPTX" in labels(at, "download_button")
