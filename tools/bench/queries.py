"""The benchmark's data side: the warehouses measured (built from data/, and scaled copies kept in
the work folder), every read query timed in the variants a person makes by filtering, and the
baseline most dashboards are written as (all figures in one pandas DataFrame)."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from govdash import config
from govdash.desk import limits
from govdash.evaluation.window_units import COMPLAINT_INDICATORS
from govdash.exports import briefing
from govdash.meeting import slides
from govdash.warehouse import snapshot
from govdash.warehouse.sql import is_warehouse_query, load_sql
from tools import scale
from tools.bench.report import Results, fmt_bytes, fmt_ms, percentile, size_label

ROOT = config.ROOT
# Regions a person picks in the sidebar filter; the first two are the "filtered" query variant.
FILTER_REGIONS = ["长沙市", "武汉经开区", "濮阳县"]
ONE_THEME = "好差评"


# --- what the pages pass ----------------------------------------------------------------------

# Every parameter a read query may take, with the value a page passes. None = taken from the
# warehouse being measured (resolve_params): its year span, a document, figures, problems.
BENCH_PARAMS: dict[str, object] = {
    "regions": FILTER_REGIONS[:2],      # two real regions picked in the sidebar
    "themes": [],                       # [] = every theme (the desk pages' default)
    "year_from": None, "year_to": None,  # the warehouse's first and last year: everything
    "use_precomputed": True,            # every year, nothing hidden (Filters.uses_precomputed)
    "hide_doubtful": False,             # 存疑 figures shown (the default)
    "indicator": "好差评主动评价率",      # 地区对比's indicator (reported by several regions)
    "indicators": None,                 # the complaint-handling indicators (query_overrides)
    "limit": None,                      # per query, as the page passes it: QUERY_OVERRIDES
    "series_limit": None, "indicator_limit": None, "rank_limit": None, "pair_limit": None,
    "source_file": None,                # the document with most figures (数据来源)
    "figure_id": None,                  # a figure opened from an evidence link
    "region": None, "year": None,       # a graded report (窗口单位评议): its region and year
    "figure_orders": None,              # the before/after figures the theme page charts
    "problem_ids": None,                # the problems 整改台账 lists
}


def query_overrides() -> dict[str, dict[str, object]]:
    """Per query, the limits the page passes (the pages read the same constants)."""
    return {
        "facts/figures_filtered": {"limit": limits.TABLE_ROWS},
        "facts/before_after_pairs": {"limit": limits.PAIR_LIMIT},
        "facts/benchmark_figures": {"limit": limits.BAR_LIMIT},
        "facts/rate_figures": {"limit": limits.RATE_LIMIT},
        "facts/largest_current_values": {"limit": limits.LARGEST_VALUES},
        "facts/latest_per_series": {"limit": limits.HEADLINE_CARDS},
        "facts/trend_figures": {"series_limit": limits.TREND_SERIES, "indicator_limit": limits.TREND_INDICATORS},
        "overview/coverage_region_year": {"limit": limits.COVERAGE_REGIONS},
        "rankings/rank_figures": {"limit": limits.RANK_SERIES},
        "complaints/handling_by_unit": {"limit": limits.COMPLAINT_UNITS, "indicators": list(COMPLAINT_INDICATORS)},
        "overview/key_figures": {"limit": limits.KEY_CARDS},
        "overview/behind": {"limit": limits.BEHIND},
        "rectification/problems_with_figures": {"limit": limits.PROBLEMS},
        "about/recent_figures": {"limit": limits.ABOUT_RECENT},
        "about/figures_by_source_theme": {"limit": limits.ABOUT_DOCUMENTS},
        "about/sources_overview": {"limit": limits.TABLE_ROWS},
        "meeting/slide_figures": {"series_limit": slides.HEADLINE_LIMIT, "rank_limit": slides.RANK_LIMIT,
                                  "pair_limit": slides.PAIR_LIMIT},
        "exports/briefing_latest": {"limit": briefing.LATEST_PER_THEME},
        "exports/doubtful_figures": {"limit": briefing.DOUBTFUL_PER_THEME},
    }


SNAPSHOT_QUERIES = {"meeting/snapshot_info"}  # need a snapshot file (warehouse/snapshot.py adds the table)


def warehouse_queries() -> list[str]:
    """Every read query of the warehouse: the set tests/data/test_queries.py calls WAREHOUSE_QUERIES."""
    names = [p.relative_to(config.QUERIES_DIR).with_suffix("").as_posix() for p in config.QUERIES_DIR.rglob("*.sql")]
    return sorted(n for n in names if is_warehouse_query(n))


def query_param_names(sql: str) -> set[str]:
    return set(re.findall(r"\$([a-z_]+)", sql))


@dataclass(frozen=True)
class Variant:
    key: str
    label: str


VARIANTS = [
    Variant("all", "全部"),             # the page as first opened: every region, theme and year
    Variant("regions", "2个地区"),       # after picking two regions in the sidebar
    Variant("theme", f"单主题({ONE_THEME})"),  # a theme page: one theme
    Variant("years", "近两年"),          # the year slider narrowed: the pre-computed pairs do not answer
]


def variants_for(params: set[str]) -> list[Variant]:
    """The variants a query has: each filter it takes can be moved."""
    out = [VARIANTS[0]]
    if "regions" in params:
        out.append(VARIANTS[1])
    if "themes" in params:
        out.append(VARIANTS[2])
    if "year_from" in params or "use_precomputed" in params:
        out.append(VARIANTS[3])
    return out


def params_for(name: str, sql_params: set[str], variant: str, resolved: dict, overrides: dict) -> dict:
    """Bound parameters of one query in one variant."""
    values = {**resolved, **overrides.get(name, {})}
    values["regions"] = []
    values["themes"] = []
    if variant == "regions":
        values["regions"] = list(resolved["regions"])
    elif variant == "theme":
        values["themes"] = [ONE_THEME]
    elif variant == "years":
        values["year_from"] = max(resolved["year_from"], resolved["year_to"] - 1)
        values["use_precomputed"] = False
    missing = [p for p in sql_params if values.get(p) is None]
    if missing:
        raise KeyError(f"queries/{name}.sql 的参数 {', '.join(sorted(missing))} 没有基准取值（BENCH_PARAMS）")
    return {p: values[p] for p in sql_params}


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> pd.DataFrame:
    """queries/<name>.sql with those of `params` it takes bound, as a DataFrame (as db.execute)."""
    sql = load_sql(name)
    return con.execute(sql, {k: v for k, v in params.items() if k in query_param_names(sql)}).df()


def resolve_params(con: duckdb.DuckDBPyConnection, overrides: dict) -> dict:
    """BENCH_PARAMS with the warehouse's own values filled in, fetched the way the pages get them."""
    out = dict(BENCH_PARAMS)
    options = _run(con, "filters/options", {})
    out["year_from"], out["year_to"] = int(options["first_year"].min()), int(options["last_year"].max())
    out["regions"] = [r for r in BENCH_PARAMS["regions"] if r in set(options["region"])] or list(options["region"][:2])
    base = {"regions": [], "themes": [], "year_from": out["year_from"], "year_to": out["year_to"], "hide_doubtful": False}
    docs = con.execute("SELECT source_file FROM facts GROUP BY source_file ORDER BY count(*) DESC, source_file LIMIT 1").fetchone()
    out["source_file"] = docs[0]
    out["figure_id"] = con.execute("SELECT min(figure_id) FROM facts WHERE source_file = ?", [docs[0]]).fetchone()[0]
    reports = _run(con, "window_units/graded_reports", base)
    first = reports.iloc[0] if len(reports) else None
    out["region"] = str(first["region"]) if first is not None else out["regions"][0]
    out["year"] = int(first["year"]) if first is not None else out["year_to"]
    if first is not None:  # 窗口单位评议 opens its first graded report: that document, region and year
        overrides.setdefault("window_units/report_figures", {})["source_file"] = str(first["source_file"])
    pairs = _run(con, "facts/before_after_pairs", {**base, "limit": overrides["facts/before_after_pairs"]["limit"],
                                                   "use_precomputed": True})
    out["figure_orders"] = sorted(set(pairs["before_order"]) | set(pairs["after_order"])) if len(pairs) else [1]
    problems = _run(con, "rectification/problems_with_figures",
                    {"regions": [], "limit": overrides["rectification/problems_with_figures"]["limit"]})
    out["problem_ids"] = list(problems["problem_id"])
    return out


