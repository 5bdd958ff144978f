"""Meeting agendas: reading them, the rotation from the clock, and playback kept in the query string."""

from __future__ import annotations

import pytest

from govdash.meeting import agenda as agendas
from govdash.vocabulary import THEMES

GOOD = """
title = "月度例会"
seconds = 15
regions = ["长沙市"]

[[slides]]
slide = "总览"
seconds = 30

[[slides]]
slide = "好差评"

[[slides]]
slide = "headline:互联网+监管"

[[slides]]
slide = "ranking"
"""


def test_agenda_is_read_with_defaults_and_aliases():
    a = agendas.parse_agenda(GOOD, "monthly", "data/agendas/monthly.toml")
    assert a.title == "月度例会" and a.regions == ("长沙市",)
    assert [s.name for s in a.slides] == ["overview", "headline:好差评", "headline:互联网+监管", "ranking"]
    assert [s.seconds for s in a.slides] == [30, 15, 15, 15]
    assert a.cycle == 75


@pytest.mark.parametrize(("text", "expected"), [
    ('[[slides]]\nslide = "总览"\n[[slides]]\nslide = "饼图"', "第2页（[[slides]] 第2项） 字段「slide」：未知的幻灯片「饼图」"),
    ('[[slides]]\nslide = "headline:火星"', "「火星」不是主题"),
    ('[[slides]]\nslide = "ranking:好差评"', "「ranking」页不带参数"),
    ('[[slides]]\nslide = "总览"\nseconds = 0', "第1页（[[slides]] 第1项） 字段「seconds」：应为 2–3600 之间的整数秒，实际为「0」"),
    ('[[slides]]\nslide = "总览"\nseconds = "十"', "字段「seconds」：应为 2–3600 之间的整数秒，实际为「十」"),
    ('[[slides]]\nslide = "总览"\nseconds = 2.5', "实际为「2.5」"),
    ('seconds = 99999\n[[slides]]\nslide = "总览"', "x.toml 字段「seconds」：应为 2–3600"),
    ('title = "会"', "字段「slides」：至少需要一页"),
    ('colour = "red"\n[[slides]]\nslide = "总览"', "字段「colour」：未知字段"),
    ('[[slides]]\nslide = "总览"\nsecs = 5', "字段「secs」：未知字段"),
    ('[[slides]]\nseconds = 5', "字段「slide」：缺少幻灯片名称"),
    ('regions = "长沙市"\n[[slides]]\nslide = "总览"', "字段「regions」：应为地区名称的列表"),
    ('[[slides]\nslide = "总览"', "不是合法的 TOML"),
])
def test_bad_agenda_names_file_and_field(text, expected):
    with pytest.raises(agendas.AgendaError) as err:
        agendas.parse_agenda(text, "x", "data/agendas/x.toml")
    assert "data/agendas/x.toml" in str(err.value)
    assert expected in str(err.value)


def test_every_problem_is_reported_at_once():
    text = '[[slides]]\nslide = "饼图"\n[[slides]]\nslide = "总览"\nseconds = -1\n[[slides]]\nslide = "排名"'
    with pytest.raises(agendas.AgendaError, match="有 2 处问题") as err:
        agendas.parse_agenda(text, "x", "x.toml")
    assert "第1页" in str(err.value) and "第2页" in str(err.value) and "第3页" not in str(err.value)


def test_default_agenda_covers_every_theme_and_slide_kind():
    a = agendas.default_agenda()
    assert {s.theme for s in a.slides if s.kind == "headline"} == set(THEMES)
    assert {s.kind for s in a.slides} == set(agendas.KINDS)
    assert len({s.name for s in a.slides}) == len(a)


def test_saved_agendas_in_the_repository_are_valid():
    saved = agendas.saved_agendas()
    assert "rectification" in saved
    for name in saved:
        assert len(agendas.load_agenda(name)) > 0


