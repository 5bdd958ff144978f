"""Shared fixtures. Tests never touch data/dashboard.duckdb: they build their own warehouses.

The tests are grouped by layer, so the fast ones can run alone (`make test-fast`):
unit/ (pure functions, no files), data/ (builds, queries, the ballot box, slides on a warehouse),
app/ (pages under Streamlit's AppTest), browser/ (a real server and chromium), tools/ (benchmark).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govdash.warehouse import build
from tests.support import FIXTURE_DATA, ROOT

LAYERS = ("unit", "data", "app", "browser", "tools")


def pytest_collection_modifyitems(items) -> None:
    """Each test carries its layer as a marker too: `pytest -m "not browser"`."""
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        if parts and parts[0] in LAYERS:
            item.add_marker(getattr(pytest.mark, parts[0]))


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    """A writable copy of the small fixture dataset (tests/fixtures/data)."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """A warehouse built from the fixture dataset."""
    path = tmp_path_factory.mktemp("fixture_db") / "fixture.duckdb"
    build.build(FIXTURE_DATA, path)
    return path


@pytest.fixture(scope="session")
def real_db(tmp_path_factory) -> Path:
    """A warehouse built from the project's real data/ (into a temp file, not data/)."""
    path = tmp_path_factory.mktemp("real_db") / "dashboard.duckdb"
    build.build(ROOT / "data", path)
    return path


@pytest.fixture
def use_db(monkeypatch):
    """Point the app's gateway at a given warehouse file for one test."""

    def _use(path: Path) -> None:
        monkeypatch.setenv("GOVDASH_DB", str(path))

    return _use


@pytest.fixture(autouse=True)
def ballots_file(tmp_path, monkeypatch) -> Path:
    """Every test gets its own ballot box, accounts file, audit log and secret key, so no test ever
    writes data/ballots.duckdb, data/accounts.duckdb, data/audit.jsonl or data/secret.key."""
    path = tmp_path / "ballots.duckdb"
    monkeypatch.setenv("GOVDASH_BALLOTS", str(path))
    for name, file in (("GOVDASH_ACCOUNTS", "accounts.duckdb"), ("GOVDASH_AUDIT", "audit.jsonl"),
                       ("GOVDASH_SECRET_KEY_FILE", "secret.key")):
        monkeypatch.setenv(name, str(tmp_path / file))
    return path
