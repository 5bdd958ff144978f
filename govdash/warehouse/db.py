"""The one gateway to the warehouse for the app. Pages and desk code call run_query(); they
never import duckdb. (Writers open their own files: the build and snapshots here in
warehouse/, the ballot box in evaluation/ballot_box.py.)

- SQL lives in queries/<name>.sql (warehouse/sql.py); values are always bound parameters ($name).
- One read-only connection per warehouse file, reopened when `make data` swaps in a new
  file (the file's identity is part of the cache key); a fresh cursor per query, since one
  DuckDB connection must not be used by two script threads at once.
- Results are cached with a TTL and an entry bound so memory stays flat on a screen that
  runs all day.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from govdash import config
from govdash.warehouse.sql import load_sql


class WarehouseMissing(RuntimeError):
    """The warehouse file has not been built yet."""


def warehouse_stamp(warehouse: Path | None = None) -> tuple[str, int, int]:
    """Identifies the warehouse file as built: path, inode and modification time.

    `warehouse` reads another file with the same schema instead, such as a frozen meeting
    snapshot (warehouse/snapshot.py)."""
    path = config.warehouse_path() if warehouse is None else Path(warehouse)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise WarehouseMissing(
            f"数据仓库 {path.name} 尚未生成：请在项目目录运行 make data（或 make run，会自动生成）。"
        ) from None
    return (str(path), stat.st_ino, stat.st_mtime_ns)


# Room for the live warehouse, the one it replaces, and a meeting snapshot or two.
@st.cache_resource(max_entries=4, show_spinner=False)
def _connection(stamp: tuple[str, int, int]) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(stamp[0], read_only=True)


def execute(name: str, params: dict | None = None, stamp: tuple[str, int, int] | None = None) -> pd.DataFrame:
    """Run queries/<name>.sql with bound parameters, uncached."""
    con = _connection(stamp or warehouse_stamp())
    cursor = con.cursor()
    try:
        return cursor.execute(load_sql(name), params or {}).df()
    finally:
        cursor.close()


@st.cache_data(ttl=config.QUERY_CACHE_TTL_SECONDS, max_entries=config.QUERY_CACHE_MAX_ENTRIES, show_spinner=False)
def _cached(name: str, params: tuple, stamp: tuple[str, int, int]) -> pd.DataFrame:
    return execute(name, {k: list(v) if isinstance(v, tuple) else v for k, v in params}, stamp)


def run_query(name: str, warehouse: Path | None = None, **params) -> pd.DataFrame:
    """Cached result of queries/<name>.sql. Parameters are bound, never formatted into SQL.

    `warehouse` (keyword only by convention) runs it on another file, e.g. a meeting snapshot."""
    stamp = warehouse_stamp(warehouse)
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _cached(name, frozen, stamp).copy()

