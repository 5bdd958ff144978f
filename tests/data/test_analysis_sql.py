"""The SQL of the read queries agrees with the Python rules of govdash/analysis.py on the real warehouse."""

from __future__ import annotations

import duckdb
import pytest

from govdash import analysis
from govdash.warehouse import db


@pytest.mark.parametrize("regions, themes, years, use_precomputed", [
    ([], [], (2000, 2100), True), ([], [], (2000, 2100), False), (["武汉经开区"], [], (2000, 2100), True),
    ([], ["好差评"], (2000, 2100), True), (["长沙市"], ["一网通办"], (2000, 2100), False), ([], [], (2021, 2022), False),
])
def test_sql_pairs_agree_with_the_python_rule(real_db, use_db, regions, themes, years, use_precomputed):
    """facts/before_after_pairs (what the pages read: from the build's series_pairs table, or worked
    out for a year range) pairs exactly as analysis.before_after_pairs."""
    use_db(real_db)
    params = {"regions": regions, "themes": themes, "year_from": years[0], "year_to": years[1], "hide_doubtful": False}
    figures = db.execute("facts/figures_filtered", {**params, "limit": 100000})
    expected = analysis.before_after_pairs(figures)
    got = db.execute("facts/before_after_pairs", {**params, "limit": 100000, "use_precomputed": use_precomputed})
    assert len(expected) > 0 or years == (2021, 2022)
    assert len(got) == len(expected)
    cols = ["before_id", "after_id", "before_label", "after_label", "doc_no", "is_comparable", "incomparable_reason",
            "is_minor"]
    key = lambda frame: frame.set_index("series").sort_index()  # noqa: E731
    assert key(got)[cols].equals(key(expected)[cols])
    both = key(got).join(key(expected)[["improvement"]].rename(columns={"improvement": "improvement_py"}))
    assert ((both["improvement"] - both["improvement_py"]).abs().fillna(0) < 1e-9).all()
    assert (both["improvement"].isna() == both["improvement_py"].isna()).all()


@pytest.mark.parametrize("years, use_precomputed", [((2000, 2100), True), ((2000, 2100), False), ((2021, 2022), False)])
def test_pair_figures_are_the_pairs_own_figures_whole(real_db, use_db, years, use_precomputed):
    """facts/pair_figures (the rows under a before/after chart) gives exactly the figures the pairs
    name, as facts holds them, whether read from the build's pair_figures table or from facts."""
    use_db(real_db)
    params = {"regions": [], "themes": [], "year_from": years[0], "year_to": years[1], "hide_doubtful": False}
    pairs = db.execute("facts/before_after_pairs", {**params, "limit": 100000, "use_precomputed": use_precomputed})
    orders = sorted(set(pairs["before_order"]) | set(pairs["after_order"]))
    got = db.execute("facts/pair_figures", {"figure_orders": orders, "use_precomputed": use_precomputed})
    assert set(got["figure_id"]) == set(pairs["before_id"]) | set(pairs["after_id"])
    assert len(got) == len(orders) > 0
    con = duckdb.connect(str(real_db), read_only=True)
    facts = con.execute("SELECT * FROM facts WHERE list_contains(?, figure_id)", [list(got["figure_id"])]).df()
    con.close()
    key = lambda frame: frame.set_index("figure_id").sort_index()[["value", "label", "evidence", "period_label"]]  # noqa: E731
    assert key(got).equals(key(facts))


@pytest.mark.parametrize("regions, themes", [([], []), (["武汉经开区", "长沙市"], []), ([], ["好差评", "一网通办"])])
def test_sql_latest_per_series_agrees_with_the_python_rule(real_db, use_db, regions, themes):
    """facts/latest_per_series: each theme's series with most figures (then newest, then first by
    name), with the newest current figure, as analysis.latest_per_series finds it; the build's
    series_stats (all years) and the figures worked out for the years give the same answer."""
    use_db(real_db)
    params = {"regions": regions, "themes": themes, "year_from": 2000, "year_to": 2100, "hide_doubtful": False}
    figures = analysis.with_series_key(db.execute("facts/figures_filtered", {**params, "limit": 100000}))
    counts = figures.groupby("series")["figure_id"].count().rename("figure_count")
    latest = analysis.latest_per_series(figures).join(counts, on="series")
    expected = (latest.sort_values(["figure_count", "period_end_on", "series"], ascending=[False, False, True])
                .groupby("theme").head(5).sort_values("figure_id")["figure_id"].tolist())
    for use_precomputed in (True, False):
        got = db.execute("facts/latest_per_series", {**params, "limit": 5, "use_precomputed": use_precomputed})
        assert sorted(got["figure_id"]) == expected, use_precomputed
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
        params = {"regions": regions, "themes": [], "year_from": 1900, "year_to": 2100, "hide_doubtful": False, **extra}
        from_table = db.execute(name, {**params, "use_precomputed": True})
        worked_out = db.execute(name, {**params, "use_precomputed": False})
        assert len(from_table) > 0
        assert from_table["figure_id"].tolist() == worked_out["figure_id"].tolist()
