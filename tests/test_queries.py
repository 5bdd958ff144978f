"""Query tests: every read query has its header, is used somewhere, and runs on the fixture."""

from __future__ import annotations

import re

import pytest

from govdash import db

from .conftest import ROOT

READ_QUERIES = sorted(
    p for p in (ROOT / "queries").rglob("*.sql") if p.parent.name != "build"
)
QUERY_NAMES = [p.relative_to(ROOT / "queries").with_suffix("").as_posix() for p in READ_QUERIES]
ALL_QUERIES = sorted((ROOT / "queries").rglob("*.sql"))
# Example values for every parameter a query may take.
PARAM_EXAMPLES = {
    "limit": 5, "regions": ["测试区"], "themes": [], "year_from": 2000, "year_to": 2030,
    "indicator": "好差评主动评价率", "source_file": "900_0123456789abcdef.txt", "figure_id": "900-0001",
}


def code_text() -> str:
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "govdash").glob("*.py")]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


@pytest.mark.parametrize("path", ALL_QUERIES, ids=[p.relative_to(ROOT).as_posix() for p in ALL_QUERIES])
def test_query_has_header(path):
    head = path.read_text(encoding="utf-8").splitlines()[:6]
    for word in ("-- grain:", "-- params:", "-- used by:"):
        assert any(line.startswith(word) for line in head), f"{path.name} lacks '{word}'"


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_is_used(name):
    assert f'"{name}"' in code_text(), f"queries/{name}.sql is not used by any page"


@pytest.fixture(scope="module")
def fixture_snapshot(fixture_db, tmp_path_factory):
    """A meeting snapshot of the fixture warehouse (it adds the snapshot_info table)."""
    from govdash import snapshot

    directory = tmp_path_factory.mktemp("snapshots")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVDASH_SNAPSHOTS", str(directory))
        return snapshot.create("fixture", fixture_db)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_runs_on_fixture(fixture_db, fixture_snapshot, use_db, name):
    use_db(fixture_snapshot if name.startswith("meeting/snapshot") else fixture_db)
    sql = db.load_sql(name)
    params = {p: PARAM_EXAMPLES[p] for p in set(re.findall(r"\$([a-z_]+)", sql))}
    frame = db.execute(name, params)
    assert len(frame.columns) > 0


def test_query_names_are_checked():
    with pytest.raises(ValueError):
        db.query_path("../secrets")


def test_missing_warehouse_is_explained(tmp_path, use_db):
    use_db(tmp_path / "absent.duckdb")
    with pytest.raises(db.WarehouseMissing, match="make data"):
        db.run_query("home/warehouse_counts")
