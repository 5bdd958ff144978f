"""Unit tests for the 民主评议 rules (govdash/evaluation/rounds.py, codes.py) and the window-unit shaping
(govdash/evaluation/window_units.py): parsing, validation messages, codes, grading, results, scorecard."""

from __future__ import annotations

import csv
import math
import re

import pandas as pd
import pytest

from govdash.evaluation import codes
from govdash.evaluation import rounds as ev
from govdash.evaluation import window_units as wu
from govdash.labels import format_value
from govdash.vocabulary import GRADE_LABELS
from tests.support import ROOT

GRADES, _ = ev.parse_grades(ev.DEFAULT_GRADES_TEXT, 1)
SPEC = ev.RoundSpec("测试评议", ("市发改委", "市环境保护局"), ("服务态度", "办事效率"), ("企业代表", "政协委员"), 1, 10, GRADES)


def full_sheet(value=8):
    return {(u, c): value for u in SPEC.units for c in SPEC.criteria}


# --- round settings ------------------------------------------------------------------------------

def test_default_round_is_valid():
    spec, errors = ev.round_from_form("评议", "甲\n乙", "\n".join(ev.DEFAULT_CRITERIA), "企业代表、政协委员", 1, 10,
                                      ev.DEFAULT_GRADES_TEXT)
    assert errors == []
    assert spec.units == ("甲", "乙") and spec.groups == ("企业代表", "政协委员")
    assert [(g.name, g.min_score) for g in spec.grades] == [("优秀", 9), ("良好", 7.5), ("一般", 6), ("较差", 1)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"units": ""}, "至少要有 1 个被评议单位"),
        ({"criteria": " \n "}, "至少要有 1 个测评项目"),
        ({"groups": ""}, "至少要有 1 个评议人分组"),
        ({"units": "甲\n甲"}, "被评议单位「甲」重复"),
        ({"title": " "}, "评议名称不能为空"),
        ({"scale_min": 10, "scale_max": 1}, "最低分 10 应小于最高分 1"),
        ({"scale_min": 1.5}, "必须是整数"),
        ({"scale_min": 0, "scale_max": 1000}, "太宽"),
        ({"grades": "优秀 9\n良好 9\n较差"}, "「良好」的最低平均分 9 应低于「优秀」的 9"),
        ({"grades": "优秀 7\n良好 8\n较差"}, "「良好」的最低平均分 8 应低于「优秀」的 7"),
        ({"grades": "优秀 11\n较差"}, "等次「优秀」的最低平均分 11 超出分值范围 1–10"),
        ({"grades": "优秀 九\n较差"}, "等次第1行「优秀 九」：最低平均分「九」不是数字"),
        ({"grades": "优秀\n较差"}, "等次第1行「优秀」缺少最低平均分"),
        ({"grades": "优秀 9\n较差 5"}, "最低等次「较差」的门槛应为最低分 1"),
        ({"grades": ""}, "至少要有 1 个等次"),
    ],
)
def test_bad_round_settings_are_explained(change, message):
    form = {"title": "评议", "units": "甲\n乙", "criteria": "服务态度", "groups": "企业代表", "scale_min": 1,
            "scale_max": 10, "grades": ev.DEFAULT_GRADES_TEXT, **change}
    _, errors = ev.round_from_form(**form)
    assert any(message in e for e in errors), errors


def test_names_split_on_lines_and_chinese_separators():
    assert ev.parse_names("甲\n 乙 、丙，丁;\n\n") == ("甲", "乙", "丙", "丁")


def test_code_counts_are_checked():
    assert ev.validate_code_counts({"企业代表": 0, "政协委员": 0}, SPEC.groups) == ["请至少为一个分组生成 1 个测评码"]
    assert "没有评议人分组「群众」" in ev.validate_code_counts({"群众": 3}, SPEC.groups)[0]
    assert "一次最多生成" in ev.validate_code_counts({"企业代表": ev.MAX_CODES_PER_ISSUE + 1}, SPEC.groups)[0]
    assert ev.validate_code_counts({"企业代表": 2, "政协委员": 0}, SPEC.groups) == []


