"""The load benchmark (tools/load/): its verdicts (pure), the protocol client's widget values, and
its smoke run end to end against a real server (5 evaluators, 3 viewers, the meeting screen in
chromium): it fails only on an error or a wrong ballot count, never on timing."""

from __future__ import annotations

import asyncio
import re

import pytest
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.TextInput_pb2 import TextInput

from tests.support import require_chromium
from tools import stream
from tools.load import __main__ as load
from tools.load import crowds


def level(sessions: int, p95: float, errors: int = 0, ballots: int | None = None) -> load.Level:
    tally = crowds.Tally(steps={"打开测评表": [p95 / 2] * 10 + [p95] * 10}, completed=sessions - errors)
    tally.errors = [("超时", "")] * errors
    got = None if ballots is None else {"codes_issued": sessions, "codes_used": ballots, "ballots_in": ballots,
                                        "ballots_whole": ballots, "stray_scores": 0}
    return load.Level(1, "评议", sessions, tally, ballots=got)


def test_capacity_is_the_largest_crowd_that_held():
    r = load.Results(levels=[level(50, 1.0), level(100, 2.9), level(200, 3.5)])
    assert r.capacity(1, "评议") == "100（200 未达标）"
    assert r.capacity(1, "看板") == "未测"
    assert load.Results(levels=[level(50, 3.1)]).capacity(1, "评议") == "< 50"
    assert load.Results(levels=[level(50, 1.0)]).capacity(1, "评议") == "50（更大未测）"


def test_an_error_or_a_wrong_count_never_holds():
    assert not level(50, 1.0, errors=1).holds
    assert level(50, 1.0, ballots=50).holds and level(50, 1.0, ballots=50).count_ok
    wrong = level(50, 1.0, ballots=49)
    assert not wrong.count_ok and not wrong.holds
    assert not load.Results(levels=[wrong]).counts_ok


def test_a_new_widget_holds_what_the_browser_would_send():
    slider = Slider(id="s", default=[2016, 2025])
    assert list(stream.initial_state("slider", slider).double_array_value.data) == [2016, 2025]
    slider.set_value, slider.value[:] = True, [2020, 2021]  # the script set it (e.g. 清除筛选)
    assert list(stream.initial_state("slider", slider).double_array_value.data) == [2020, 2021]
    assert stream.initial_state("text_input", TextInput(id="t")) is None  # empty: nothing to send
    from streamlit.proto.Button_pb2 import Button
    assert stream.initial_state("button", Button(id="b")) is None  # a click is a trigger, not a value


def test_a_fault_of_the_client_ends_the_crowd_with_an_error_instead_of_hanging(monkeypatch):
    async def broken_fetch(*_args, **_kwargs):
        raise ValueError("boom")

    async def body(_session, _start):  # never reached
        raise AssertionError

    monkeypatch.setattr(crowds, "fetch", broken_fetch)
    tally = crowds.Tally()
    asyncio.run(asyncio.wait_for(crowds.crowd("http://127.0.0.1:9", [body, body], 0, [{}], "/", tally), 10))
    assert tally.completed == 0 and tally.errors == [("压测客户端异常", "ValueError: boom")] * 2


@pytest.mark.browser
def test_smoke_run_counts_every_ballot_and_shows_no_error(real_db, tmp_path):
    require_chromium()
    lines: list[str] = []
    status = load.main(["--smoke", "--db", str(real_db), "--work", str(tmp_path)], out=lines.append)
    text = "\n".join(lines)
    results = load.main.results
    assert results.errors == [], text
    assert status == 0 and results.counts_ok, text
    assert [lv.sessions for lv in results.levels] == [5, 3]
    assert all(lv.tally.completed == lv.sessions for lv in results.levels), text
    assert "票箱核对：正确" in text and re.search(r"发出 5 个码，已用 5，收到 5 张，完整 5 张", text), text
    for step in crowds.BALLOT_STEPS + crowds.DESK_STEPS:
        assert re.search(rf"^{re.escape(step)}\s+\d+\s+\d+\.\d\d", text, re.M), step
    assert re.search(r"服务器 CPU：\d+ s.*内存峰值.*MiB", text), text
    assert "会议大屏：换页" in text and results.problems == [], (results.problems, text)
    assert (tmp_path / "load.md").exists()
