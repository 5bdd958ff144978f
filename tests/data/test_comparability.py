"""可比规则 in the build (queries/build/04_facts_tables.sql): the three misleading pairs found on
main are never a change; a planted case per rule on the fixture warehouse; derived complements
and doubt are columns of facts; hiding doubtful figures works in the filtered queries."""

from __future__ import annotations

import csv

import duckdb
import pytest

from govdash.labels import with_labels
from govdash.meeting import slides
from govdash.warehouse import build, db
from govdash.warehouse.curated import CurationFailed
from tests.data.test_build import FIGURES, append_row

EVERYTHING = {"regions": [], "themes": [], "year_from": 1900, "year_to": 2100, "hide_doubtful": False}


def pairs_of(path) -> dict[str, dict]:
    """series -> its row of series_pairs with both figures, as the build wrote it."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT b.series, p.is_comparable, p.incomparable_reason, p.is_minor, p.change, p.improvement, "
            "b.figure_id AS before_id, a.figure_id AS after_id FROM series_pairs AS p "
            "JOIN facts AS b ON b.time_order = p.before_order JOIN facts AS a ON a.time_order = p.after_order").df()
    rows = rows.astype(object).where(rows.notna(), None)  # NULL stays None, not NaN
    return {r["series"]: r for r in rows.to_dict("records")}


# --- the three pairs found on main ----------------------------------------------------------------

def test_the_misleading_pairs_of_main_are_not_changes(real_db, use_db):
    pairs = pairs_of(real_db)
    # a half-year count against a running total
    reviews = pairs["好差评评价数｜长沙市"]
    assert not reviews["is_comparable"] and reviews["incomparable_reason"] == "口径不同：时段数与累计数不可直接比较"
    assert reviews["improvement"] is None and reviews["change"] is None
    # meetings touching the topic (a year) and dedicated meetings (three months): two indicators now
    assert not any(s.startswith("营商环境相关会议次数") or s.startswith("营商环境专题会议次数") for s in pairs)
    # one training in three years against one in half a year
    training = pairs["乡镇业务培训次数｜濮阳县"]
    assert not training["is_comparable"] and "不可直接比较" in training["incomparable_reason"]
    # and what pages read: none of them is among the changes drawn, on the desk or the meeting screen
    use_db(real_db)
    read = db.execute("facts/before_after_pairs", {**EVERYTHING, "limit": 1000, "use_precomputed": True})
    drawn = read[read["is_comparable"]]
    for series in ("好差评评价数｜长沙市", "乡镇业务培训次数｜濮阳县"):
        assert series not in set(drawn["series"]) and series in set(read["series"])
    slide = slides.before_after_slide(with_labels(db.execute(
        "meeting/slide_figures", {"regions": [], "series_limit": 6, "rank_limit": 8, "pair_limit": 6})))
    assert len(slide.figures) and not {"001-0054", "001-0061", "004-0016", "004-0017"} & set(slide.figures["figure_id"])


def test_the_progress_the_audit_asked_for_shows(real_db):
    """一事联办: 4 themes (巡察时) → 25 (成文时), both stocks, one indicator: a comparable change."""
    row = pairs_of(real_db)["一事联办主题事项实施数｜武汉经开区"]
    assert row["is_comparable"] and (row["before_id"], row["after_id"]) == ("000-0036", "000-0039")
    assert row["change"] == 21


# --- a planted case per rule ------------------------------------------------------------------------

BASE = {"org_unit": "", "qualifier": "", "bound": "exact", "problem_no": "", "numerator_id": "", "denominator_id": ""}
PLANTED = [
    # (rule, indicator, region, unit, before (label, grain, start, end, value, total), after, reason or None)
    ("flow against stock", "好差评评价数", "测试市", "件",
     ("2021年上半年", "half", "2021-01-01", "2021-06-30", 1729, ""), ("截至2022年1月31日", "asof", "2022-01-31", "2022-01-31", 41000, ""),
     "口径不同：半年数与累计数不可直接比较"),
    ("year so far against a year", "好差评主动评价数", "测试市", "件",
     ("2020年", "year", "2020-01-01", "2020-12-31", 900, ""), ("2021年（截至10月31日）", "range", "2021-01-01", "2021-10-31", 800, ""),
     "口径不同：全年数与年内累计数不可直接比较"),
    ("periods of different length", "巡察反馈问题数", "测试市", "个",
     ("2018-2020年", "range", "2018-01-01", "2020-12-31", 30, ""), ("2021年1-6月", "range", "2021-01-01", "2021-06-30", 12, ""),
     "口径不同：时段长短不同（1096 天与 181 天）的数不可直接比较"),
    ("rank without a total", "四办改革月度排名", "测试市", "名",
     ("2021年6月", "month", "2021-06-01", "2021-06-30", 3, "15"), ("2021年7月", "month", "2021-07-01", "2021-07-31", 9, ""),
     "参评总数原文未说明，名次变化不可直接比较"),
    ("rates compare across periods", "12345热线接通率", "测试区", "%",
     ("2021年", "year", "2021-01-01", "2021-12-31", 80, ""), ("截至2022年1月31日", "asof", "2022-01-31", "2022-01-31", 96, ""),
     None),
]


@pytest.fixture
def planted_db(fixture_data, tmp_path):
    n = 10
    for _, indicator, region, unit, before, after, _ in PLANTED:
        for stage, (label, grain, start, end, value, total) in (("整改前", before), ("整改后", after)):
            append_row(fixture_data, FIGURES, **BASE, figure_id=f"900-{n:04d}", indicator=indicator, region=region,
                       period_label=label, period_grain=grain, period_start=start, period_end=end, value=str(value),
                       unit=unit, rank_total=total, stage=stage, evidence="评价总数5000件",
                       note="" if total or unit != "名" else "原文未给出参评总数")
            n += 1
    path = tmp_path / "planted.duckdb"
    build.build(fixture_data, path)
    return path


@pytest.mark.parametrize("case", PLANTED, ids=[c[0] for c in PLANTED])
def test_each_rule_catches_its_planted_case(planted_db, case):
    _, indicator, region, _, _, _, reason = case
    row = pairs_of(planted_db)[f"{indicator}｜{region}"]
    assert row["incomparable_reason"] == reason
    assert bool(row["is_comparable"]) == (reason is None)
    assert (row["change"] is None) == (reason is not None)


# --- derived complements, doubt, hiding ------------------------------------------------------------

def test_complements_are_derived_marked_and_paired(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        derived = con.execute("SELECT figure_id, indicator, value, label, derivation, evidence FROM facts "
                              "WHERE is_derived ORDER BY figure_id").df()
        stated = con.execute("SELECT evidence FROM facts WHERE figure_id = '001-0015'").fetchone()[0]
    used = derived[derived["figure_id"] == "001-0015-C"].iloc[0]
    assert (used["indicator"], used["value"], used["label"]) == ("一体化平台使用事项占比", 37.1, "37.1%（推算）")
    assert "100% − 62.9%" in used["derivation"] and used["evidence"] == stated
    assert set(derived["indicator"]) <= {"一体化平台使用事项占比", "好差评主动评价率"}  # one way only
    pair = pairs_of(real_db)["一体化平台使用事项占比｜长沙市"]
    assert pair["is_comparable"] and (pair["before_id"], pair["after_id"]) == ("001-0015-C", "001-0019")


def test_doubt_is_a_column_with_its_reason(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        rows = con.execute("SELECT figure_id, note, label, is_doubtful, doubt_reason FROM facts WHERE NOT is_derived").df()
    doubtful = rows[rows["is_doubtful"]]
    assert len(doubtful) == rows["note"].fillna("").str.contains("存疑").sum() > 20
    assert doubtful["label"].str.endswith("（存疑）").all() and doubtful["doubt_reason"].str.len().min() >= 2
    assert not rows.loc[~rows["is_doubtful"], "label"].str.contains("存疑").any()


def test_hiding_doubtful_figures_filters_every_shared_query(real_db, use_db):
    use_db(real_db)
    shown = db.execute("facts/figures_filtered", {**EVERYTHING, "limit": 100000})
    hidden = db.execute("facts/figures_filtered", {**EVERYTHING, "hide_doubtful": True, "limit": 100000})
    assert shown["is_doubtful"].any() and not hidden["is_doubtful"].any()
    assert len(hidden) == len(shown) - shown["is_doubtful"].sum()
    pairs = db.execute("facts/before_after_pairs", {**EVERYTHING, "hide_doubtful": True, "limit": 1000,
                                                   "use_precomputed": False})
    doubtful_ids = set(shown.loc[shown["is_doubtful"], "figure_id"])
    assert not (set(pairs["before_id"]) | set(pairs["after_id"])) & doubtful_ids


def test_curated_complement_must_name_a_rate(fixture_data, tmp_path):
    path = fixture_data / "curated" / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["complement_of"] = "好差评评价数"  # a rank and a count cannot add up to 100%
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(CurationFailed) as err:
        build.build(fixture_data, tmp_path / "x.duckdb")
    assert any("互补" in str(e) and "complement_of" in str(e) for e in err.value.errors)
