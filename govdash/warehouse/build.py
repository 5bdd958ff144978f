"""Build the warehouse (data/dashboard.duckdb) from data/curated and data/sources.

All or nothing: the curated files are validated first, the new warehouse is written to a
temporary file beside the target, and only a complete, checked build replaces the old file
(an atomic rename). Any failure leaves the previous warehouse exactly as it was.

    python -m govdash.warehouse.build [--db PATH] [--data DIR] [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb
import pandas as pd

from govdash import config
from govdash.labels import display_label
from govdash.warehouse.atomic import replacing
from govdash.warehouse.curated import Curated, CurationFailed, load_curated
from govdash.warehouse.derived import complement_figures
from govdash.warehouse.sql import schema_digest


class BuildFailed(Exception):
    """The build stopped; the message is Chinese and says where."""


def _frame(records: list[dict], columns: list[str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=columns)
    # Dates travel as ISO text and are cast in SQL, so no pandas/arrow date inference is involved.
    for col in frame.columns:
        if frame[col].map(lambda v: isinstance(v, dt.date)).any():
            frame[col] = frame[col].map(lambda v: v.isoformat() if isinstance(v, dt.date) else None)
    return frame.astype(object).where(frame.notna(), None)


def figure_label(f: dict) -> str:
    return display_label(f["value"], f["unit"], f["qualifier"], f["bound"], f["rank_total"], f["is_doubtful"], f["is_derived"])


def warehouse_figures(curated: Curated) -> list[dict]:
    """The curated figures and those the build works out from them (warehouse/derived.py)."""
    return curated.figures + complement_figures(curated.figures, curated.indicators)


def _staging(curated: Curated) -> dict[str, pd.DataFrame]:
    return {
        "staging_regions": _frame(curated.regions),
        "staging_indicators": _frame(curated.indicators),
        "staging_sources": _frame(curated.sources),
        "staging_texts": _frame(
            [{"source_file": k, "body": v} for k, v in curated.texts.items()], ["source_file", "body"]
        ),
        "staging_problems": _frame(curated.problems, [
            "problem_id", "source_file", "problem_no", "category", "title", "status",
            "evidence", "evidence_start", "note",
        ]),
        "staging_figures": _frame([{**f, "label": figure_label(f)} for f in warehouse_figures(curated)]),
    }


def build_sql_files() -> list[Path]:
    return sorted(config.BUILD_SQL_DIR.glob("*.sql"))


def write_warehouse(curated: Curated, path: Path) -> None:
    """Create a fresh warehouse file at `path` (which must not exist)."""
    con = duckdb.connect(str(path))
    try:
        for name, frame in _staging(curated).items():
            con.register(name, frame)
        for sql_file in build_sql_files():
            try:
                con.execute(sql_file.read_text(encoding="utf-8"))
            except duckdb.Error as exc:
                rel = sql_file.relative_to(config.ROOT).as_posix()
                raise BuildFailed(f"执行建库脚本 {rel} 失败：{exc}") from exc
        con.execute(
            "INSERT INTO build_info (built_at, input_sha256, figure_count, document_count, schema_sha256) "
            "VALUES ($built_at, $digest, $n, $docs, $schema)",
            {"built_at": dt.datetime.now().replace(microsecond=0), "digest": curated.input_digest,
             "n": len(curated.figures), "docs": len(curated.sources), "schema": schema_digest()},
        )
        loaded = con.execute("SELECT count(*) FROM facts").fetchone()[0]
        expected = len(warehouse_figures(curated))
        if loaded != expected:
            raise BuildFailed(f"facts 视图有 {loaded} 行，但整理数据（含推算）有 {expected} 条，关联缺失")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def build(data_dir: Path | None = None, db_path: Path | None = None) -> dict:
    """Validate, build into a temporary file, then atomically replace db_path.

    Returns a summary; raises CurationFailed or BuildFailed and leaves db_path untouched.
    """
    data_dir = Path(data_dir or config.DATA_DIR)
    db_path = Path(db_path or config.warehouse_path())
    curated = load_curated(data_dir)
    try:
        with replacing(db_path) as tmp:
            write_warehouse(curated, tmp)
    except duckdb.Error as exc:
        raise BuildFailed(f"写入数据仓库失败：{exc}") from exc
    return {
        "path": db_path,
        "derived": len(warehouse_figures(curated)) - len(curated.figures),
        "sources": len(curated.sources),
        "regions": len({f["region"] for f in curated.figures}),
        "indicators": len({f["indicator"] for f in curated.figures}),
        "figures": len(curated.figures),
        "problems": len(curated.problems),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="从 data/ 生成政务服务效能看板的数据仓库")
    parser.add_argument("--data", type=Path, default=config.DATA_DIR, help="数据目录（含 sources/ 与 curated/）")
    parser.add_argument("--db", type=Path, default=None, help="输出的 DuckDB 文件，默认 data/dashboard.duckdb")
    parser.add_argument("--check", action="store_true", help="只校验整理数据，不生成仓库")
    args = parser.parse_args(argv)
    try:
        if args.check:
            curated = load_curated(args.data)
            print(f"校验通过：{len(curated.sources)} 份文件，{len(curated.figures)} 条数据，{len(curated.problems)} 个巡察问题。")
            return 0
        summary = build(args.data, args.db)
    except (CurationFailed, BuildFailed) as exc:
        print(str(exc), file=sys.stderr)
        print("构建已中止，原有数据仓库保持不变。", file=sys.stderr)
        return 1
    print(
        f"已生成 {summary['path']}：{summary['sources']} 份文件，{summary['regions']} 个地区，"
        f"{summary['indicators']} 个指标，{summary['figures']} 条数据（另有推算 {summary['derived']} 条），"
        f"{summary['problems']} 个巡察问题。"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
