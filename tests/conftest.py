"""Shared fixtures. Tests never touch data/dashboard.duckdb: they build their own warehouses."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from govdash import build

TESTS_DIR = Path(__file__).resolve().parent
ROOT = TESTS_DIR.parent
FIXTURE_DATA = TESTS_DIR / "fixtures" / "data"


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


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(autouse=True)
def ballots_file(tmp_path, monkeypatch) -> Path:
    """Every test gets its own ballot box, so no test ever writes data/ballots.duckdb."""
    path = tmp_path / "ballots.duckdb"
    monkeypatch.setenv("GOVDASH_BALLOTS", str(path))
    return path


def require_chromium() -> None:
    """Browser tests skip on a machine without chromium, and fail in CI (CI=true) instead."""
    from govdash import browser

    if not browser.chromium_available():
        if in_ci():
            pytest.fail("CI 环境缺少 chromium：.ci/run 应先用 apt-get 安装 chromium")
        pytest.skip("chromium not installed (CI installs it via .ci/run)")
