"""The exports' small rules: the formula guard, number formats, the briefing's sentences (never
「None」 or 「nan」), Chinese ordinals, and the footnotes part python-docx lacks."""

from __future__ import annotations

import io
from types import SimpleNamespace

import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn

from govdash.exports import sentences
from govdash.exports.docx_notes import add_footnote, footnote_texts, footnotes_part
from govdash.exports.workbook import decimals, number_format
from govdash.labels import chinese_number


@pytest.mark.parametrize(("value", "unit", "fmt"), [
    (99.6, "%", '0.0"%"'), (33.0, "%", '0"%"'), (7.25, "%", '0.00"%"'), (410.0, "万条", '#,##0" 万条"'),
    (24.82, "万户", '#,##0.00" 万户"'), (0.0601, "万条", '#,##0.0601" 万条"'.replace("0601", "0000")),
    (3.0, "名", '"第"0"名"'), (4.0, "等次", '0"（等次编码）"'),
])
def test_number_format_keeps_the_figure(value, unit, fmt):
    assert number_format(value, unit) == fmt


def test_decimals():
    assert [decimals(v) for v in (410, 99.6, 24.82, 0.0601, 1 / 3)] == [0, 1, 2, 4, 4]


def row(**kw):
    base = dict(period_label="2021年第3季度", region="武汉经开区", org_unit=None, indicator="好差评主动评价率", value=92.99,
                unit="%", kind="rate", label="92.99%", bound="exact", previous_value=94.07, previous_label="94.07%",
                previous_period="2021年第2季度", previous_bound="exact")
    return SimpleNamespace(**{**base, **kw})


def test_latest_sentence_with_its_comparable_change():
    assert sentences.latest_sentence(row()) == "2021年第3季度，武汉经开区好差评主动评价率为92.99%，较2021年第2季度（94.07%）下降 1.08 个百分点。"


def test_latest_sentence_without_previous_never_prints_none_or_nan():
    for missing in (None, float("nan"), pd.NA):
        text = sentences.latest_sentence(row(previous_value=missing, previous_label=missing, previous_period=missing,
                                             previous_bound=missing, org_unit=float("nan")))
        assert text == "2021年第3季度，武汉经开区好差评主动评价率为92.99%。"


def test_change_clause_rules():
    assert sentences.change_clause(25, "项", "count", 4, "4 项", "2021年9月") == "较2021年9月（4 项）增加 525.0%"
    assert sentences.change_clause(3, "人", "count", 6, "6 人", "2022年") == "较2022年（6 人）减少 50.0%"
    assert sentences.change_clause(5, "件", "count", 0, "0 件", "2022年") == "较2022年（0 件）增加"
    assert sentences.change_clause(5, "件", "count", 5, "5 件", "2022年") == "较2022年（5 件）持平"
    assert sentences.change_clause(70, "%", "rate", 7.25, "7.25%", "2021年4月", bound="approx") == \
        "较2021年4月（7.25%），含界限值，不计算变化幅度"
    assert sentences.change_clause(70, "%", "rate", None, None, None) == ""


def test_a_sentence_with_a_missing_value_is_refused():
    with pytest.raises(sentences.SentenceError):
        sentences.finished("长沙市好差评主动评价率为nan%")
    with pytest.raises(sentences.SentenceError):
        sentences.latest_sentence(row(label=None))


def test_rank_sentence_uses_the_established_words():
    ranks = pd.DataFrame({"value": [8.0, 14.0, 15.0], "bound": ["exact"] * 3, "rank_total": [15.0] * 3})
    text = sentences.rank_sentence("武汉经开区", None, "四办改革月度排名", "2020年11月", ranks)
    assert text.startswith("武汉经开区四办改革月度排名（2020年11月）：最新排名第15名（共15个），较上期下降1位，连续两期排名后三位")


def test_rectification_doubt_and_more_sentences():
    status = SimpleNamespace(source_region="濮阳县", source_title="关于巡察整改情况的通报", problem_count=11, done_count=9,
                             mostly_done_count=1, ongoing_count=1, unstated_count=0)
    assert sentences.rectification_sentence(status) == \
        "濮阳县《关于巡察整改情况的通报》列出巡察反馈问题 11 个，文件称已整改完成 9 个，基本完成 1 个、持续推进 1 个。"
    doubt = SimpleNamespace(region="兰州市", org_unit="6家参评窗口单位", indicator="群众满意度", period_label="2017年",
                            label="99.6%以上（存疑）", doubt_reason="期间未明示")
    assert sentences.doubtful_sentence(doubt) == \
        "兰州市（6家参评窗口单位）群众满意度（2017年）99.6%以上（存疑）：整理时释读存疑，理由见脚注，引用前请核对原文。"
    assert sentences.more_sentence(6, 6, "最新数据") == ""
    assert sentences.more_sentence(6, 9, "最新数据") == "另有 3 项最新数据未列出，见 Excel 工作簿。"


def test_document_note_names_document_and_quotes():
    doc = SimpleNamespace(doc_no="000", title="通报", issuer="党组", published_on=pd.Timestamp("2022-02-18"))
    note = sentences.document_note(doc, ["甲", "乙", "甲", None], ["存疑：理由"])
    assert note == "000《通报》，党组，2022年2月18日。原文：「甲」；「乙」。存疑：理由。"


def test_chinese_numbers_for_headings_and_ranking_sentences():
    assert [chinese_number(n) for n in (1, 2, 9, 10, 11, 12, 20, 23, 99, 100)] == [
        "一", "二", "九", "十", "十一", "十二", "二十", "二十三", "九十九", "100"]
    assert chinese_number(2, counting=True) == "两" and chinese_number(12, counting=True) == "十二"


def test_footnotes_part_round_trip():
    document = docx.Document()
    for i, note in enumerate(("第一条出处", "第二条出处"), start=1):
        p = document.add_paragraph(f"第{i}句。")
        assert add_footnote(document, p, note, "SimSun") == i
    part = footnotes_part(document)
    ids = [n.get(qn("w:id")) for n in part.element.findall(qn("w:footnote"))]
    assert ids == ["-1", "0", "1", "2"]
    buffer = io.BytesIO()
    document.save(buffer)
    reopened = docx.Document(io.BytesIO(buffer.getvalue()))
    assert footnote_texts(reopened) == {1: "第一条出处", 2: "第二条出处"}
    refs = [r.get(qn("w:id")) for r in reopened.element.body.iter(qn("w:footnoteReference"))]
    assert refs == ["1", "2"]
