"""Analysis rules on figures in memory: before/after pairs, change phrases, rank sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from govdash import analysis


def figure(fid, stage, end, value, indicator="主动评价率", region="甲区", unit="%", org_unit=None, better=True,
           kind="rate", grain="month", days=30, ytd=False, total=None):
    return {
        "figure_id": fid, "stage": stage, "period_end_on": pd.Timestamp(end), "period_label": end[:7],
        "value": value, "unit": unit, "indicator": indicator, "region": region, "org_unit": org_unit,
        "theme": "好差评", "kind": kind, "is_higher_better": better, "qualifier": None, "bound": "exact",
        "rank_total": total, "evidence": f"原文{fid}", "doc_no": "000",
        "period_grain": grain, "period_days": days, "is_year_to_date": ytd,
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


# --- comparability (可比规则) -------------------------------------------------------------------

def period(grain, days, ytd=False, total=None):
    return pd.Series({"period_grain": grain, "period_days": days, "is_year_to_date": ytd, "rank_total": total})


@pytest.mark.parametrize(("kind", "before", "after", "expected"), [
    # counts and amounts: a flow is not a stock, a year so far is not a year, lengths must match
    ("count", period("half", 182), period("asof", 1), "口径不同：半年数与累计数不可直接比较"),
    ("money", period("year", 365), period("range", 304, ytd=True), "口径不同：全年数与年内累计数不可直接比较"),
    ("count", period("range", 1096), period("range", 181), "口径不同：时段长短不同（1096 天与 181 天）的数不可直接比较"),
    ("count", period("year", 365), period("year", 366), None),
    ("count", period("asof", 1), period("asof", 1), None),
    ("count", period("range", 95), period("range", 92), None),  # within 10%
    # rates, scores, durations compare across periods
    ("rate", period("half", 182), period("asof", 1), None),
    ("duration", period("year", 365), period("month", 30), None),
    # ranks: only when both totals are known
    ("rank", period("month", 30, total=15), period("month", 31, total=15), None),
    ("rank", period("year", 365, total=103), period("year", 365), "参评总数原文未说明，名次变化不可直接比较"),
    ("rank", period("year", 365, total=103), period("year", 365, total=98), None),
])
def test_incomparable_reason_per_rule(kind, before, after, expected):
    assert analysis.incomparable_reason(kind, before, after) == expected


def test_incomparable_pairs_get_no_change_and_say_why():
    df = pd.DataFrame([
        figure("c1", "整改前", "2020-06-30", 17.29, indicator="评价数", unit="万条", kind="count", grain="half", days=182),
        figure("c2", "整改后", "2021-02-02", 410, indicator="评价数", unit="万条", kind="count", grain="asof", days=1),
    ])
    row = analysis.before_after_pairs(df).iloc[0]
    assert not row["is_comparable"] and row["incomparable_reason"] == "口径不同：半年数与累计数不可直接比较"
    assert pd.isna(row["change"]) and row["improvement"] is None


def test_a_small_count_change_never_outranks_a_rate_or_larger_count():
    df = pd.DataFrame([
        figure("m1", "整改前", "2022-12-31", 1, indicator="会议次数", unit="次", kind="count", grain="year", days=365),
        figure("m2", "整改后", "2023-12-31", 6, indicator="会议次数", unit="次", kind="count", grain="year", days=365),
        figure("r1", "整改前", "2021-04-30", 90.0),
        figure("r2", "整改后", "2021-09-30", 92.0),  # +2 points, far less than +500%
        figure("k1", "整改前", "2020-12-31", 40, indicator="事项数", unit="项", kind="count", grain="asof", days=1),
        figure("k2", "整改后", "2021-12-31", 50, indicator="事项数", unit="项", kind="count", grain="asof", days=1),
    ])
    improved, declined = analysis.largest_changes(analysis.before_after_pairs(df), 3)
    assert list(improved["indicator"]) == ["事项数", "主动评价率", "会议次数"] and declined.empty
    assert list(improved["is_minor"]) == [False, False, True]


def test_count_trend_lines_are_split_by_kind_of_period():
    df = analysis.with_series_key(pd.DataFrame([
        figure("t1", "现状", "2020-12-31", 100, indicator="办件量", unit="件", kind="count", grain="year", days=366),
        figure("t2", "现状", "2021-12-31", 120, indicator="办件量", unit="件", kind="count", grain="year", days=365),
        figure("t3", "现状", "2022-10-31", 90, indicator="办件量", unit="件", kind="count", grain="range", days=304, ytd=True),
        figure("t4", "现状", "2021-12-31", 95.0),
        figure("t5", "现状", "2022-10-31", 96.0, ytd=True),
    ]))
    lines = analysis.comparable_lines(df).set_index("figure_id")["line"]
    assert lines["t1"] == lines["t2"] == "办件量｜甲区（全年数）" and lines["t3"] == "办件量｜甲区（年内累计数）"
    assert lines["t4"] == lines["t5"] == "主动评价率｜甲区"  # rates stay one line


@pytest.mark.parametrize(("ranks", "totals", "expected"), [
    ([10, 80], [103, None], "最新排名第80名（参评总数原文未说明），上期为第10名（参评总数原文未说明，名次变化不可直接比较）。"),
    ([10, 12], [103, 98], "最新排名第12名（共98个），较上期（第10名/103，参评总数不同）下降2位。"),
])
def test_rank_changes_only_between_known_totals(ranks, totals, expected):
    assert analysis.rank_sentence(ranks, totals[-1], None, totals) == expected


def test_card_change_in_points_places_and_per_cent():
    row = pd.Series({"value": 92.99, "unit": "%", "kind": "rate", "bound": "exact", "is_higher_better": True,
                     "previous_value": 94.07, "previous_bound": "exact", "previous_label": "94.07%",
                     "previous_period": "2021年第2季度"})
    change = analysis.card_change(row)
    assert (change.delta, change.color, change.description) == ("-1.08 个百分点", "normal", "较 2021年第2季度（94.07%）")
    rank = row.copy()
    rank.update({"value": 15, "unit": "名", "kind": "rank", "is_higher_better": False, "previous_value": 14})
    assert analysis.card_change(rank).delta == "-1 位"
    bounded = row.copy()
    bounded["bound"] = "lower"
    assert analysis.card_change(bounded).arrow == "off" and analysis.card_change(bounded).delta == "上期 94.07%"
    none = row.copy()
    none["previous_value"] = None
    assert analysis.card_change(none).description == "无可比的上期数据"


def test_a_reached_value_after_a_rise_is_not_said_twice():
    df = pd.DataFrame([
        figure("r1", "整改前", "2021-04-30", 7.25, indicator="双随机一公开抽查覆盖率", unit="%"),
        {**figure("r2", "整改后", "2021-12-31", 70.0, indicator="双随机一公开抽查覆盖率", unit="%"),
         "bound": "lower", "qualifier": "达"},
    ])
    pair = analysis.before_after_pairs(df).iloc[0]
    phrase = analysis.pair_phrase(pair)
    assert "增至 70%" in phrase and "增至 达" not in phrase, phrase
