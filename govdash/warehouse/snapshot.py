"""Frozen warehouse snapshots for meetings: the numbers on the meeting screen cannot change
mid-meeting, even if someone rebuilds the warehouse with new figures.

    python -m govdash.warehouse.snapshot create 2025年3月例会     # copy the current warehouse
    python -m govdash.warehouse.snapshot list
    python -m govdash.warehouse.snapshot delete 2025年3月例会

A snapshot is data/snapshots/<name>.duckdb (not committed): a byte copy of the warehouse plus a
`snapshot_info` table (name, created_at, source, source_built_at). It is written beside the
target and renamed into place, so a half-written snapshot never exists; an existing snapshot is
never overwritten (delete it first). The meeting screen reads it through warehouse/db.py with
`warehouse=path`, so it is cached like the live warehouse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import duckdb

from govdash import config
from govdash.warehouse.atomic import replacing

_NAME = re.compile(r"^[\w\-]{1,64}$")


class SnapshotError(ValueError):
    """A snapshot that cannot be created or opened; the message is Chinese."""


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name):
        raise SnapshotError(f"快照名「{name}」不合法：只能用文字、数字、下划线和连字符，最多 64 个字符")
    return name


def snapshot_path(name: str) -> Path:
    return config.snapshots_dir() / f"{check_name(name)}.duckdb"


def names() -> list[str]:
    directory = config.snapshots_dir()
    return sorted(p.stem for p in directory.glob("*.duckdb") if p.is_file() and _NAME.match(p.stem)) \
        if directory.is_dir() else []


def existing(name: str) -> Path:
    """The file of snapshot `name`, or a Chinese error listing the snapshots there are. The name is
    checked against the list before any file is touched (a link's name is never taken as a path)."""
    have = names()
    if (name or "").strip() not in have:
        shown = name if len(name or "") <= 40 else name[:40] + "…"
        raise SnapshotError(f"快照「{shown}」不存在。已有快照：{'、'.join(have) or '（无）'}。"
                            "创建快照：python -m govdash.warehouse.snapshot create <快照名>")
    return snapshot_path(name.strip())


def create(name: str, warehouse: Path | None = None, now: dt.datetime | None = None) -> Path:
    """Copy the warehouse into data/snapshots/<name>.duckdb, all or nothing."""
    source = Path(warehouse or config.warehouse_path())
    target = snapshot_path(name)
    if not source.is_file():
        raise SnapshotError(f"数据仓库 {source.name} 不存在：请先运行 make data")
    if target.exists():
        raise SnapshotError(f"快照「{name}」已存在：快照不可覆盖，请换一个名称或先删除")
    created = (now or dt.datetime.now()).replace(microsecond=0)
    try:
        with replacing(target, overwrite=False) as tmp:
            # The build renames a finished file over the warehouse and never writes into it, so a
            # byte copy of the file is consistent.
            shutil.copyfile(source, tmp)
            con = duckdb.connect(str(tmp))
            try:
                built_at = con.execute("SELECT max(built_at) FROM build_info").fetchone()[0]
                con.execute("CREATE TABLE snapshot_info (snapshot_name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, "
                            "source_path VARCHAR, source_built_at TIMESTAMP)")
                con.execute("INSERT INTO snapshot_info VALUES (?, ?, ?, ?)", [name, created, str(source), built_at])
                con.execute("CHECKPOINT")
            finally:
                con.close()
    except FileExistsError:  # created by someone else meanwhile
        raise SnapshotError(f"快照「{name}」已存在：快照不可覆盖") from None
    return target


def delete(name: str) -> None:
    existing(name).unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govdash.warehouse.snapshot", description="会议快照：冻结某一时刻的数据仓库")
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("create", help="把当前数据仓库复制为快照")
    make.add_argument("name", help="快照名，如 2025年3月例会")
    make.add_argument("--db", type=Path, default=None, help="数据仓库，默认 GOVDASH_DB 或 data/dashboard.duckdb")
    sub.add_parser("list", help="列出已有快照")
    drop = sub.add_parser("delete", help="删除快照")
    drop.add_argument("name")
    args = parser.parse_args(argv)
    try:
        if args.command == "create":
            path = create(args.name, args.db)
            print(f"已创建快照「{args.name}」：{path}\n会议大屏：/meeting?snapshot={args.name}")
        elif args.command == "list":
            for name in names():
                print(name)
        else:
            delete(args.name)
            print(f"已删除快照「{args.name}」")
    except SnapshotError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
