"""A warehouse build opened read-only, so that a file renamed into place is always the one read.

DuckDB keeps one database instance per path in a process: `duckdb.connect(path)` hands back the
instance already open for that path, and that instance goes on reading the file it first opened.
After `make data` (or a publish) renames a new warehouse over the path, a connect by path keeps
answering from the replaced file for as long as any connection to it lives, so a running app
would show the old build until a restart. Nothing here opens a warehouse by path that way: each
build is opened in a fresh in-memory DuckDB with `ATTACH '<path>' AS w_<inode>_<mtime> (READ_ONLY)`,
which reads the file the path names at that moment, whatever else is open.

- `stamp(path)`: which build a path holds now (inode, modification time, size; a rename always
  brings a new inode). The app's gateway keys its cached results on it (warehouse/db.py).
- `Build(path)`: one build open read-only; `session()` lends a cursor (its own DuckDB connection,
  set to the build's catalog) and counts it, `retire()` closes the build once the last running
  query is done, never under one.
- `connect(path)`: the same for a one-off reader (exports): a connection set to the build.

No Streamlit here: the exports and scripts use it too.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

from govdash.warehouse.sql import schema_digest


class WarehouseMissing(RuntimeError):
    """The warehouse file has not been built yet."""


class WarehouseOutdated(WarehouseMissing):
    """The file was built by another version of the program and lacks what a query asks for (a
    table, column or macro): the pages show the message as they do for a missing warehouse."""


def run(cursor: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pd.DataFrame:
    """A query's result; a query the build cannot answer because the build scripts have changed
    since it was made becomes WarehouseOutdated, with the Chinese message of what to do. (The same
    error on a build of today's scripts is a bug in the query, and is raised as it is.)"""
    try:
        return cursor.execute(sql, params or {}).df()
    except (duckdb.BinderException, duckdb.CatalogException) as exc:
        if built_by_these_scripts(cursor):
            raise
        path = cursor.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
        name = Path(path[0]).name if path and path[0] else "数据仓库"
        raise WarehouseOutdated(
            f"数据仓库文件 {name} 是较早版本的程序构建的，缺少当前版本要用的表或查询宏：请在项目目录运行 make data "
            "重新构建（由 data/curated 与 data/sources 重建，数据不会丢失）；会议快照请用 make snapshot 重新生成。"
        ) from exc


def built_by_these_scripts(cursor: duckdb.DuckDBPyConnection) -> bool:
    """Whether the build's recorded schema digest is today's (a build before the digest was kept: no)."""
    try:
        row = cursor.execute("SELECT max(schema_sha256) FROM build_info").fetchone()
    except duckdb.Error:
        return False
    return bool(row and row[0] == schema_digest())


class Stamp(NamedTuple):
    """A build as the file system shows it. A NamedTuple, so st.cache_data can hash it."""
    path: str
    inode: int
    mtime_ns: int
    size: int

    @property
    def catalog(self) -> str:
        """The name the build is attached under (an identifier: digits and underscores only)."""
        return f"w_{self.inode}_{self.mtime_ns}"


def stamp(path: Path | str) -> Stamp:
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise WarehouseMissing(
            f"数据仓库 {path.name} 尚未生成：请在项目目录运行 make data（或 make run，会自动生成）。"
        ) from None
    return Stamp(str(path), st.st_ino, st.st_mtime_ns, st.st_size)


def _attach(path: Path, retries: int = 3) -> tuple[duckdb.DuckDBPyConnection, Stamp]:
    """A fresh in-memory DuckDB with the file at `path` attached read-only, and the stamp of what it
    attached: the path is stamped before and after, so a rename in between is noticed and the
    attach made again (the stamp then always names the content)."""
    for _ in range(retries):
        before = stamp(path)
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"ATTACH '{_quoted(before.path)}' AS {before.catalog} (READ_ONLY)")
            con.execute(f"USE {before.catalog}")
        except BaseException:
            con.close()
            raise
        if stamp(path) == before:
            return con, before
        con.close()
    raise RuntimeError(f"数据仓库 {path.name} 在打开时反复被替换，请稍后再试")


def _quoted(path: str) -> str:
    return path.replace("'", "''")


def use(con: duckdb.DuckDBPyConnection, catalog: str) -> duckdb.DuckDBPyConnection:
    """A new cursor of `con` reading `catalog` (USE is per connection; a cursor starts in memory)."""
    cursor = con.cursor()
    cursor.execute(f"USE {catalog}")
    return cursor


class Build:
    """One warehouse build open read-only, shared by threads: each query takes its own cursor
    through `session()`. `retire()` marks the build replaced; it is closed (the file let go) as soon
    as no session is running."""

    def __init__(self, path: Path | str):
        self._con, self.stamp = _attach(Path(path))
        self._lock = threading.Lock()
        self._sessions = 0
        self.is_retired = False
        self.is_closed = False

    @contextlib.contextmanager
    def session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            if self.is_closed:
                raise RuntimeError("该数据仓库版本已关闭")
            self._sessions += 1
            try:
                cursor = use(self._con, self.stamp.catalog)
            except BaseException:
                self._sessions -= 1
                raise
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._sessions -= 1
                self._close_if_done()

    def retire(self) -> None:
        with self._lock:
            self.is_retired = True
            self._close_if_done()

    def _close_if_done(self) -> None:
        if self.is_retired and self._sessions == 0 and not self.is_closed:
            self._con.close()
            self.is_closed = True


@contextlib.contextmanager
def connect(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the build `path` names now, read-only, closed afterwards (for one-off readers
    such as the exports). Its cursors need `cursor(con)`, which sets them to the build."""
    con, _ = _attach(Path(path))
    try:
        yield con
    finally:
        con.close()


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a `connect()` connection, reading the same build."""
    return use(con, con.execute("SELECT current_database()").fetchone()[0])
