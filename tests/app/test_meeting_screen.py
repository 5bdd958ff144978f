"""The meeting screen (/meeting) under AppTest: every slide runs, the clock sets the slide, bad links are explained."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from govdash.desk import registry
from govdash.meeting import agenda as agendas
from govdash.warehouse import build, snapshot
from tests.app.test_pages import open_page


def open_meeting(query: dict) -> AppTest:
    """/meeting as the server runs it: app.py first (its access gate), then the page."""
    return open_page(registry.MEETING, query)


def html_text(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


@pytest.mark.parametrize("k", range(1, len(agendas.default_agenda()) + 1))
def test_every_slide_of_the_default_agenda_runs(real_db, use_db, k):
    use_db(real_db)
    at = open_meeting({"pause": "1", "slide": str(k)})
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    text = html_text(at)
    n = len(agendas.default_agenda())
    assert f"<b>{k}</b> / {n}" in text and "已暂停" in text
    assert re.search(r"数据截至 <b>\d{4}年\d{1,2}月\d{1,2}日</b>", text)
    assert "来源：" in text and "实时数据" in text
    assert not at.sidebar  # no shared filters on the meeting screen


def test_rotation_position_comes_from_the_clock(real_db, use_db):
    use_db(real_db)
    at = open_meeting({"slide": "5", "interval": "60"})
    assert not at.exception
    assert "<b>5</b> / 16" in html_text(at)
    assert "slide" not in at.query_params and int(at.query_params["start"]) > 0  # anchored in the link


def test_unknown_snapshot_and_agenda_are_explained(real_db, use_db, tmp_path, monkeypatch):
    use_db(real_db)
    monkeypatch.setenv("GOVDASH_SNAPSHOTS", str(tmp_path))
    at = open_meeting({"snapshot": "没有这个"})
    assert not at.exception and "快照「没有这个」不存在" in at.error[0].value
    at = open_meeting({"agenda": "nosuch"})
    assert not at.exception and "议程「nosuch」不存在" in at.error[0].value


def test_agenda_region_must_exist(real_db, use_db, tmp_path, monkeypatch):
    use_db(real_db)
    monkeypatch.setenv("GOVDASH_AGENDAS", str(tmp_path))
    (tmp_path / "mars.toml").write_text('regions = ["火星市"]\n[[slides]]\nslide = "总览"\n', encoding="utf-8")
    at = open_meeting({"agenda": "mars"})
    assert "字段「regions」" in at.error[0].value and "火星市" in at.error[0].value


def test_snapshot_page_shows_its_name_and_frozen_numbers(fixture_data, tmp_path, use_db, monkeypatch):
    monkeypatch.setenv("GOVDASH_SNAPSHOTS", str(tmp_path / "snaps"))
    live = tmp_path / "live.duckdb"
    build.build(fixture_data, live)
    snapshot.create("例会", live)
    figures = fixture_data / "curated" / "figures" / "900.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",95.06,%,", ",96.5,%,"), encoding="utf-8")
    build.build(fixture_data, live)
    use_db(live)
    frozen = html_text(open_meeting({"snapshot": "例会", "slides": "好差评", "pause": "1"}))
    current = html_text(open_meeting({"slides": "好差评", "pause": "1"}))
    assert "快照「例会」" in frozen and "95.06" in frozen and "96.5" not in frozen
    assert "实时数据" in current and "96.5" in current and "95.06" not in current


def test_controls_pause_and_step(real_db, use_db):
    use_db(real_db)
    at = open_meeting({"interval": "600"})
    shown = int(re.search(r"<b>(\d+)</b> / 16", html_text(at)).group(1))
    at.button(key="mtg-toggle").click().run()
    assert at.query_params["pause"] == "1" and at.query_params["slide"] == str(shown)
    at.button(key="mtg-next").click().run()
    assert at.query_params["slide"] == str(shown % 16 + 1)
    assert f"<b>{shown % 16 + 1}</b> / 16" in html_text(at)
    at.button(key="mtg-toggle").click().run()
    assert "pause" not in at.query_params and "start" in at.query_params
    assert f"<b>{shown % 16 + 1}</b> / 16" in html_text(at)