def test_password_rules():
    assert codes.validate_password("12345") and not codes.validate_password("123456")
    salt = codes.new_salt()
    stored = codes.password_hash(salt, "组织者密码1")
    assert codes.password_matches(salt, "组织者密码1", stored)
    assert not codes.password_matches(salt, "组织者密码2", stored)
    assert "组织者密码1" not in stored


# --- the evaluator's sheet --------------------------------------------------------------------------

def test_complete_sheet_passes():
    assert ev.validate_scores(SPEC, full_sheet()) == []


def test_missing_scores_name_unit_and_criterion():
    sheet = full_sheet()
    sheet[("市环境保护局", "办事效率")] = None
    del sheet[("市发改委", "服务态度")]
    errors = ev.validate_scores(SPEC, sheet)
    assert "「市发改委」还有 1 项未打分：服务态度" in errors
    assert "「市环境保护局」还有 1 项未打分：办事效率" in errors
    assert len(errors) == 2


@pytest.mark.parametrize(("value", "message"), [
    (11, "「市发改委」的「服务态度」分数 11 超出 1–10 分"),
    (0, "「市发改委」的「服务态度」分数 0 超出 1–10 分"),
    (8.5, "「市发改委」的「服务态度」分数 8.5 不是整数"),
    ("8", "「市发改委」的「服务态度」分数 8 不是整数"),
    (True, "「市发改委」的「服务态度」分数 True 不是整数"),
])
def test_out_of_range_scores_name_unit_and_criterion(value, message):
    sheet = full_sheet()
    sheet[("市发改委", "服务态度")] = value
    assert ev.validate_scores(SPEC, sheet) == [message]


def test_scores_for_units_not_in_the_round_are_refused():
    sheet = full_sheet()
    sheet[("市公安局", "服务态度")] = 9
    assert any("本轮没有的单位或项目" in e for e in ev.validate_scores(SPEC, sheet))


def test_score_rows_follow_the_round_order():
    sheet = {(u, c): i for i, (u, c) in enumerate((u, c) for u in SPEC.units for c in SPEC.criteria)}
    units, criteria, values = ev.score_rows(SPEC, sheet)
    assert list(zip(units, criteria, strict=True)) == [(u, c) for u in SPEC.units for c in SPEC.criteria]
    assert values == [0, 1, 2, 3]


# --- codes -------------------------------------------------------------------------------------------

def test_codes_are_readable_and_distinct():
    issued = {codes.new_code() for _ in range(2000)}
    assert len(issued) == 2000
    for code in list(issued)[:50]:
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        assert not set(code) & set("01OIL")
        assert codes.looks_like_code(code)


def test_code_typing_variants_are_the_same_code():
    salt = codes.new_salt()
    code = "K7QM-3XPA"
    for typed in ("k7qm3xpa", " K7QM 3XPA ", "Ｋ７ＱＭ－３ＸＰＡ", "k7qm—3xpa"):
        assert codes.code_hash(salt, typed) == codes.code_hash(salt, code), typed
    assert codes.code_hash(codes.new_salt(), code) != codes.code_hash(salt, code)
    assert not codes.looks_like_code("K7QM-3XP") and not codes.looks_like_code("K7QM-3XP0")


# --- grading and results ------------------------------------------------------------------------------

@pytest.mark.parametrize(("mean", "grade"), [(10, "优秀"), (9, "优秀"), (8.99, "良好"), (7.5, "良好"), (6, "一般"),
                                             (5.99, "较差"), (1, "较差"), (None, "—"), (math.nan, "—")])
def test_grade_thresholds_are_inclusive(mean, grade):
    assert ev.grade_for(mean, GRADES) == grade