def test_unknown_or_malformed_agenda_name(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVDASH_AGENDAS", str(tmp_path))
    (tmp_path / "weekly.toml").write_text('[[slides]]\nslide = "排名"\n', encoding="utf-8")
    with pytest.raises(agendas.AgendaError, match="议程「monthly」不存在.*已保存的议程：weekly"):
        agendas.load_agenda("monthly")
    # a name is checked against the saved agendas before any file is touched (tester: 'America' and
    # long names raised IsADirectoryError / OSError)
    (tmp_path / "America").mkdir()
    for name in ("../secrets", "America", "长" * 300, "weekly/../weekly"):
        with pytest.raises(agendas.AgendaError, match="不存在"):
            agendas.load_agenda(name)
    assert agendas.load_agenda(None) == agendas.default_agenda()  # no default.toml: the built-in one
    (tmp_path / "default.toml").write_text('[[slides]]\nslide = "排名"\n', encoding="utf-8")
    assert [s.kind for s in agendas.load_agenda(None).slides] == ["ranking"]


def test_agenda_in_the_link():
    a = agendas.inline_agenda("总览，好差评,window_units", "周会")
    assert [s.name for s in a.slides] == ["overview", "headline:好差评", "window_units"] and a.title == "周会"
    with pytest.raises(agendas.AgendaError, match="链接参数「slides」第2项"):
        agendas.inline_agenda("总览,饼图")


def three_slides() -> agendas.Agenda:
    return agendas.Agenda("t", "t", (agendas.Slide("overview", seconds=10), agendas.Slide("ranking", seconds=20),
                                     agendas.Slide("before_after", seconds=30)))


@pytest.mark.parametrize(("t", "index", "remaining"), [
    (0, 0, 10), (9.5, 0, 0.5), (10, 1, 20), (29.9, 1, 0.1), (30, 2, 30), (59, 2, 1), (60, 0, 10), (6000 + 15, 1, 15),
])
def test_slide_at_time(t, index, remaining):
    pos = three_slides().at(t)
    assert pos.index == index and pos.remaining == pytest.approx(remaining)


def test_anchor_and_interval():
    a = three_slides()
    assert a.at(1_000_000, start=1_000_000 - 12).index == 1
    assert a.start_for(2, 1000.7) == 1000 - 30
    assert a.at(1000.7, a.start_for(2, 1000.7)).index == 2
    b = a.with_interval(2)
    assert b.cycle == 6 and [b.at(t).index for t in range(7)] == [0, 0, 1, 1, 2, 2, 0]


def test_pause_step_resume_through_the_query_string():
    a = three_slides()
    now = 1_200_015.0  # slide 2 (index 1) of a rotation anchored at the epoch: 15 s into the cycle
    running, warnings = agendas.read_playback({}, len(a))
    assert not warnings and agendas.position(a, running, now).index == 1
    paused_q = agendas.pause_params(a, running, now)
    assert paused_q == {"pause": "1", "slide": "2", "start": None}
    paused, _ = agendas.read_playback({k: v for k, v in paused_q.items() if v}, len(a))
    later = now + 3600
    assert agendas.position(a, paused, later) == agendas.Position(1, 0.0, None)  # stays put
    assert agendas.step_params(a, paused, later, 1) == {"pause": "1", "slide": "3", "start": None}
    assert agendas.step_params(a, paused, later, -2)["slide"] == "3"  # wraps around
    resumed_q = agendas.resume_params(a, paused, later)
    resumed, _ = agendas.read_playback({"start": resumed_q["start"]}, len(a))
    assert resumed_q["pause"] is None and agendas.position(a, resumed, later).index == 1
    assert agendas.position(a, resumed, later + 20).index == 2  # carries on from there
    stepped = agendas.step_params(a, running, now, 1)
    assert agendas.position(a, agendas.Playback(start=float(stepped["start"])), now).index == 2


def test_bad_playback_values_are_explained():
    playback, warnings = agendas.read_playback({"slide": "三", "start": "x", "pause": "1"}, 3)
    assert playback == agendas.Playback(paused=True, slide=0, start=0.0)
    assert any("「slide」" in w for w in warnings) and any("「start」" in w for w in warnings)
    assert agendas.read_interval("1") == (None, ["链接参数「interval」应为 2–3600 之间的整数秒，「1」已忽略"])
    assert agendas.read_interval("5") == (5, [])
    assert agendas.read_watchdog(None) == (45, [])
    assert agendas.read_watchdog("90") == (90, [])
    assert agendas.read_watchdog("2") == (45, ["链接参数「watchdog」应为 5–600 之间的整数秒，「2」已忽略"])
    assert agendas.read_watchdog("半分钟") == (45, ["链接参数「watchdog」应为 5–600 之间的整数秒，「半分钟」已忽略"])
