"""Generated warehouses for benchmarks at scale: `python -m tools.scale --factor 100 --db PATH`.

A scaled warehouse is the real one built from data/ plus (factor - 1) generated copies: each a
county 模拟县kkkk with its own document and a copy of every real figure and problem, periods
moved back 0-3 years and values varied within their unit's range (queries/build/scale/
generate.sql). Everything generated says 【生成】, its documents have doc_type 生成数据, and the
app shows a warning banner on such a warehouse. The real warehouse is never written: the
target must be another file, and it is built in a temporary file and renamed when complete.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from govdash import config
from govdash.labels import display_label
from govdash.warehouse import build
from govdash.warehouse.atomic import replacing
from govdash.warehouse.curated import CurationFailed

GENERATE_SQL = config.BUILD_SQL_DIR / "scale" / "generate.sql"
TABLES_SQL = config.BUILD_SQL_DIR / "04_facts_tables.sql"  # facts and what is pre-computed from it
_YEAR = re.compile(r"(?<!\d)(19|20)(\d{2})(?!\d)")


class ScaleRefused(Exception):
    """The target is the real warehouse or the factor is not usable."""


def shifted_label(label: str, years: int) -> str:
    """'2021年第1季度' moved back 2 years -> '2019年第1季度'; every year in the label moves."""
    return _YEAR.sub(lambda m: str(int(m.group(0)) - years), label)


def _check_target(db_path: Path) -> None:
    real = Path(config.DATA_DIR / "dashboard.duckdb").resolve()
    if db_path.resolve() == real or db_path.resolve() == config.warehouse_path().resolve() and "GOVDASH_DB" not in os.environ:
        raise ScaleRefused(f"拒绝写入真实数据仓库 {db_path}：生成数据只能写到另一个文件（如 /tmp/scale-100.duckdb）。")


def _write_labels(con: duckdb.DuckDBPyConnection) -> None:
    """Generated figures get their display label from the same function as real ones."""
    rows = con.execute(
        "SELECT figure_id, value, unit, qualifier, bound, rank_total, is_doubtful, is_derived FROM figures WHERE label = ''"
    ).df()
    rows["label"] = [display_label(*r) for r in zip(rows["value"], rows["unit"], rows["qualifier"], rows["bound"],
                                                    rows["rank_total"], rows["is_doubtful"], rows["is_derived"],
                                                    strict=True)]
    con.register("gen_labels", rows[["figure_id", "label"]])
    con.execute("UPDATE figures SET label = g.label FROM gen_labels AS g WHERE figures.figure_id = g.figure_id")


def _add_copies(path: Path, factor: int) -> None:
    """(factor - 1) generated copies of every real figure and problem, and the pre-computed tables again."""
    con = duckdb.connect(str(path))
    try:
        labels = con.execute("SELECT DISTINCT period_label FROM figures").df()["period_label"]
        mapping = pd.DataFrame(
            [(lbl, s, shifted_label(lbl, s)) for lbl in labels for s in range(4)],
            columns=["period_label", "shift", "shifted_label"],
        )
        con.register("gen_period_labels", mapping)
        con.register("gen_params", pd.DataFrame({"copies": [factor - 1]}))
        con.execute("BEGIN TRANSACTION")
        con.execute(GENERATE_SQL.read_text(encoding="utf-8"))
        _write_labels(con)
        con.execute(TABLES_SQL.read_text(encoding="utf-8"))
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def generate(factor: int, db_path: Path, data_dir: Path | None = None) -> dict:
    """Build the real warehouse plus (factor - 1) generated copies into db_path, all or nothing."""
    if factor < 1:
        raise ScaleRefused(f"倍数须为不小于 1 的整数，收到 {factor}")
    db_path = Path(db_path)
    _check_target(db_path)
    started = time.perf_counter()
    with replacing(db_path) as tmp:
        build.build(data_dir, tmp)
        if factor > 1:
            _add_copies(tmp, factor)
        con = duckdb.connect(str(tmp), read_only=True)
        try:
            figures, problems, sources = con.execute(
                "SELECT (SELECT count(*) FROM facts), (SELECT count(*) FROM problems), (SELECT count(*) FROM sources)"
            ).fetchone()
        finally:
            con.close()
    return {"path": db_path, "factor": factor, "figures": figures, "problems": problems, "sources": sources,
            "seconds": time.perf_counter() - started, "bytes": db_path.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成放大若干倍的基准测试数据仓库（含【生成】标记的数据，不写入真实仓库）")
    parser.add_argument("--factor", type=int, required=True, help="放大倍数，如 10、100、1000")
    parser.add_argument("--db", type=Path, required=True, help="输出文件，不能是 data/dashboard.duckdb")
    parser.add_argument("--data", type=Path, default=config.DATA_DIR, help="真实数据目录")
    args = parser.parse_args(argv)
    try:
        out = generate(args.factor, args.db, args.data)
    except (ScaleRefused, build.BuildFailed, CurationFailed) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"生成失败（{GENERATE_SQL.relative_to(config.ROOT)}）：{exc}；未写入 {args.db}。", file=sys.stderr)
        return 1
    print(f"已生成 {out['path']}：{out['factor']} 倍，{out['figures']} 条数据，{out['problems']} 个问题，"
          f"{out['sources']} 份文件，{out['bytes'] / 2**20:.1f} MiB，用时 {out['seconds']:.1f} 秒。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
