"""Paths and settings in one place. Every setting can be overridden by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
CURATED_DIR = DATA_DIR / "curated"
QUERIES_DIR = ROOT / "queries"
BUILD_SQL_DIR = QUERIES_DIR / "build"


def warehouse_path() -> Path:
    """The built warehouse. GOVDASH_DB points the app and the build at another file (tests do)."""
    return Path(os.environ.get("GOVDASH_DB", DATA_DIR / "dashboard.duckdb"))


def ballots_path() -> Path:
    """The 民主评议 ballot box: a DuckDB file of its own that `make data` never touches.
    GOVDASH_BALLOTS points the app at another file (tests do)."""
    return Path(os.environ.get("GOVDASH_BALLOTS", DATA_DIR / "ballots.duckdb"))


def snapshots_dir() -> Path:
    """Frozen copies of the warehouse for meetings (govdash/warehouse/snapshot.py); not committed."""
    return Path(os.environ.get("GOVDASH_SNAPSHOTS", DATA_DIR / "snapshots"))


def agendas_dir() -> Path:
    """Saved meeting agendas, one TOML file each (govdash/meeting/agenda.py)."""
    return Path(os.environ.get("GOVDASH_AGENDAS", DATA_DIR / "agendas"))


# Cached query results expire so a rebuilt warehouse shows up without a restart.
QUERY_CACHE_TTL_SECONDS = int(os.environ.get("GOVDASH_CACHE_TTL", "600"))
QUERY_CACHE_MAX_ENTRIES = 512

APP_TITLE = "政务服务效能看板"
