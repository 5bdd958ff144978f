"""The exports on the warehouse built from data/: each file opened with its own library and every
number checked against the figure it claims to be (bound words kept, 存疑/推算 marks kept), the
pack's slides against the agenda, the East Asian font on every run, the briefing's footnotes, the
command line's exit codes and messages, and writes that leave no file behind when they fail."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import duckdb
import openpyxl
import pandas as pd
import pytest
from docx.oxml.ns import qn as wqn
from pptx import Presentation
from pptx.oxml.ns import qn

from govdash import analysis
from govdash.exports import __main__ as cli
from govdash.exports import briefing, data, meeting_pack, pptx_pack, workbook
from govdash.exports import sentences as say
from govdash.exports.docx_notes import footnote_texts
from govdash.labels import BOUND_LABELS
from govdash.meeting import agenda as agendas
from govdash.warehouse import snapshot


@pytest.fixture(scope="module")
def facts(real_db) -> pd.DataFrame:
    with duckdb.connect(str(real_db), read_only=True) as con:
        return con.execute("SELECT * FROM facts").df().set_index("figure_id", drop=False)


@pytest.fixture(scope="module")
def book(real_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("wb") / "all.xlsx"
    workbook.write_workbook(data.ExportFilters(), out, real_db)
    return openpyxl.load_workbook(out)


def sheet_rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=False))
    head = [c.value for c in rows[0]]
    return [dict(zip(head, r, strict=True)) for r in rows[1:]]


# --- workbook ------------------------------------------------------------------------------------

def test_workbook_has_every_figure_once_with_its_value_and_bound(book, facts):
    themes = [s for s in book.sheetnames if s not in ("说明", "出处")]
    assert set(themes) == set(facts["theme"])
    seen = []
    for theme in themes:
        for r in sheet_rows(book[theme]):
            f = facts.loc[r["编号"].value]
            seen.append(f.figure_id)
            assert f.theme == theme
            assert r["数值"].value == pytest.approx(f.value) and r["数值"].data_type == "n"
            assert r["计量单位"].value == f.unit and r["显示值"].value == f.label
            assert (r["限定词"].value or None) == (f.qualifier if isinstance(f.qualifier, str) and f.qualifier else None)
            if f.unit != "等次":
                assert r["取值性质"].value == BOUND_LABELS[f.bound]
            assert (r["存疑"].value == "存疑") == bool(f.is_doubtful)
            assert r["数值"].number_format == workbook.number_format(f.value, f.unit)
    assert sorted(seen) == sorted(facts.index)


def test_workbook_rows_link_to_their_source(book, facts):
    sources = {r["编号"].value: r for r in sheet_rows(book["出处"])}
    assert set(sources) == set(facts.index)
    for r in sheet_rows(book["好差评"]):
        link = r["出处"].hyperlink
        sheet, _, cell = link.location.partition("!")
        assert sheet == "'出处'"
        target = book["出处"][cell]
        assert target.value == r["编号"].value
        s = sources[target.value]
        f = facts.loc[target.value]
        assert s["原文引文"].value == f.evidence and s["标题"].value == f.source_title
        assert s["发布机关"].value == f.source_issuer and s["文件编号"].value == f.doc_no


def test_workbook_sheets_are_set_up_for_reading(book, facts):
    ws = book["好差评"]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["B"].width > 20
    notes = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True) if r and r[0]}
    newest = pd.Timestamp(facts.loc[facts["stage"] != "目标", "period_end_on"].max())
    assert notes["数据截至"].startswith(f"{newest.year}年{newest.month}月{newest.day}日")
    assert "生成时间" in notes and "限定词与取值性质" in notes and "存疑" in notes and "推算" in notes


def test_workbook_follows_the_filters(real_db, tmp_path):
    out = tmp_path / "cs.xlsx"
    workbook.write_workbook(data.ExportFilters(("长沙市",), 2020, 2021, (), True), out, real_db)
    wb = openpyxl.load_workbook(out)
    rows = [r for s in wb.sheetnames if s not in ("说明", "出处") for r in sheet_rows(wb[s])]
    assert rows and all(r["地区"].value == "长沙市" and r["存疑"].value is None for r in rows)
    assert all(2020 <= r["期间止"].value.year <= 2021 for r in rows)


def test_workbook_text_from_documents_is_never_a_formula(tmp_path, facts):
    """Text that starts like a formula (a planted evidence quote, a unit name) is written as text."""
    rows = facts.head(3).copy()
    rows["evidence"] = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+1+1", "@SUM(A1:A2)"]
    rows["org_unit"] = ["-2", None, "市直部门"]
    rows = rows.assign(theme="好差评").reset_index(drop=True)
    out = tmp_path / "inj.xlsx"
    workbook.build_workbook(rows, data.ExportFilters(themes=("好差评",)), out)
    wb = openpyxl.load_workbook(out)
    quotes = [r["原文引文"] for r in sheet_rows(wb["出处"])]
    assert [c.value for c in quotes] == ["'=HYPERLINK(\"http://example.invalid\",\"x\")", "'+1+1", "'@SUM(A1:A2)"]
    assert all(c.data_type == "s" for c in quotes)
    assert sheet_rows(wb["好差评"])[0]["单位或部门"].value == "'-2"


# --- briefing ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def brief(real_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("brief") / "brief.docx"
    briefing.write_briefing(data.ExportFilters(), out, real_db)
    return docx.Document(out)


def test_briefing_has_a_footnote_for_every_figure_sentence(brief):
    notes = footnote_texts(brief)
    assert len(notes) > 20
    body = [p for p in brief.paragraphs if p.text.endswith("。") and not p.text.startswith("另有")][1:]  # after the intro
    for p in body:
        refs = list(p._p.iter(wqn("w:footnoteReference")))
        assert len(refs) == 1, p.text
        note = notes[int(refs[0].get(wqn("w:id")))]
        assert "《" in note and "原文：「" in note, note


def test_briefing_never_prints_none_or_nan(brief):
    texts = [p.text for p in brief.paragraphs] + list(footnote_texts(brief).values())
    for text in texts:
        assert not re.search(r"None|nan|NaN|NaT|<NA>", text), text


def test_briefing_east_asian_font_on_every_run(brief):
    for p in brief.paragraphs:
        for r in p.runs:
            fonts = r._r.rPr.find(wqn("w:rFonts"))
            assert fonts is not None and fonts.get(wqn("w:eastAsia")), p.text


def test_briefing_numbers_are_the_figures_they_claim(real_db, facts, brief):
    text = "\n".join(p.text for p in brief.paragraphs)
    with duckdb.connect(str(real_db), read_only=True) as con:
        from govdash.vocabulary import THEMES

        latest = data.query(con, "exports/briefing_latest", regions=[], themes=list(THEMES), year_from=0, year_to=9999,
                            hide_doubtful=False, limit=briefing.LATEST_PER_THEME)
    assert len(latest)
    for r in latest.itertuples():
        assert r.label == facts.loc[r.figure_id, "label"]
        assert say.latest_sentence(r) in text
        if isinstance(r.previous_id, str):
            prev = facts.loc[r.previous_id]
            assert prev.label == r.previous_label and prev.time_order < facts.loc[r.figure_id, "time_order"]
            assert analysis.incomparable_reason(prev.kind, prev, facts.loc[r.figure_id]) is None  # only comparable pairs


def test_briefing_rectification_counts_the_problems(real_db, brief):
    text = "\n".join(p.text for p in brief.paragraphs)
    with duckdb.connect(str(real_db), read_only=True) as con:
        counts = con.execute("SELECT s.title, count(*), count(*) FILTER (WHERE status = '已完成') FROM problems "
                             "JOIN sources AS s USING (source_file) GROUP BY ALL").fetchall()
    for title, n, done in counts:
        assert f"《{title}》列出巡察反馈问题 {n} 个，文件称已整改完成 {done} 个" in text


def test_briefing_names_doubtful_figures(brief, facts):
    text = "\n".join(p.text for p in brief.paragraphs)
    assert "整理时释读存疑" in text
    doubtful = facts[facts["is_doubtful"]]
    assert any(label in text for label in doubtful["label"])


# --- meeting pack --------------------------------------------------------------------------------

def slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def all_charts(prs):
    return [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]


@pytest.fixture(scope="module")
def default_pack(real_db):
    pack = meeting_pack.build_pack(meeting_pack.pack_params(), real_db)
    prs = pptx_pack.build_presentation(pack)
    return pack, prs


def test_pack_has_a_title_slide_and_every_agenda_slide(default_pack):
    pack, prs = default_pack
    assert len(prs.slides) == len(agendas.default_agenda()) + 1 == len(pack.slides) + 1
    assert prs.slide_width * 9 == prs.slide_height * 16
    title = slide_text(prs.slides[0])
    assert pack.agenda.title in title and f"数据截至 {pack.as_of}" in title.replace("\n", "") and "实时数据" in title
    for s, slide in zip(pack.slides, list(prs.slides)[1:], strict=True):
        text = slide_text(slide)
        assert "数据截至" in text and s.as_of in text and s.view.title in text
        assert "数据来源：" in text or "本页没有数据" in text


def test_pack_values_are_the_figures_with_their_words(default_pack, facts):
    pack, prs = default_pack
    for s, slide in zip(pack.slides, list(prs.slides)[1:], strict=True):
        text = slide_text(slide).replace("\n", "")
        for item in s.view.items:
            assert item.value == facts.loc[item.figure_id, "label"]  # bound words and 存疑/推算 marks included
            assert re.sub(r"\s", "", item.value.partition("（")[0]) in re.sub(r"\s", "", text), (s.view.title, item.value)
            if item.before:
                assert item.before[1] == facts.loc[item.before[2], "label"]
        notes = slide.notes_slide.notes_text_frame.text
        for fid in s.view.figures["figure_id"]:
            assert f"{fid}｜" in notes and facts.loc[fid, "evidence"] in notes


def test_pack_charts_hold_the_figures(default_pack, facts):
    pack, prs = default_pack
    units = next(s for s in pack.slides if s.slide.kind == "window_units").view.figures
    charts = all_charts(prs)
    bars = [c for c in charts if c.chart_type is not None and c.plots[0].categories and "（" in c.plots[0].categories[0]]
    assert bars, "window-unit bar charts"
    for chart in bars:
        for series in chart.plots[0].series:
            indicator = series.name.partition("（")[0]
            for category, value in zip(chart.plots[0].categories, series.values, strict=True):
                unit = category.rpartition("（")[0]
                got = units[(units["indicator"] == indicator) & (units["org_unit"] == unit)]
                if value is None:
                    assert got.empty
                else:
                    assert float(got["value"].iloc[0]) == pytest.approx(value)


def test_every_run_has_the_east_asian_font(default_pack):
    _, prs = default_pack
    for slide in prs.slides:
        for element in (slide._element, slide.notes_slide._element):
            for run in element.iter(qn("a:r")):
                ea = run.find(qn("a:rPr")).find(qn("a:ea"))
                assert ea is not None and ea.get("typeface") == pptx_pack.FONT
    for chart in all_charts(prs):
        space = chart._chartSpace
        assert space.find(qn("c:txPr")) is not None
        for rpr in [*space.iter(qn("a:rPr")), *space.iter(qn("a:defRPr"))]:
            assert rpr.find(qn("a:ea")) is not None


def test_inline_agenda_and_snapshot(real_db, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVDASH_SNAPSHOTS", str(tmp_path / "snaps"))
    snapshot.create("3月例会", real_db)
    out = tmp_path / "pack.pptx"
    meeting_pack.write_pack(meeting_pack.pack_params(slides="总览,好差评", snapshot_name="3月例会"), out, real_db)
    prs = Presentation(out)
    assert len(prs.slides) == 3
    assert "快照「3月例会」" in slide_text(prs.slides[0])
    assert "好差评" in slide_text(prs.slides[2])


def test_saved_agenda_with_regions(real_db, tmp_path):
    out = tmp_path / "rect.pptx"
    meeting_pack.write_pack(meeting_pack.pack_params(agenda="rectification"), out, real_db)
    agenda = agendas.load_agenda("rectification")
    assert len(Presentation(out).slides) == len(agenda) + 1


# --- command line and atomic writes --------------------------------------------------------------

def run_cli(args, capsys) -> tuple[int, str, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_writes_each_file(real_db, tmp_path, capsys):
    db = ["--db", str(real_db)]
    for args, name in ((["workbook", "--region", "长沙市", "--year", "2020-2021", "--theme", "好差评"], "a.xlsx"),
                       (["briefing", "--hide-doubtful"], "b.docx"),
                       (["meeting-pack", "--slides", "总览,好差评"], "c.pptx")):
        code, out, err = run_cli([*args, "--out", str(tmp_path / name), *db], capsys)
        assert code == 0 and (tmp_path / name).stat().st_size > 1000 and "已生成" in out, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.docx", "c.pptx"]  # no temporary files left


@pytest.mark.parametrize(("args", "message"), [
    (["workbook", "--region", "火星市"], "未知的地区「火星市」"),
    (["briefing", "--theme", "外星主题"], "未知的主题「外星主题」"),
    (["workbook", "--region", "兰州市", "--theme", "企业开办"], "下没有数据"),
    (["briefing", "--year", "1990"], "不在数据的年份范围"),
    (["meeting-pack", "--agenda", "不存在的议程"], "议程「不存在的议程」不存在"),
    (["meeting-pack", "--slides", "总览,外星页"], "未知的幻灯片「外星页」"),
    (["meeting-pack", "--snapshot", "没有这个快照"], "快照「没有这个快照」不存在"),
])
def test_cli_refuses_with_a_chinese_message(real_db, tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.setenv("GOVDASH_SNAPSHOTS", str(tmp_path / "snaps"))
    suffix = {"workbook": ".xlsx", "briefing": ".docx", "meeting-pack": ".pptx"}[args[0]]
    out = tmp_path / f"out{suffix}"
    code, _, err = run_cli([*args, "--out", str(out), "--db", str(real_db)], capsys)
    assert code == 1 and message in err and err.startswith("导出失败：")
    assert list(tmp_path.glob("out*")) == [] and list(tmp_path.glob(".out*")) == []


def test_cli_refuses_a_wrong_file_type(real_db, tmp_path, capsys):
    code, _, err = run_cli(["meeting-pack", "--out", str(tmp_path / "x.docx"), "--db", str(real_db)], capsys)
    assert code == 1 and "PPTX 或 PDF" in err


def test_a_failed_write_leaves_the_old_file_and_no_other(real_db, tmp_path, monkeypatch):
    out = tmp_path / "figures.xlsx"
    out.write_bytes(b"previous file")

    def half_then_fail(figures, f, path, now=None, summary=None):
        Path(path).write_bytes(b"PK half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(workbook, "build_workbook", half_then_fail)
    with pytest.raises(OSError):
        workbook.write_workbook(data.ExportFilters(), out, real_db)
    assert out.read_bytes() == b"previous file" and [p.name for p in tmp_path.iterdir()] == ["figures.xlsx"]
    fresh = tmp_path / "new.xlsx"
    with pytest.raises(OSError):
        workbook.write_workbook(data.ExportFilters(), fresh, real_db)
    assert not fresh.exists() and [p.name for p in tmp_path.iterdir()] == ["figures.xlsx"]


def test_round_results_workbook_is_guarded(tmp_path):
    table = pd.DataFrame({"名次": [1.0], "单位": ["=cmd|' /C calc'!A0"], "综合平均分": [8.25], "等次": ["优秀"]})
    detail = pd.DataFrame({"单位": ["=cmd|' /C calc'!A0"], "测评项目": ["服务态度"], "全体": ["8.25 ± 1.00（3张）"]})
    out = tmp_path / "round.xlsx"
    out.write_bytes(workbook.round_workbook_bytes("2025年度评议", [("状态", "已结束")], table, detail))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["说明", "结果", "明细"]
    rows = sheet_rows(wb["结果"])
    assert rows[0]["单位"].value == "'=cmd|' /C calc'!A0" and rows[0]["综合平均分"].value == 8.25
    # the headers are the organiser's own criterion names: guarded the same way
    table = table.assign(**{"=HYPERLINK(\"http://evil.example\")": [8.0]})
    out.write_bytes(workbook.round_workbook_bytes("2025年度评议", [("状态", "已结束")], table, detail))
    header = [c.value for c in next(openpyxl.load_workbook(out)["结果"].iter_rows(max_row=1))]
    assert header[-1] == "'=HYPERLINK(\"http://evil.example\")"


def test_a_download_that_fails_still_gives_a_chinese_file(caplog):
    """The buttons' callables never raise (Streamlit would show its English 「Failed to generate file
    for download」): an ExportError gives its own message, anything else a message with the time and
    the traceback in the server log; the file is the format the button promised."""
    from govdash.exports import ui

    def refused() -> bytes:
        raise data.ExportError("当前筛选下没有数据：地区「火星市」")

    def broken() -> bytes:
        raise RuntimeError("disk on fire")

    def said(content: bytes) -> str:
        book = openpyxl.load_workbook(io.BytesIO(content))
        return " ".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)

    assert ui.deferred(lambda: b"ok", workbook.notice_bytes, "Excel 工作簿")() == b"ok"
    assert said(ui.deferred(refused, workbook.notice_bytes, "Excel 工作簿")()) == "当前筛选下没有数据：地区「火星市」"
    with caplog.at_level("ERROR", logger="govdash.exports.ui"):
        text = said(ui.deferred(broken, workbook.notice_bytes, "Excel 工作簿")())
    assert text.startswith("Excel 工作簿未能生成：服务器出错（") and "disk on fire" not in text  # no internals shown
    when = re.search(r"（(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)）", text).group(1)
    assert when in caplog.text and "disk on fire" in caplog.text  # the administrator finds it by the time

    slides = Presentation(io.BytesIO(ui._pack(meeting_pack.pack_params("不存在的议程", None, None, None), ".pptx")()))
    shown = " ".join(shape.text_frame.text for slide in slides.slides for shape in slide.shapes if shape.has_text_frame)
    assert len(slides.slides) == 1 and shown.startswith("会议材料未能生成") and "议程「不存在的议程」不存在" in shown
    document = docx.Document(io.BytesIO(ui.deferred(broken, briefing.notice_bytes, "简报")()))
    assert any(p.text.startswith("简报未能生成") for p in document.paragraphs)


def test_a_sheet_never_holds_more_links_than_excel_allows(real_db, tmp_path, monkeypatch):
    """Past Excel's 65,530 hyperlinks a sheet Excel calls the file damaged: the rows after the limit
    keep the 编号 as text, and 说明 says where to look it up (the limit made small to try it)."""
    monkeypatch.setattr(workbook, "MAX_LINKS", 3)
    out = workbook.write_workbook(data.ExportFilters(themes=("好差评",)), tmp_path / "few-links.xlsx", real_db)
    book = openpyxl.load_workbook(out)
    rows = sheet_rows(book["好差评"])
    assert len(rows) > 3
    assert [r["出处"].hyperlink is not None for r in rows] == [True] * 3 + [False] * (len(rows) - 3)
    assert all(r["出处"].value == r["编号"].value for r in rows)
    notes = " ".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
    assert "「好差评」表超过 Excel 每表 3 个链接的上限" in notes
