"""Data tests: SQL checks in tests/data/checks/ return offending rows and must return none, on
the fixture warehouse and on the warehouse built from the real data/. Each check is also shown
to catch a planted fault, so none of them passes vacuously."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.support import ROOT, TESTS_DIR

CHECKS = sorted((TESTS_DIR / "data" / "checks").glob("*.sql"))
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


def offending_rows(db: Path, check: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(check.read_text(encoding="utf-8")).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("check", CHECKS, ids=[c.stem for c in CHECKS])
def test_check_passes_on_real_data(real_db, check):
    assert offending_rows(real_db, check) == []


@pytest.mark.parametrize("check", CHECKS, ids=[c.stem for c in CHECKS])
def test_check_passes_on_fixture(fixture_db, check):
    assert offending_rows(fixture_db, check) == []


# A fault planted directly in a copy of the fixture warehouse (bypassing the validator) for each
# check, proving the check can fail.
PLANTED = {
    "evidence_not_in_source": "UPDATE figures SET evidence = '并不存在的引文1' WHERE figure_id = '900-0001'",
    "problem_evidence_not_in_source": "UPDATE problems SET evidence = '并不存在' WHERE problem_no = 1",
    "duplicate_figure_keys": "UPDATE figures SET period_label = '2021年4月' WHERE figure_id = '900-0003'",
    "unresolved_references": "UPDATE regions SET parent = '火星' WHERE region = '测试区'",
    "values_out_of_range": "UPDATE figures SET value = 120 WHERE figure_id = '900-0004'",
    "rates_disagree_with_counts": "UPDATE figures SET value = 90.06 WHERE figure_id = '900-0008'",
    "dates_outside_publication": "UPDATE figures SET period_end_on = DATE '2030-01-01' WHERE figure_id = '900-0001'",
}


def test_every_check_has_a_planted_fault():
    assert sorted(PLANTED) == [c.stem for c in CHECKS]


@pytest.mark.parametrize("check", CHECKS, ids=[c.stem for c in CHECKS])
def test_check_catches_planted_fault(fixture_db, tmp_path, check):
    copy = tmp_path / "planted.duckdb"
    shutil.copy(fixture_db, copy)
    con = duckdb.connect(str(copy))
    # The planted faults break constraints the build enforces, so they go in through a table
    # without them: recreate `figures` as a plain copy first.
    con.execute("CREATE TABLE figures_plain AS SELECT * FROM figures")
    con.execute("DROP VIEW facts_view")
    con.execute("DROP TABLE figures")
    con.execute("ALTER TABLE figures_plain RENAME TO figures")
    for step in ("03_facts_view.sql", "04_facts_tables.sql"):  # the view, and all made from it, again
        con.execute((ROOT / "queries/build" / step).read_text(encoding="utf-8"))
    con.execute(PLANTED[check.stem])
    con.close()
    assert offending_rows(copy, check) != []


def test_sources_are_byte_for_byte_copies():
    if not SHARED_SOURCES.is_dir():
        pytest.skip("../shared/sources not beside this checkout")
    ours = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "data/sources").glob("*.txt")}
    theirs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SHARED_SOURCES.glob("*.txt")}
    assert ours == theirs


def test_every_document_contributes_figures(real_db):
    con = duckdb.connect(str(real_db), read_only=True)
    counts = dict(con.execute("SELECT doc_no, count(*) FROM facts GROUP BY doc_no").fetchall())
    problems = dict(con.execute("SELECT substr(problem_id, 1, 3), count(*) FROM problems GROUP BY 1").fetchall())
    con.close()
    assert sorted(counts) == ["000", "001", "002", "003", "004"]
    assert counts["000"] > 100 and counts["001"] > 100, counts
    assert sum(counts.values()) >= 300, counts
    # the three rectification reports list their inspection problems
    assert problems.get("000") == 18 and problems.get("001", 0) > 0 and problems.get("004", 0) > 0, problems


def facts(real_db: Path, where: str, params: dict) -> list[tuple]:
    con = duckdb.connect(str(real_db), read_only=True)
    try:
        return con.execute(
            f"SELECT period_label, value, rank_total, stage FROM facts WHERE {where} ORDER BY period_start_on, value",
            params,
        ).fetchall()
    finally:
        con.close()


def test_run_together_monthly_ranks_are_split(real_db):
    """000: 「20206-11月份四办改革在全市15个区排名分别是第8118111415名」 — the only split into six
    ranks of at most 15 is 8, 11, 8, 11, 14, 15."""
    rows = facts(real_db, "indicator = $i AND region = '武汉经开区' AND period_grain = 'month' AND year = 2020",
                 {"i": "四办改革月度排名"})
    assert [(r[1], r[2]) for r in rows if r[0].startswith("2020年") and "月" in r[0]][:6] == [
        (8, 15), (11, 15), (8, 15), (11, 15), (14, 15), (15, 15)]


def test_rectification_pairs(real_db):
    """000: 双随机一公开 coverage 7.25% before, 70% after (approximate, 146 of 210)."""
    rows = facts(real_db, "indicator = '双随机一公开抽查覆盖率' AND region = '武汉经开区'", {})
    assert (7.25, "整改前") in [(r[1], r[3]) for r in rows]
    assert (70.0, "整改后") in [(r[1], r[3]) for r in rows]


def test_window_unit_figures_of_the_lanzhou_report(real_db):
    con = duckdb.connect(str(real_db), read_only=True)
    units = {r[0] for r in con.execute(
        "SELECT DISTINCT org_unit FROM facts WHERE doc_no = '003' AND indicator = '民主评议等次'").fetchall()}
    con.close()
    assert units == {"市发改委", "市国土资源局", "市环境保护局", "市城乡建设局", "市城乡规划局", "市住房保障和房产管理局"}