def results_rows(ballots: list[tuple[str, dict]]) -> pd.DataFrame:
    """What ballots/results_by_unit returns, computed here with pandas for a few ballots."""
    rows = [(g, i, u, c, s) for i, (g, sheet) in enumerate(ballots) for (u, c), s in sheet.items()]
    df = pd.DataFrame(rows, columns=["group_name", "ballot_id", "unit", "criterion", "score"])
    out = []
    for keys, sel in [(("unit", "criterion", "group_name"), df), (("unit", "criterion"), df)]:
        for k, g in sel.groupby(list(keys)):
            out.append({**dict(zip(keys, k, strict=True)), "ballots": len(g), "mean_score": g["score"].mean(),
                        "sd_score": g["score"].std()})
    per_ballot = df.groupby(["group_name", "ballot_id", "unit"], as_index=False)["score"].mean()
    for keys in (("unit", "group_name"), ("unit",)):
        for k, g in per_ballot.groupby(list(keys)):
            out.append({**dict(zip(keys, k, strict=True)), "ballots": len(g), "mean_score": g["score"].mean(),
                        "sd_score": g["score"].std()})
    return pd.DataFrame(out).reindex(columns=["unit", "criterion", "group_name", "ballots", "mean_score", "sd_score"])


def test_summary_grades_each_unit_and_withholds_small_groups():
    ballots = [("企业代表", {("市发改委", "服务态度"): 10, ("市发改委", "办事效率"): 9,
                          ("市环境保护局", "服务态度"): 7, ("市环境保护局", "办事效率"): 6})] * 3
    ballots += [("政协委员", {("市发改委", "服务态度"): 8, ("市发改委", "办事效率"): 8,
                          ("市环境保护局", "服务态度"): 9, ("市环境保护局", "办事效率"): 9})]
    summary = ev.summarise(results_rows(ballots), SPEC).set_index("unit")
    # 市发改委: three ballots averaging 9.5, one averaging 8 -> (9.5*3 + 8) / 4
    assert summary.loc["市发改委", "mean_score"] == round((9.5 * 3 + 8) / 4, 2)
    assert summary.loc["市发改委", "grade"] == ev.grade_for((9.5 * 3 + 8) / 4, GRADES)
    assert summary.loc["市环境保护局", "grade"] == ev.grade_for((6.5 * 3 + 9) / 4, GRADES)
    assert summary.loc["市发改委", "ballots"] == 4
    # 政协委员 has one ballot (primary suppression); with 企业代表 and the overall shown, that one
    # 委员's scores would be overall × 4 − 企业代表 × 3 (the tester did it): 企业代表 is withheld too
    assert all(pd.isna(summary.loc["市发改委", f"group:{g}"]) for g in ("企业代表", "政协委员"))
    assert summary.loc["市发改委", "criterion:服务态度"] == round((10 * 3 + 8) / 4, 2)
    assert list(summary.index) == ["市发改委", "市环境保护局"]  # best first
    detail = ev.detail(results_rows(ballots), SPEC)
    row = detail[(detail["单位"] == "市发改委") & (detail["测评项目"] == "服务态度")].iloc[0]
    assert row["政协委员"] == f"不足{ev.MIN_GROUP_BALLOTS}张，不单列"
    assert row["企业代表"] == "为防推算，不单列"
    assert row["全体"] == "9.50 ± 1.00（4张）"


def test_a_hidden_group_cannot_be_recovered_by_subtraction():
    """Three groups, one small: the smallest other group is withheld too, and with two groups
    hidden their means are two unknowns in one equation; with every group large, all are shown."""
    sheet = {("市发改委", "服务态度"): 9, ("市发改委", "办事效率"): 9, ("市环境保护局", "服务态度"): 8,
             ("市环境保护局", "办事效率"): 8}
    spec = ev.RoundSpec("三组", SPEC.units, SPEC.criteria, ("企业代表", "政协委员", "群众代表"), 1, 10, SPEC.grades)
    ballots = [("企业代表", sheet)] * 5 + [("群众代表", sheet)] * 3 + [("政协委员", sheet)] * 2
    assert ev.withheld_groups(results_rows(ballots), spec) == {"政协委员", "群众代表"}
    assert ev.withheld_groups(results_rows([(g, sheet) for g in spec.groups for _ in range(3)]), spec) == set()
    assert not ev.is_publishable(results_rows(ballots[:2])) and ev.is_publishable(results_rows(ballots[:3]))


def test_grade_is_taken_from_the_mean_people_see():
    # 8.996 is shown as 9.00, so it must be graded as 9.00
    stats = pd.DataFrame([{"unit": u, "criterion": None, "group_name": None, "ballots": 3, "mean_score": 8.996,
                           "sd_score": 0.1} for u in SPEC.units])
    assert set(ev.summarise(stats, SPEC)["grade"]) == {"优秀"}


