"""Query tests: every read query has its header, is used somewhere, and runs on the fixture."""

from __future__ import annotations

import re

import duckdb
import pytest

from govdash.filestore import run_script
from govdash.warehouse import db, sql
from tests.support import ROOT

# queries/build/ (and its scale/ generator) writes; everything else is read by the app.
READ_QUERIES = sorted(
    p for p in (ROOT / "queries").rglob("*.sql") if "build" not in p.relative_to(ROOT / "queries").parts
)
QUERY_NAMES = [p.relative_to(ROOT / "queries").with_suffix("").as_posix() for p in READ_QUERIES]
# queries/ballots/, accounts/ (and intake/) run on the files the app writes (govdash/filestore.py).
STORE_QUERIES = [n for n in QUERY_NAMES if not sql.is_warehouse_query(n)]
WAREHOUSE_QUERIES = [n for n in QUERY_NAMES if sql.is_warehouse_query(n)]
# What each store query runs on: its folder's tables and a seed row or two.
STORE_SEEDS = {"ballots": ("ballots/insert_round", "ballots/insert_ballot"),
               "accounts": ("accounts/insert_account", "accounts/insert_session"),
               "intake": ("intake/insert_document", "intake/insert_candidates")}
ALL_QUERIES = sorted((ROOT / "queries").rglob("*.sql"))
# Example values for every parameter a query may take.
PARAM_EXAMPLES = {
    "limit": 5, "regions": ["测试区"], "themes": [], "year_from": 2000, "year_to": 2030,
    "indicator": "好差评主动评价率", "indicators": ["网民投诉件数", "超期办件数"], "source_file": "900_0123456789abcdef.txt", "figure_id": "900-0001",
    "region": "测试区", "year": 2021, "figure_orders": [1], "problem_ids": ["900-P01"], "series_limit": 3, "use_precomputed": False, "hide_doubtful": False,
    "rank_limit": 3, "pair_limit": 3,
    "indicator_limit": 3,
    # the ballot box
    "round_id": "r-example", "title": "测试评议", "units": ["甲", "乙"], "criteria": ["服务态度", "办事效率"],
    "groups": ["企业代表"], "grade_names": ["优秀", "较差"], "grade_min_scores": [9.0, 1.0], "scale_min": 1,
    "scale_max": 10, "salt": "00ff", "organiser_hash": "ab", "is_closed": False, "code": "ABCDEFGH",
    "code_hash": "cd", "code_hashes": ["cd", "ef"], "group_names": ["企业代表", "企业代表"], "group_name": "企业代表",
    "ballot_id": "b-example", "scores": [8, 9], "round_ids": ["r-example"],
    # the accounts file
    "name": "测试账户", "role": "viewer", "password_hash": "x", "at": "2026-01-01 00:00:00", "session_hash": "s1",
    "is_disabled": None, "idle_since": "2025-12-31", "born_after": "2025-12-31", "key_hash": "k1", "label": "会议室",
    "created_by": "测试账户", "scope": "sign-in", "subjects": ["测试账户", "client:本机"], "since": "2025-12-31",
    # the intake review state
    "doc_id": "d-example", "sha256": "aa", "text_sha256": "bb", "file_name": "报告.txt", "original": "originals/aa.txt",
    "body": "全年办件58件。", "issuer": "某局", "doc_type": "工作总结", "published_on": "2023-07-03", "added_by": "整理员",
    "added_at": "2026-01-01 00:00:00", "by": "整理员", "cand_no": 1, "version": 1, "decision": "accepted",
    "org_unit": None, "period_label": "2023年", "period_grain": "year", "period_start": "2023-01-01",
    "period_end": "2023-07-03", "value": "58", "unit": "件", "rank_total": None, "qualifier": None, "bound": "exact",
    "stage": "现状", "evidence": "全年办件58件", "note": None, "url_note": None, "status": "published",
    "kind": "count", "higher_is_better": "true", "definition": "办件数", "full_name": "某区", "level": "区县",
    "parent": None, "theme": "一网通办", "handoff_hash": "h1",
    "rows": [{"cand_no": 1, "indicator": "办件量", "region": "测试区", "org_unit": None, "period_label": "2023年",
              "period_grain": "year", "period_start": "2023-01-01", "period_end": "2023-07-03", "value": "58",
              "unit": "件", "rank_total": None, "qualifier": None, "bound": "exact", "stage": "现状",
              "evidence": "全年办件58件", "note": None, "theme": "一网通办", "kind": "count", "confidence": 0.9,
              "proposed_by": "extractor"}],
}


def code_text() -> str:
    files = [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "govdash").rglob("*.py")]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


@pytest.mark.parametrize("path", ALL_QUERIES, ids=[p.relative_to(ROOT).as_posix() for p in ALL_QUERIES])
def test_query_has_header(path):
    head = path.read_text(encoding="utf-8").splitlines()[:6]
    for word in ("-- grain:", "-- params:", "-- used by:"):
        assert any(line.startswith(word) for line in head), f"{path.name} lacks '{word}'"


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_is_used(name):
    assert f'"{name}"' in code_text(), f"queries/{name}.sql is not used by any page"


def example_params(name: str) -> dict:
    return {p: PARAM_EXAMPLES[p] for p in set(re.findall(r"\$([a-z_][a-z_0-9]*)", db.load_sql(name)))}


@pytest.fixture(scope="module")
def fixture_snapshot(fixture_db, tmp_path_factory):
    """A meeting snapshot of the fixture warehouse (it adds the snapshot_info table)."""
    from govdash.warehouse import snapshot

    directory = tmp_path_factory.mktemp("snapshots")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVDASH_SNAPSHOTS", str(directory))
        return snapshot.create("fixture", fixture_db)


@pytest.mark.parametrize("name", WAREHOUSE_QUERIES)
def test_query_runs_on_fixture(fixture_db, fixture_snapshot, use_db, name):
    use_db(fixture_snapshot if name.startswith("meeting/snapshot") else fixture_db)
    frame = db.execute(name, example_params(name))
    assert len(frame.columns) > 0


@pytest.mark.parametrize("name", [n for n in STORE_QUERIES if not n.endswith("/create_tables")])
def test_store_query_runs_on_a_fresh_file(tmp_path, name):
    """Each query of a file the app writes runs on a fresh such file holding a seed row or two."""
    folder = name.split("/", 1)[0]
    con = duckdb.connect(str(tmp_path / f"{folder}.duckdb"))
    try:
        con.execute(db.load_sql(f"{folder}/create_tables"))
        for seed in STORE_SEEDS[folder]:
            if seed != name:
                con.execute(db.load_sql(seed), example_params(seed))
        run_script(con, db.load_sql(name), **example_params(name))
    finally:
        con.close()


def test_query_names_are_checked():
    with pytest.raises(ValueError):
        sql.query_path("../secrets")


def test_missing_warehouse_is_explained(tmp_path, use_db):
    use_db(tmp_path / "absent.duckdb")
    with pytest.raises(db.WarehouseMissing, match="make data"):
        db.run_query("home/warehouse_counts")
