"""The one gateway to the warehouse for the app. Pages and desk code call run_query(); they
never import duckdb. (Writers open their own files: the build and snapshots here in
warehouse/, the ballot box in evaluation/ballot_box.py.)

- SQL lives in queries/<name>.sql (warehouse/sql.py); values are always bound parameters ($name).
- Each warehouse file (the live one, a meeting snapshot) is open as one `readonly.Build`: a fresh
  in-memory DuckDB with the file attached read-only. Every query checks which build the path holds
  now (`readonly.stamp`: inode, mtime, size); when `make data` or a publish has renamed a new file
  into place, the new build is opened for that query and the replaced one retired: closed as soon
  as the queries still running on it are done. (A plain `duckdb.connect(path)` would hand back
  DuckDB's instance of the old file while any connection to it lives: see readonly.py.)
- A fresh cursor per query, since one DuckDB connection must not be used by two script threads.
- Results are cached on the build's stamp, with a TTL and an entry bound so memory stays flat on
  a screen that runs all day: the first page load after a rebuild asks for new keys, and so reads
  the new build. No restart, no waiting for the TTL.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from govdash import config
from govdash.warehouse import readonly
from govdash.warehouse.readonly import Build, Stamp, WarehouseMissing, WarehouseOutdated
from govdash.warehouse.sql import load_sql

__all__ = ["WarehouseMissing", "WarehouseOutdated", "current_build", "execute", "load_sql", "run_query", "warehouse_stamp"]

# Files open at once: the live warehouse and a meeting snapshot or three; the least recently used
# beyond that is retired like a replaced build.
MAX_OPEN_FILES = 4
_builds: OrderedDict[str, Build] = OrderedDict()  # path → the build open for it
_lock = threading.Lock()


def _path(warehouse: Path | None) -> Path:
    return config.warehouse_path() if warehouse is None else Path(warehouse)


def warehouse_stamp(warehouse: Path | None = None) -> Stamp:
    """Which build the warehouse file holds now (path, inode, modification time, size).

    `warehouse` reads another file with the same schema instead, such as a frozen meeting
    snapshot (warehouse/snapshot.py)."""
    return readonly.stamp(_path(warehouse))


def _current(path: Path) -> Build:
    """The build open for `path` if the file is still that build, else the new one (the old one
    retired). Called with _lock held."""
    key = str(path)
    now = readonly.stamp(path)
    build = _builds.get(key)
    if build is not None and build.stamp == now:
        _builds.move_to_end(key)
        return build
    fresh = Build(path)
    if build is not None:
        build.retire()
    _builds[key] = fresh
    _builds.move_to_end(key)
    while len(_builds) > MAX_OPEN_FILES:
        _builds.popitem(last=False)[1].retire()
    return fresh


def current_build(warehouse: Path | None = None) -> Build:
    """The build the gateway reads for the warehouse (or `warehouse`) now, opened if need be."""
    with _lock:
        return _current(_path(warehouse))


@contextlib.contextmanager
def _cursor(warehouse: Path | None) -> Iterator[duckdb.DuckDBPyConnection]:
    with contextlib.ExitStack() as stack:
        with _lock:  # the session starts before anyone can retire the build
            cursor = stack.enter_context(_current(_path(warehouse)).session())
        yield cursor


def execute(name: str, params: dict | None = None, warehouse: Path | None = None) -> pd.DataFrame:
    """Run queries/<name>.sql with bound parameters, uncached, on the build the file holds now."""
    with _cursor(warehouse) as cursor:
        return readonly.run(cursor, load_sql(name), params)


@st.cache_data(ttl=config.QUERY_CACHE_TTL_SECONDS, max_entries=config.QUERY_CACHE_MAX_ENTRIES, show_spinner=False)
def _cached(name: str, params: tuple, stamp: Stamp) -> pd.DataFrame:
    # `stamp` is the key: a new build is a new stamp, so a cached result never outlives its build.
    # (Were the file replaced between stamping and reading, the newer build's result would be kept
    # under the older stamp, which later page loads no longer ask for: never the reverse.)
    return execute(name, {k: list(v) if isinstance(v, tuple) else v for k, v in params}, Path(stamp.path))


def run_query(name: str, warehouse: Path | None = None, **params) -> pd.DataFrame:
    """Cached result of queries/<name>.sql. Parameters are bound, never formatted into SQL.

    `warehouse` (keyword only by convention) runs it on another file, e.g. a meeting snapshot."""
    stamp = warehouse_stamp(warehouse)
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _cached(name, frozen, stamp).copy()