# --- the warehouses measured -----------------------------------------------------------

def build_inputs_mtime() -> float:
    """Newest modification time of anything the warehouse (or a scaled one) is made from."""
    files = [p for d in (config.CURATED_DIR, config.SOURCES_DIR, config.BUILD_SQL_DIR) for p in d.rglob("*") if p.is_file()]
    files += [*(ROOT / "govdash" / "warehouse").glob("*.py"), ROOT / "govdash" / "labels.py", ROOT / "tools" / "scale.py"]
    return max(p.stat().st_mtime for p in files if p.exists())


@contextlib.contextmanager
def output_to(log: Path) -> Iterator[None]:
    """Send what native code writes to stdout and stderr (DuckDB's progress bar) to a file."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with log.open("w") as f:
        os.dup2(f.fileno(), 1)
        os.dup2(f.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path), read_only=True)
    con.execute("SET enable_progress_bar = false")
    return con


def warehouse_counts(path: Path) -> tuple[int, int]:
    con = connect(path)
    try:
        return con.execute("SELECT count(*), count(DISTINCT region) FROM facts").fetchone()
    finally:
        con.close()


def scaled_warehouse(factor: int, work: Path) -> tuple[Path, str]:
    """work/scale-<factor>.duckdb, generated unless one newer than the build's inputs is there.
    Returns the path and how long generating it took (or that it was reused)."""
    path = work / f"scale-{factor}.duckdb"
    record = path.with_suffix(".seconds")
    if path.exists() and path.stat().st_mtime > build_inputs_mtime():
        took = record.read_text().strip() if record.exists() else "?"
        return path, f"复用（当初生成 {took} s）"
    with output_to(work / f"scale-{factor}.log"):  # DuckDB's progress bars
        out = scale.generate(factor, path)
    record.write_text(f"{out['seconds']:.1f}")
    return path, f"{out['seconds']:.1f} s"


# --- 3. queries, 4. pandas baseline -----------------------------------------------------------

def time_call(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    """Seconds of `runs` calls after one untimed warm-up call, and the last result."""
    result = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


@contextlib.contextmanager
def snapshot_of(path: Path, work: Path) -> Iterator[Path]:
    """A meeting snapshot of `path` (warehouse/snapshot.py adds snapshot_info), removed afterwards."""
    directory = work / "snapshots"
    old = os.environ.get("GOVDASH_SNAPSHOTS")
    os.environ["GOVDASH_SNAPSHOTS"] = str(directory)
    name = f"bench-{path.stem}-{os.getpid()}"
    try:
        target = snapshot.snapshot_path(name)
        target.unlink(missing_ok=True)
        yield snapshot.create(name, path)
    finally:
        with contextlib.suppress(OSError, snapshot.SnapshotError):
            snapshot.snapshot_path(name).unlink(missing_ok=True)
        if old is None:
            os.environ.pop("GOVDASH_SNAPSHOTS", None)
        else:
            os.environ["GOVDASH_SNAPSHOTS"] = old


def bench_queries(path: Path, factor: int, runs: int, work: Path, results: Results) -> dict:
    """Time every read query in every variant on one warehouse; returns the resolved params."""
    overrides = query_overrides()
    con = connect(path)
    try:
        resolved = resolve_params(con, overrides)
        for name in warehouse_queries():
            sql_params = query_param_names(load_sql(name))
            for variant in variants_for(sql_params):
                try:
                    params = params_for(name, sql_params, variant.key, resolved, overrides)
                    if name in SNAPSHOT_QUERIES:
                        with snapshot_of(path, work) as snap:
                            scon = connect(snap)
                            try:
                                times, frame = time_call(lambda p=params, c=scon, n=name: _run(c, n, p), runs)
                            finally:
                                scon.close()
                    else:
                        times, frame = time_call(lambda p=params, n=name: _run(con, n, p), runs)
                except (duckdb.Error, KeyError, OSError) as exc:
                    results.errors.append(f"{size_label(factor)} 查询 {name}［{variant.label}］出错：{exc}")
                    continue
                results.query[(factor, name, variant.label)] = (percentile(times, 50), percentile(times, 95), len(frame))
    finally:
        con.close()
    return resolved


CURRENT_STAGES = ("现状", "整改后", "改革后")


def pandas_latest_per_series(df: pd.DataFrame, regions: list[str], themes: list[str], year_from: int, year_to: int,
                             limit: int) -> pd.DataFrame:
    """What facts/latest_per_series answers, the pandas way: filter the whole frame, then per series
    its newest current figure, the `limit` series per theme with most figures."""
    keep = df["year"].between(year_from, year_to)
    if regions:
        keep &= df["region"].isin(regions)
    if themes:
        keep &= df["theme"].isin(themes)
    sub = df[keep]
    counts = sub.groupby("series_id").size().rename("figure_count")
    current = sub[sub["stage"].isin(CURRENT_STAGES)].sort_values(["period_end_on", "figure_id"])
    latest = current.groupby("series_id").tail(1).join(counts, on="series_id")
    latest = latest.sort_values(["theme", "figure_count", "period_end_on", "series_id"], ascending=[True, False, False, True])
    return latest.groupby("theme").head(limit)


def bench_baseline(path: Path, factor: int, runs: int, resolved: dict, results: Results) -> list[list[str]]:
    """Rows of the pandas-baseline table for one warehouse."""
    start = time.perf_counter()
    con = connect(path)
    try:
        df = con.execute("SELECT * FROM facts").df()
    finally:
        con.close()
    load = time.perf_counter() - start
    memory = int(df.memory_usage(deep=True).sum())
    limit = query_overrides()["facts/latest_per_series"]["limit"]
    rows = []
    for variant in VARIANTS:
        p = params_for("facts/latest_per_series", {"regions", "themes", "year_from", "year_to"}, variant.key, resolved, {})
        times, frame = time_call(lambda p=p: pandas_latest_per_series(df, limit=limit, **p), runs)
        sql = results.query.get((factor, "facts/latest_per_series", variant.label))
        p50 = percentile(times, 50)
        ratio = f"{sql[0] / p50:.2f}" if sql else "—"
        rows.append([size_label(factor), variant.label, f"{load:.2f} s", fmt_bytes(memory), f"{len(df)}",
                     f"{fmt_ms(p50)} / {fmt_ms(percentile(times, 95))} ({len(frame)})",
                     f"{fmt_ms(sql[0])} / {fmt_ms(sql[1])} ({sql[2]})" if sql else "—", ratio])
    return rows