# --- warehouse grades and the window-unit scorecard -----------------------------------------------------

def test_grade_coding_matches_the_catalogue():
    with (ROOT / "data" / "curated" / "indicators.csv").open(encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["indicator"] == wu.GRADE_INDICATOR)
    coded = {int(n): name for name, n in re.findall(r"(优秀|良好|一般|较差)=(\d)", row["definition"])}
    assert coded == GRADE_LABELS
    assert row["unit"] == "等次"
    assert [format_value(v, "等次") for v in (4, 3, 2, 1)] == ["优秀", "良好", "一般", "较差"]


@pytest.mark.parametrize(("value", "values", "higher", "expected"), [
    (5, [1, 5, 9], True, "even"), (9, [1, 5, 9], True, "good"), (1, [1, 5, 9], True, "bad"),
    (9, [1, 5, 9], False, "bad"), (1, [1, 5, 9], False, "good"), (4, [4, 7], None, "plain"), (4, [4], True, "plain"),
])
def test_scorecard_tone_follows_direction_and_median(value, values, higher, expected):
    assert wu.tone(value, values, higher) == expected


def unit_frame():
    rows = [
        ("003-1", "甲", "投诉件数", 14, "件", False), ("003-2", "乙", "投诉件数", 0, "件", False),
        ("003-3", "丙", "投诉件数", 5, "件", False), ("003-4", "甲", "进驻大厅政务服务事项数", 6, "项", None),
        ("003-5", "乙", "进驻大厅政务服务事项数", 4, "项", None), ("003-6", "甲", "民主评议等次", 4, "等次", True),
        ("003-7", "乙", "民主评议等次", 3, "等次", True), ("003-8", "丙", "民主评议等次", 4, "等次", True),
    ]
    df = pd.DataFrame(rows, columns=["figure_id", "org_unit", "indicator", "value", "unit", "is_higher_better"])
    return df.assign(theme="窗口服务", period_label="2017年", stage="现状", period_end_on=pd.Timestamp("2017-12-31"),
                     label=[format_value(v, u) for v, u in zip(df["value"], df["unit"], strict=True)],
                     definition="口径", evidence="原文")


def test_scorecard_links_every_cell_and_marks_missing_ones():
    card = wu.scorecard(unit_frame())
    html = wu.scorecard_html(card, lambda fid: f"./sources?figure={fid}")
    assert html.count('href="./sources?figure=') == len(card)
    for fid in card["figure_id"]:
        assert f"figure={fid}" in html
    assert html.count(">—</td>") == 1  # 丙 has no 进驻 figure
    tones = card.set_index(["org_unit", "indicator"])["tone"]
    assert tones[("乙", "投诉件数")] == "good" and tones[("甲", "投诉件数")] == "bad"
    assert tones[("甲", "进驻大厅政务服务事项数")] == "plain"
    assert wu.unit_order(card) == ["丙", "甲", "乙"]  # 优秀 first
    assert wu.measure_order(card)[-1] == wu.GRADE_INDICATOR
    assert wu.missing_cells(card[card["indicator"] == "进驻大厅政务服务事项数"], ["丙", "甲", "乙"]) == ["进驻大厅政务服务事项数——丙"]


def test_profile_scales_to_the_largest_and_turns_bad_things_round():
    prof = wu.profile(unit_frame()).set_index(["org_unit", "indicator"])["score_pct"]
    assert prof[("甲", "投诉件数")] == 0 and prof[("乙", "投诉件数")] == 100
    assert prof[("丙", "投诉件数")] == round((1 - 5 / 14) * 100, 1)
    assert prof[("甲", "进驻大厅政务服务事项数")] == 100 and prof[("乙", "进驻大厅政务服务事项数")] == round(4 / 6 * 100, 1)
    assert ("甲", "民主评议等次") not in prof.index


def test_grade_lines_group_units_best_first():
    lines = wu.grade_lines(unit_frame())
    assert lines == [("优秀", [("丙", "003-8"), ("甲", "003-6")]), ("良好", [("乙", "003-7")])]
