"""Unit tests of govdash.analysis: the pairs, changes and sentences leaders read."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from govdash import analysis, db


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


@pytest.mark.parametrize("regions, themes, years, all_years", [
    ([], [], (2000, 2100), True), ([], [], (2000, 2100), False), (["武汉经开区"], [], (2000, 2100), True),
    ([], ["好差评"], (2000, 2100), True), (["长沙市"], ["一网通办"], (2000, 2100), False), ([], [], (2021, 2022), False),
])
def test_sql_pairs_agree_with_the_python_rule(real_db, use_db, regions, themes, years, all_years):
    """facts/before_after_pairs (what the pages read: from the build's series_pairs table, or worked
    out for a year range) pairs exactly as analysis.before_after_pairs."""
    use_db(real_db)
    params = {"regions": regions, "themes": themes, "year_from": years[0], "year_to": years[1]}
    figures = db.execute("facts/figures_filtered", {**params, "limit": 100000})
    expected = analysis.before_after_pairs(figures)
    got = db.execute("facts/before_after_pairs", {**params, "limit": 100000, "all_years": all_years})
    assert len(expected) > 0 or years == (2021, 2022)
    assert len(got) == len(expected)
    cols = ["before_id", "after_id", "before_label", "after_label", "doc_no"]
    key = lambda frame: frame.set_index("series").sort_index()  # noqa: E731
    assert key(got)[cols].equals(key(expected)[cols])
    both = key(got).join(key(expected)[["improvement"]].rename(columns={"improvement": "improvement_py"}))
    assert ((both["improvement"] - both["improvement_py"]).abs().fillna(0) < 1e-9).all()
    assert (both["improvement"].isna() == both["improvement_py"].isna()).all()


@pytest.mark.parametrize("years, all_years", [((2000, 2100), True), ((2000, 2100), False), ((2021, 2022), False)])
def test_pair_figures_are_the_pairs_own_figures_whole(real_db, use_db, years, all_years):
    """facts/pair_figures (the rows under a before/after chart) gives exactly the figures the pairs
    name, as facts holds them, whether read from the build's pair_figures table or from facts."""
    use_db(real_db)
    params = {"regions": [], "themes": [], "year_from": years[0], "year_to": years[1]}
    pairs = db.execute("facts/before_after_pairs", {**params, "limit": 100000, "all_years": all_years})
    orders = sorted(set(pairs["before_order"]) | set(pairs["after_order"]))
    got = db.execute("facts/pair_figures", {"figure_orders": orders, "all_years": all_years})
    assert set(got["figure_id"]) == set(pairs["before_id"]) | set(pairs["after_id"])
    assert len(got) == len(orders) > 0
    con = duckdb.connect(str(real_db), read_only=True)
    facts = con.execute("SELECT * FROM facts WHERE list_contains(?, figure_id)", [list(got["figure_id"])]).df()
    con.close()
    key = lambda frame: frame.set_index("figure_id").sort_index()[["value", "label", "evidence", "period_label"]]  # noqa: E731
    assert key(got).equals(key(facts))


def test_a_bound_on_either_side_gets_no_computed_change():
    df = pd.DataFrame([
        figure("e1", "整改前", "2020-12-31", 17.29, indicator="好差评评价数", unit="万条"),
        {**figure("e2", "整改后", "2021-12-31", 410, indicator="好差评评价数", unit="万条"),
         "bound": "lower", "qualifier": "超过"},
    ])
    pair = analysis.before_after_pairs(df).iloc[0]
    assert analysis.pair_phrase(pair) == "由 17.29 万条 增至 超过 410 万条"
    assert "%" not in analysis.pair_phrase(pair)


@pytest.mark.parametrize("regions, themes", [([], []), (["武汉经开区", "长沙市"], []), ([], ["好差评", "一网通办"])])
def test_sql_latest_per_series_agrees_with_the_python_rule(real_db, use_db, regions, themes):
    """facts/latest_per_series: each theme's series with most figures (then newest, then first by
    name), with the newest current figure, as analysis.latest_per_series finds it; the build's
    series_stats (all years) and the figures worked out for the years give the same answer."""
    use_db(real_db)
    params = {"regions": regions, "themes": themes, "year_from": 2000, "year_to": 2100}
    figures = analysis.with_series_key(db.execute("facts/figures_filtered", {**params, "limit": 100000}))
    counts = figures.groupby("series")["figure_id"].count().rename("figure_count")
    latest = analysis.latest_per_series(figures).join(counts, on="series")
    expected = (latest.sort_values(["figure_count", "period_end_on", "series"], ascending=[False, False, True])
                .groupby("theme").head(5).sort_values("figure_id")["figure_id"].tolist())
    for all_years in (True, False):
        got = db.execute("facts/latest_per_series", {**params, "limit": 5, "all_years": all_years})
        assert sorted(got["figure_id"]) == expected, all_years
        assert got.groupby("theme").size().max() == 5


@pytest.mark.parametrize("name, extra", [
    ("facts/trend_figures", {"series_limit": 3, "indicator_limit": 4}),
    ("facts/largest_current_values", {"limit": 12}),
])
def test_series_stats_answer_as_the_figures_do(real_db, use_db, name, extra):
    """With every year in range, the queries read the build's series_stats table; with the range given
    as years they work it out from the figures. Both give the same rows."""
    use_db(real_db)
    for regions in ([], ["武汉经开区"]):
        params = {"regions": regions, "themes": [], "year_from": 1900, "year_to": 2100, **extra}
        from_table = db.execute(name, {**params, "all_years": True})
        worked_out = db.execute(name, {**params, "all_years": False})
        assert len(from_table) > 0
        assert from_table["figure_id"].tolist() == worked_out["figure_id"].tolist()
