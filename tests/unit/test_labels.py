"""How figures, sentences and themes are written and coloured."""

from __future__ import annotations

import math

import pytest

from govdash.charts.style import THEME_COLORS
from govdash.labels import format_value, label_parts
from govdash.vocabulary import THEMES
from govdash.warehouse.rules import evidence_sentence


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((8, "名", None, "exact", 15), "第8名/15"),
        ((1, "名", None, "exact", math.nan), "第1名（总数未说明）"),
        ((3, "名", "前三", "upper", 16), "前3名/16"),
        ((99.6, "%", None, "exact"), "99.6%"),
        ((95, "%", "超过", "lower"), "超过 95%"),
        ((1000, "件", "以上", "lower"), "1,000 件以上"),
        ((20, "件", "近", "upper"), "近 20 件"),
        # 余/多 stand between number and unit, as the documents write them (not 「余 70 篇」)
        ((70, "篇", "余", "lower"), "70余篇"),
        ((20, "次", "多", "lower"), "20多次"),
        ((95, "%", "以下", "upper"), "95%以下"),
        ((3, "天", "上下", "approx"), "3 天上下"),
        ((7.25, "%", None, "exact"), "7.25%"),
        ((math.nan, "件", None, "exact"), "—"),
    ],
)
def test_format_value(args, expected):
    assert format_value(*args) == expected


def test_evidence_sentence_cuts_at_sentence_ends():
    text = "第一句。四办改革排名第8名,较上月上升。第三句\n第四句"
    start = text.index("排名第8名")
    assert evidence_sentence(text, start, start + 5) == "四办改革排名第8名,较上月上升。"
    start = text.index("第三")
    assert evidence_sentence(text, start, start + 2) == "第三句"


def test_every_theme_has_its_own_colour():
    assert tuple(THEME_COLORS) == THEMES
    assert len(set(THEME_COLORS.values())) == len(THEMES)


def test_key_cards_escape_what_documents_say():
    """A name or evidence holding markup stays text on 总览's cards (they are one st.html element)."""
    import pandas as pd

    from govdash.desk.first_screen import key_cards_html

    card = {"theme": "好差评", "indicator": "<img src=x onerror=alert(1)>率", "region": "甲区", "org_unit": None,
            "label": "92.99%（存疑）", "value": 92.99, "unit": "%", "kind": "rate", "bound": "exact",
            "is_higher_better": True, "previous_value": None, "previous_bound": None, "previous_label": None,
            "previous_period": None, "period_label": "2021年", "stage": "现状", "doc_no": "000",
            "evidence": "'><script>x</script>", "doubt_reason": "年份", "derivation": None, "figure_id": "000-0001",
            "card_total": 1}
    html = key_cards_html(pd.DataFrame([card]))
    assert "<img" not in html and "<script" not in html and "&lt;img src=x onerror=alert(1)&gt;率" in html
    assert "存疑</span>" in html and "92.99%" in html and "（存疑）" not in html


@pytest.mark.parametrize(("label", "parts"), [
    ("超过 410 万条", ("超过", "410", "万条", "")),
    ("第3名（总数未说明）", ("第", "3", "名", "（总数未说明）")),
    ("前3名/15", ("前", "3", "名/15", "")),
    ("92.3%", ("", "92.3", "%", "")),
    ("1,234 件（存疑）", ("", "1,234", "件", "（存疑）")),
    ("良好", None),
])
def test_a_label_splits_into_the_parts_a_big_number_is_drawn_in(label, parts):
    assert label_parts(label) == parts
