"""How figures, sentences and themes are written and coloured."""

from __future__ import annotations

import math

import pytest

from govdash.charts.style import THEME_COLORS
from govdash.labels import format_value
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
