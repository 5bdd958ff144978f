"""Named SQL files: queries/<name>.sql, read (and re-read when edited) by name. No Streamlit,
no connection: the warehouse gateway (db.py), the ballot box and the scripts all load SQL here."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from govdash import config

_QUERY_NAME = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*$")
# Folders of queries/ that run on the files the app writes (govdash/filestore.py), not on the
# warehouse; build/ makes the warehouse. Every other folder reads the warehouse.
STORE_FOLDERS = ("ballots", "accounts", "intake")


def is_warehouse_query(name: str) -> bool:
    return name.split("/", 1)[0] not in (*STORE_FOLDERS, "build")


def query_path(name: str) -> Path:
    if not _QUERY_NAME.match(name):
        raise ValueError(f"查询名「{name}」不合法")
    path = config.QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"查询文件 queries/{name}.sql 不存在")
    return path


@lru_cache(maxsize=256)
def _sql_text(name: str, mtime_ns: int) -> str:
    return query_path(name).read_text(encoding="utf-8")


def load_sql(name: str) -> str:
    path = query_path(name)
    return _sql_text(name, path.stat().st_mtime_ns)


def schema_digest() -> str:
    """SHA-256 of the build scripts (queries/build/*.sql): the tables, views and macros a warehouse
    has. A build records it (build_info.schema_sha256); a file whose digest differs was built by
    another version of the program, and may lack what today's queries ask for."""
    digest = hashlib.sha256()
    for path in sorted(config.BUILD_SQL_DIR.glob("*.sql")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
