"""Meeting snapshots, and the slides built from a warehouse: bounded data gives the same slides as every figure."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from govdash import analysis
from govdash.labels import as_of_text, with_labels
from govdash.meeting import agenda as agendas
from govdash.meeting import slides
from govdash.warehouse import build, snapshot
from tests.support import ROOT


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


SLIDE_LIMITS = {"series_limit": slides.HEADLINE_LIMIT, "rank_limit": slides.RANK_LIMIT,
                "pair_limit": slides.PAIR_LIMIT}


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
            "SELECT * FROM facts WHERE stage <> '目标' AND (len($r) = 0 OR list_contains($r, region)) "
            "ORDER BY theme, indicator, region, org_unit NULLS FIRST, period_end_on, figure_id",
            {"r": list(regions)}).df())


@pytest.fixture(scope="module")
def real_figures(real_db):
    df, units, _ = slide_inputs(real_db)
    return df, units


@pytest.fixture(scope="module")
def scaled_db(tmp_path_factory):
    """The real warehouse with two generated copies (the benchmark's scaled warehouses, small)."""
    from tools import scale

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
        bounded = slides.build_slide(slide, df, units, totals)
        reference = slides.build_slide(slide, full, units)
        assert (bounded.title, bounded.subtitle, bounded.note) == (reference.title, reference.subtitle, reference.note), slide.name
        assert bounded.body == reference.body, slide.name
        assert sorted(bounded.figures["figure_id"]) == sorted(reference.figures["figure_id"]), slide.name


def test_big_value_keeps_qualifiers():
    assert re.sub("<[^>]+>", "|", slides.big_value("超过 410 万条")).split("|").count("超过") == 1
    text = re.sub("<[^>]+>", "", slides.big_value("第3名（总数未说明）"))
    assert text == "第3名（总数未说明）"
    assert re.sub("<[^>]+>", "", slides.big_value("99.6%以上")) == "99.6%以上"
    assert "&lt;" in slides.big_value("<b>")


def test_grade_codes_read_as_words(real_figures):
    _, units = real_figures
    view = slides.window_unit_slide(units)
    names = {y for fig in view.charts for trace in fig.data for y in trace.y}
    assert names and all(re.search(r"（(优秀|良好|一般|较差)）$", n) for n in names), names


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
        view = slides.build_slide(slide, df, units)
        assert len(view.figures), slide.name
        assert view.body or view.charts, slide.name
        assert "<div class='mtg-sources'>数据来源：" in slides.footer_html(view, []), slide.name
        assert re.match(r"\d{4}年\d{1,2}月\d{1,2}日", as_of_text(view.figures)), slide.name
        # every card links to the sentence of its figure
        for fid in re.findall(r"figure=([\w-]+)", view.body):
            assert fid in set(view.figures["figure_id"]), (slide.name, fid)


def test_headline_cards_show_bounds_with_their_qualifier(real_figures):
    df, _ = real_figures
    view = slides.headline_slide(df, "好差评")
    text = re.sub("<[^>]+>", "", view.body)
    assert "超过410万条" in text.replace(" ", "")
    assert "2271" not in text  # no size of change computed from a bound
    assert view.note == slides.BOUND_NOTE


def test_window_unit_slide_compares_the_units_of_doc_003(real_figures):
    _, units = real_figures
    view = slides.window_unit_slide(units)
    assert set(view.figures["doc_no"]) == {"003"}
    assert len(view.charts) == 2
    labels = set(view.charts[0].data[0].y)
    assert "市城乡建设局（优秀）" in labels and "市国土资源局（良好）" in labels
    assert not any(lbl.startswith("6家") for c in view.charts for t in c.data for lbl in t.y)  # totals left out
    assert as_of_text(view.figures) == "2017年12月31日"


def test_ranking_slide_keeps_the_total(real_figures):
    df, _ = real_figures
    text = re.sub("<[^>]+>", "", slides.ranking_slide(df).body)
    assert "第15名/15" in text and "连续两期排名后三位" in text and "前3名/15" in text


def test_empty_slides_say_so():
    empty = pd.DataFrame(columns=["theme", "unit", "figure_id", "stage", "indicator", "region", "org_unit",
                                  "period_end_on", "doc_no"])
    assert "暂无" in slides.ranking_slide(empty).body
    assert "暂无" in slides.headline_slide(empty, "好差评").body
    assert "本页没有数据" in slides.footer_html(slides.SlideView("空", figures=empty), []) and as_of_text(empty) == "—"
