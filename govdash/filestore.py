"""DuckDB files the app itself writes (the ballot box, accounts and sessions, the intake review
state): one operation at a time, across the server's threads and across processes.

Every operation takes a process-wide threading lock and then an exclusive flock on `<file>.lock`
(other processes: a script, a second server behind the proxy), opens the file, works in one
transaction and closes it again, so the file can be copied for safekeeping between operations.
DuckDB lets one process at a time open a file for writing and fails concurrent writers of the same
rows inside a process, which is why operations are serialised rather than run side by side.
Without fcntl (Windows) only the threading lock applies, and DuckDB itself refuses a second
writing process.

"Opens the file" is an ATTACH into one in-memory DuckDB kept by the process, and "closes" a
DETACH (which checkpoints and lets the file go, for another process or a copy): about 1 ms, where
starting a DuckDB instance per operation (duckdb.connect) cost about 15 ms, most of an
evaluator's wait when a room submits at once (tools/load, docs/benchmarks.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

try:
    import fcntl
except ImportError:  # Windows: the threading lock alone (DuckDB refuses a second writer process)
    fcntl = None

OPEN_TIMEOUT_SECONDS = 10.0

_instance: duckdb.DuckDBPyConnection | None = None  # the process's in-memory DuckDB the files are attached to
_instance_guard = threading.Lock()
_thread_locks: dict[str, threading.RLock] = {}
_thread_locks_guard = threading.Lock()
_files_with_tables: set[tuple[str, int]] = set()  # (path, inode): its create SQL already ran


class FileBusy(RuntimeError):
    """Another program holds the file open; the message is Chinese."""


def _cursor() -> duckdb.DuckDBPyConnection:
    """A connection of its own (a cursor) to the process's in-memory DuckDB: threads never share one."""
    global _instance
    with _instance_guard:
        if _instance is None:
            _instance = duckdb.connect(":memory:")
        return _instance.cursor()


def _thread_lock(path: Path) -> threading.RLock:
    key = str(path.resolve())
    with _thread_locks_guard:
        return _thread_locks.setdefault(key, threading.RLock())


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class LockedFile:
    """One DuckDB file, opened only inside `session()` / `transaction()`; `create_sql` makes its
    tables (idempotent) and `migrate(con)` brings an older file up to date, both run once per file
    and process."""

    def __init__(self, path: Path, create_sql: str, what: str, migrate=None):
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.create_sql = create_sql
        self.what = what  # 「测评数据文件」: how messages name the file
        self.migrate = migrate  # run with the connection after create_sql, once per file and process
        self.alias = "file_" + hashlib.sha1(str(self.path.resolve()).encode()).hexdigest()[:16]

    @contextlib.contextmanager
    def session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _thread_lock(self.path), _file_lock(self.lock_path):
            con = self._open()
            try:
                identity = (str(self.path.resolve()), self.path.stat().st_ino)
                if identity not in _files_with_tables:
                    con.execute(self.create_sql)
                    if self.migrate is not None:
                        self.migrate(con)
                    _files_with_tables.add(identity)
                yield con
            finally:
                self._close(con)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.session() as con:
            con.begin()
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            con.commit()

    def _open(self) -> duckdb.DuckDBPyConnection:
        """The file attached (under this file's alias) to a cursor of the process's DuckDB, and made
        the cursor's default, so the SQL names its tables plainly."""
        deadline = time.monotonic() + OPEN_TIMEOUT_SECONDS
        con = _cursor()
        quoted = str(self.path).replace("'", "''")
        while True:
            try:
                con.execute(f"ATTACH '{quoted}' AS {self.alias}")
                con.execute(f"USE {self.alias}")
                return con
            except duckdb.IOException as exc:  # another program (not using our lock) holds the file
                if time.monotonic() > deadline:
                    con.close()
                    raise FileBusy(f"{self.what} {self.path.name} 正被其他程序占用，请稍后重试") from exc
                time.sleep(0.2)

    def _close(self, con: duckdb.DuckDBPyConnection) -> None:
        """Detach the file (checkpointed, and let go for other processes), whatever the operation left."""
        try:
            with contextlib.suppress(duckdb.Error):
                con.rollback()  # an operation that failed inside a transaction it began itself
            con.execute("USE memory")
            con.execute(f"DETACH {self.alias}")
        finally:
            con.close()


def run_script(con: duckdb.DuckDBPyConnection, sql: str, **params) -> None:
    """Run a file of several statements (separated by ';' at a line end), each with the bound
    parameters it names (DuckDB prepares one statement at a time and refuses unused keys)."""
    for statement in (part.strip() for part in sql.split(";\n")):
        body = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--")).strip()
        if body:
            con.execute(body.rstrip(";"), {k: v for k, v in params.items() if f"${k}" in body})
