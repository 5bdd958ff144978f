"""会议大屏: agendas (parsing, validation, where the rotation stands), snapshots, slide builders,
and the page itself under AppTest. Browser checks are in test_meeting_browser.py."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from govdash import agenda as agendas
from govdash import analysis, build, meeting, snapshot
from govdash.curated import THEMES
from govdash.views import with_labels

from .conftest import ROOT

APP = str(ROOT / "app.py")

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


# --- agendas ------------------------------------------------------------------------------

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
    with pytest.raises(agendas.AgendaError, match="不合法"):
        agendas.load_agenda("../secrets")
    assert agendas.load_agenda(None) == agendas.default_agenda()  # no default.toml: the built-in one
    (tmp_path / "default.toml").write_text('[[slides]]\nslide = "排名"\n', encoding="utf-8")
    assert [s.kind for s in agendas.load_agenda(None).slides] == ["ranking"]


def test_agenda_in_the_link():
    a = agendas.inline_agenda("总览，好差评,window_units", "周会")
    assert [s.name for s in a.slides] == ["overview", "headline:好差评", "window_units"] and a.title == "周会"
    with pytest.raises(agendas.AgendaError, match="链接参数「slides」第2项"):
        agendas.inline_agenda("总览,饼图")


# --- where the rotation stands --------------------------------------------------------------

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


# --- snapshots ------------------------------------------------------------------------------

def test_snapshot_is_a_frozen_copy(fixture_data, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVDASH_SNAPSHOTS", str(tmp_path / "snaps"))
    live = tmp_path / "live.duckdb"
    build.build(fixture_data, live)
    path = snapshot.create("3月例会", live)
    assert path == tmp_path / "snaps" / "3月例会.duckdb" and snapshot.names() == ["3月例会"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["3月例会.duckdb"]  # no temporary files left
    # the live warehouse is rebuilt with a changed figure; the snapshot keeps the old one
    figures = fixture_data / "curated" / "figures" / "900.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",95.06,%,", ",96.5,%,"), encoding="utf-8")
    build.build(fixture_data, live)
    query = "SELECT value FROM facts WHERE figure_id = '900-0008'"
    with duckdb.connect(str(live), read_only=True) as con:
        assert con.execute(query).fetchone()[0] == 96.5
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute(query).fetchone()[0] == 95.06
        name, created, built = con.execute("SELECT snapshot_name, created_at, source_built_at FROM snapshot_info").fetchone()
    assert name == "3月例会" and created is not None and built is not None
    with pytest.raises(snapshot.SnapshotError, match="已存在"):
        snapshot.create("3月例会", live)
    with pytest.raises(snapshot.SnapshotError, match="不合法"):
        snapshot.create("../x", live)
    with pytest.raises(snapshot.SnapshotError, match="快照「4月例会」不存在.*已有快照：3月例会"):
        snapshot.existing("4月例会")
    assert snapshot.main(["delete", "3月例会"]) == 0 and snapshot.names() == []


def test_snapshot_needs_a_warehouse(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVDASH_SNAPSHOTS", str(tmp_path / "snaps"))
    assert snapshot.main(["create", "x", "--db", str(tmp_path / "absent.duckdb")]) == 1
    assert not (tmp_path / "snaps" / "x.duckdb").exists()


# --- slide builders -------------------------------------------------------------------------

SLIDE_LIMITS = {"series_limit": meeting.HEADLINE_LIMIT, "rank_limit": meeting.RANK_LIMIT,
                "pair_limit": meeting.PAIR_LIMIT}


def slide_inputs(db, regions=()) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """What the page gives the slide builders: the bounded figures, window units, theme totals."""
    def sql(name):
        return (ROOT / "queries" / "meeting" / f"{name}.sql").read_text(encoding="utf-8")
    with duckdb.connect(str(db), read_only=True) as con:
        df = with_labels(con.execute(sql("slide_figures"), {"regions": list(regions), **SLIDE_LIMITS}).df())
        units = con.execute(sql("window_unit_figures"), {"regions": list(regions)}).df()
        totals = con.execute(sql("theme_totals"), {"regions": list(regions)}).df()
    return df, units, totals


def every_figure(db, regions=()) -> pd.DataFrame:
    """All non-target figures of the regions: what the slides would be built from if nothing were bounded."""
    with duckdb.connect(str(db), read_only=True) as con:
        return with_labels(con.execute(
            "SELECT * EXCLUDE (label) FROM facts WHERE stage <> '目标' AND (len($r) = 0 OR list_contains($r, region)) "
            "ORDER BY theme, indicator, region, org_unit NULLS FIRST, period_end_on, figure_id",
            {"r": list(regions)}).df())


@pytest.fixture(scope="module")
def real_figures(real_db):
    df, units, _ = slide_inputs(real_db)
    return df, units


@pytest.fixture(scope="module")
def scaled_db(tmp_path_factory):
    """The real warehouse with two generated copies (the benchmark's scaled warehouses, small)."""
    from govdash import scale

    path = tmp_path_factory.mktemp("scaled") / "scale-3.duckdb"
    scale.generate(3, path, ROOT / "data")
    return path


@pytest.mark.parametrize("regions", [(), ("长沙市", "武汉经开区")])
@pytest.mark.parametrize("which", ["real", "scaled"])
def test_bounded_slides_equal_slides_of_every_figure(real_db, scaled_db, which, regions):
    """The meeting screen reads only the series a slide can show (meeting/slide_figures) and the theme
    totals; every slide comes out exactly as if it had been built from all figures."""
    db = real_db if which == "real" else scaled_db
    df, units, totals = slide_inputs(db, regions)
    full = every_figure(db, regions)
    assert len(df) < len(full)  # the bound does cut something
    for slide in agendas.default_agenda().slides:
        bounded = meeting.build_slide(slide, df, units, totals)
        reference = meeting.build_slide(slide, full, units)
        assert (bounded.title, bounded.subtitle, bounded.note) == (reference.title, reference.subtitle, reference.note), slide.name
        assert bounded.body == reference.body, slide.name
        assert sorted(bounded.figures["figure_id"]) == sorted(reference.figures["figure_id"]), slide.name


def test_big_value_keeps_qualifiers():
    assert re.sub("<[^>]+>", "|", meeting.big_value("超过 410 万条")).split("|").count("超过") == 1
    text = re.sub("<[^>]+>", "", meeting.big_value("第3名（总数未说明）"))
    assert text == "第3名（总数未说明）"
    assert re.sub("<[^>]+>", "", meeting.big_value("99.6%以上")) == "99.6%以上"
    assert "&lt;" in meeting.big_value("<b>")


def test_grade_codes_read_as_words():
    assert meeting.grade_labels("政协民主评议综合评价等次的数值编码：优秀=4，良好=3，一般=2，较差=1") == {
        4: "优秀", 3: "良好", 2: "一般", 1: "较差"}


def test_bounded_change_is_not_given_a_size():
    row = pd.Series({"before_value": 17.29, "after_value": 410.0, "unit": "万条", "before_bound": "exact",
                     "after_bound": "lower", "before_label": "17.29 万条", "after_label": "超过 410 万条"})
    assert analysis.pair_phrase(row) == "由 17.29 万条 增至 超过 410 万条"
    exact = row.copy()
    exact["after_bound"] = "exact"
    assert "%" in analysis.pair_phrase(exact)


def test_every_default_slide_has_figures_and_sources(real_figures):
    df, units = real_figures
    for slide in agendas.default_agenda().slides:
        view = meeting.build_slide(slide, df, units)
        assert len(view.figures), slide.name
        assert view.body or view.charts, slide.name
        assert meeting.sources_line(view.figures).startswith("来源："), slide.name
        assert re.match(r"\d{4}年\d{1,2}月\d{1,2}日", meeting.data_date(view.figures)), slide.name
        # every card links to the sentence of its figure
        for fid in re.findall(r"figure=([\d-]+)", view.body):
            assert fid in set(view.figures["figure_id"]), (slide.name, fid)


def test_headline_cards_show_bounds_with_their_qualifier(real_figures):
    df, _ = real_figures
    view = meeting.headline_slide(df, "好差评")
    text = re.sub("<[^>]+>", "", view.body)
    assert "超过410万条" in text.replace(" ", "")
    assert "2271" not in text  # no size of change computed from a bound
    assert view.note == meeting.BOUND_NOTE


def test_window_unit_slide_compares_the_units_of_doc_003(real_figures):
    _, units = real_figures
    view = meeting.window_unit_slide(units)
    assert set(view.figures["doc_no"]) == {"003"}
    assert len(view.charts) == 2
    labels = set(view.charts[0].data[0].y)
    assert "市城乡建设局（优秀）" in labels and "市国土资源局（良好）" in labels
    assert not any(lbl.startswith("6家") for c in view.charts for t in c.data for lbl in t.y)  # totals left out
    assert meeting.data_date(view.figures) == "2017年12月31日"


def test_ranking_slide_keeps_the_total(real_figures):
    df, _ = real_figures
    text = re.sub("<[^>]+>", "", meeting.ranking_slide(df).body)
    assert "第15名/15" in text and "连续两期排名后三位" in text and "前3名/15" in text


def test_empty_slides_say_so():
    empty = pd.DataFrame(columns=["theme", "unit", "figure_id", "stage", "indicator", "region", "org_unit",
                                  "period_end_on", "doc_no"])
    assert "暂无" in meeting.ranking_slide(empty).body
    assert "暂无" in meeting.headline_slide(empty, "好差评").body
    assert meeting.sources_line(empty) == "本页没有数据" and meeting.data_date(empty) == "—"


# --- the page (AppTest) -----------------------------------------------------------------------

def open_meeting(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("pages/meeting.py")  # straight to the page: the desk's first page never runs
    at.run()
    return at


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
