"""Analysis rules on figures in memory: before/after pairs, change phrases, rank sentences."""

from __future__ import annotations

import pandas as pd

from govdash import analysis


def figure(fid, stage, end, value, indicator="主动评价率", region="甲区", unit="%", org_unit=None, better=True):
    return {
        "figure_id": fid, "stage": stage, "period_end_on": pd.Timestamp(end), "period_label": end[:7],
        "value": value, "unit": unit, "indicator": indicator, "region": region, "org_unit": org_unit,
        "theme": "好差评", "kind": "rate", "is_higher_better": better, "qualifier": None, "bound": "exact",
        "rank_total": None, "evidence": f"原文{fid}", "doc_no": "000",
    }


def test_pairs_take_first_before_and_latest_after():
    df = pd.DataFrame([
        figure("a1", "整改前", "2021-04-30", 78.89),
        figure("a2", "整改后", "2021-06-30", 95.06),
        figure("a3", "整改后", "2021-09-30", 92.99),
        figure("a0", "整改前", "2021-05-31", 80.0),  # a later before figure is not the baseline
    ])
    pairs = analysis.before_after_pairs(df)
    assert len(pairs) == 1
    row = pairs.iloc[0]
    assert (row["before_id"], row["after_id"]) == ("a1", "a3")
    assert (row["before_value"], row["after_value"]) == (78.89, 92.99)
    assert round(row["change"], 2) == 14.10 and round(row["improvement"], 2) == 14.10
    assert row["before_label"] == "78.89%" and row["after_label"] == "92.99%"


def test_pairs_fall_back_to_a_later_current_figure_only():
    df = pd.DataFrame([
        figure("b0", "现状", "2020-12-31", 60.0, indicator="覆盖率"),   # earlier than the baseline: ignored
        figure("b1", "整改前", "2021-04-30", 7.25, indicator="覆盖率"),
        figure("b2", "现状", "2021-10-31", 70.0, indicator="覆盖率"),
        figure("c1", "整改前", "2021-04-30", 5.0, indicator="办结率"),  # no figure after it: no pair
        figure("c2", "现状", "2021-01-31", 9.0, indicator="办结率"),
    ])
    pairs = analysis.before_after_pairs(df)
    assert list(pairs["series"]) == ["覆盖率｜甲区"]
    assert (pairs.iloc[0]["before_id"], pairs.iloc[0]["after_id"]) == ("b1", "b2")


def test_pairs_keep_series_apart_by_region_and_unit_holder_and_direction():
    df = pd.DataFrame([
        figure("r1", "整改前", "2020-12-31", 10, indicator="营商环境排名", unit="名", better=False),
        figure("r2", "整改后", "2021-12-31", 80, indicator="营商环境排名", unit="名", better=False),
        figure("u1", "改革前", "2016-12-31", 50, indicator="办理时限", unit="天", org_unit="市发改委", better=False),
        figure("u2", "改革后", "2017-12-31", 20, indicator="办理时限", unit="天", org_unit="市发改委", better=False),
        figure("v1", "改革前", "2016-12-31", 40, indicator="办理时限", unit="天", org_unit="市国土资源局", better=False),
    ])
    pairs = analysis.before_after_pairs(df).set_index("series")
    assert list(pairs.index) == ["营商环境排名｜甲区", "办理时限｜甲区·市发改委"]
    assert pairs.loc["营商环境排名｜甲区", "improvement"] == -70  # rank 10 -> 80: 70 places lost
    assert pairs.loc["办理时限｜甲区·市发改委", "improvement"] == 60  # 50 -> 20 days, lower is better


def test_pairs_of_nothing_are_empty():
    assert analysis.before_after_pairs(pd.DataFrame()).empty
    assert analysis.before_after_pairs(pd.DataFrame([figure("x", "现状", "2021-01-31", 1.0)])).empty


def test_change_phrases():
    assert analysis.change_phrase(7.25, 70, "%") == "由 7.25% 增至 70%（+62.75 个百分点）"
    assert analysis.change_phrase(10, 80, "名") == "由第10名降至第80名（下降70位）"
    assert analysis.change_phrase(417, 1038, "项") == "由 417 项 增至 1,038 项（+148.9%）"


def test_rank_sentences():
    assert analysis.rank_sentence([8, 5], 15) == "最新排名第5名（共15个），较上期上升3位。"
    assert analysis.rank_sentence([10, 80], 103).startswith("最新排名第80名（共103个），较上期下降70位")
    assert "连续两期排名后三位" in analysis.rank_sentence([8, 14, 15], 15)
    assert "参评总数原文未说明" in analysis.rank_sentence([1], None)


def test_bounded_ranks_are_written_as_given_and_never_differenced():
    """「前三」 is at most 3rd: not 「第3名」, no computed change, best/worst keep the bound."""
    text = analysis.rank_sentence([3, 3, 3], 15, ["upper", "upper", "upper"])
    assert text.startswith("最新排名前3名（共15个），上期为前3名")
    assert "第3名" not in text and "持平" not in text
    assert "连续三期排名前三位" in text  # at most 3rd each time: certainly in the top three
    assert "期间最好前3名、最差前3名" in text
    mixed = analysis.rank_sentence([5, 10], 15, ["exact", "upper"])
    assert mixed == "最新排名前10名（共15个），上期为第5名。"
    assert "前三位" not in analysis.rank_sentence([10, 10], 15, ["upper", "upper"])  # 前10 is not 前三
    assert "后三位" not in analysis.rank_sentence([14, 15], 15, ["upper", "upper"])  # could be 1st
    assert "排名后三位" in analysis.rank_sentence([14], 15, ["lower"])  # 14th or lower of 15


def test_latest_per_series_is_the_newest_current_figure():
    df = pd.DataFrame([
        figure("l1", "现状", "2021-03-31", 95.06),
        figure("l2", "现状", "2021-09-30", 92.99),
        figure("l3", "目标", "2021-12-31", 99.0),
    ])
    assert list(analysis.latest_per_series(df)["figure_id"]) == ["l2"]


def test_a_bound_on_either_side_gets_no_computed_change():
    df = pd.DataFrame([
        figure("e1", "整改前", "2020-12-31", 17.29, indicator="好差评评价数", unit="万条"),
        {**figure("e2", "整改后", "2021-12-31", 410, indicator="好差评评价数", unit="万条"),
         "bound": "lower", "qualifier": "超过"},
    ])
    pair = analysis.before_after_pairs(df).iloc[0]
    assert analysis.pair_phrase(pair) == "由 17.29 万条 增至 超过 410 万条"
    assert "%" not in analysis.pair_phrase(pair)
