"""Benchmark (`make bench`): prints a table of figures, asserts nothing.

    python -m govdash.bench [--sizes 1,10,100,1000] [--runs 3] [--query-runs 30]
                            [--pages real,largest | none] [--page-runs 5] [--large-page-runs 3]
                            [--smoke] [--work DIR] [--db PATH]

1. building the warehouse from data/ (N runs);
2. scaled warehouses (govdash.scale: the real figures plus generated copies marked 【生成】), one
   per size > 1, kept in --work and reused while newer than the build's inputs;
3. every read query in queries/ (all but build/ and ballots/), straight on a read-only DuckDB
   connection with the page's parameters (no Streamlit cache): p50 and p95 on every size;
4. the baseline most Streamlit dashboards are written as: every figure in one pandas DataFrame
   (st.cache_data), filtered in Python on each interaction;
5. every page in headless chromium at 1920x1080, navigation to drawn (script finished, every
   chart drawn, nothing stale), cold and warm, plus a sidebar filter change, against a trivial
   one-title Streamlit page measured in the same run;
6. the Streamlit server's peak memory (RSS, children included) during the page runs;
7. the targets (1000x: page < 2 s, query p95 < 100 ms, server < 1 GiB; real: page < 1.5 s,
   filter change < 0.5 s), 达标/未达标 with the offenders.

The same tables are written as Markdown to <work>/benchmarks.md. Timing never changes the exit
status; a query or page that fails to run does (exit 1), so the CI smoke run (--smoke) catches
breakage but never a slow machine.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib.metadata
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from govdash import build, config, db

ROOT = config.ROOT
DEFAULT_WORK = Path("/tmp/govdash-bench")
MS = 1000.0
GIB = 2**30
QUERY_P95_TARGET = 0.100
LARGEST_PAGE_TARGET = 2.0
REAL_PAGE_TARGET = 1.5
FILTER_CHANGE_TARGET = 0.5
MEMORY_TARGET = GIB
OVER = "超标"
BASELINE_SCRIPT = 'import streamlit as st\nst.title("基准页")\nst.write("一行文字")\n'
# Regions a person picks in the sidebar filter; the first two are the "filtered" query variant.
FILTER_REGIONS = ["长沙市", "武汉经开区", "濮阳县"]
ONE_THEME = "好差评"


# --- what the pages pass ----------------------------------------------------------------------

def module_constants(path: Path) -> dict[str, object]:
    """The module-level constants of a Python file (NAME = 1 and A, B = 1, 2), read without
    importing it (pages run when imported)."""
    out: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name) and isinstance(node.value, ast.Constant):
                out[target.id] = node.value.value
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                for t, v in zip(target.elts, node.value.elts, strict=False):
                    if isinstance(t, ast.Name) and isinstance(v, ast.Constant):
                        out[t.id] = v.value
    return out


def page_constant(relpath: str, name: str) -> int:
    value = module_constants(ROOT / relpath).get(name)
    if not isinstance(value, int):
        raise KeyError(f"{relpath} 中没有整数常量 {name}（基准按页面传的参数计时）")
    return value


# Every parameter a read query may take, with the value a page passes. None = taken from the
# warehouse being measured (resolve_params): its year span, a document, figures, problems.
BENCH_PARAMS: dict[str, object] = {
    "regions": FILTER_REGIONS[:2],      # two real regions picked in the sidebar
    "themes": [],                       # [] = every theme (the desk pages' default)
    "year_from": None, "year_to": None,  # the warehouse's first and last year: everything
    "all_years": True,                  # the range covers every year (Filters.covers_all_years)
    "indicator": "好差评主动评价率",      # 地区对比's indicator (reported by several regions)
    "limit": None,                      # per query, as the page passes it: QUERY_OVERRIDES
    "series_limit": None, "indicator_limit": None, "rank_limit": None, "pair_limit": None,
    "source_file": None,                # the document with most figures (数据来源)
    "figure_id": None,                  # a figure opened from an evidence link
    "region": None, "year": None,       # an evaluation (窗口单位评议): its region and year
    "figure_orders": None,              # the before/after figures the theme page charts
    "problem_ids": None,                # the problems 整改台账 lists
}


def query_overrides() -> dict[str, dict[str, object]]:
    """Per query, the limits the page passes (read from the page's own constants)."""
    views = "govdash/views.py"
    meeting = "govdash/meeting.py"
    return {
        "facts/figures_filtered": {"limit": page_constant(views, "TABLE_ROWS")},
        "facts/before_after_pairs": {"limit": page_constant(views, "PAIR_LIMIT")},
        "facts/benchmark_figures": {"limit": page_constant(views, "BAR_LIMIT")},
        "facts/rate_figures": {"limit": page_constant(views, "RATE_LIMIT")},
        "facts/largest_current_values": {"limit": 12},   # views.rates_section
        "facts/latest_per_series": {"limit": 8},         # views.headline_cards default
        "facts/trend_figures": {"series_limit": page_constant(views, "TREND_SERIES"),
                                "indicator_limit": page_constant(views, "TREND_INDICATORS")},
        "overview/coverage_region_year": {"limit": page_constant("pages/overview.py", "COVERAGE_REGIONS")},
        "rankings/rank_figures": {"limit": page_constant("pages/rankings.py", "SERIES_PER_INDICATOR")},
        "complaints/handling_by_unit": {"limit": page_constant("pages/complaints.py", "UNIT_LIMIT")},
        "rectification/problems_with_figures": {"limit": page_constant("pages/rectification.py", "PROBLEM_LIMIT")},
        "home/recent_figures": {"limit": 12},            # pages/home.py
        "home/figures_by_source_theme": {"limit": page_constant("pages/home.py", "DOC_CHART_LIMIT")},
        "home/sources_overview": {"limit": page_constant(views, "TABLE_ROWS")},
        "meeting/slide_figures": {"series_limit": page_constant(meeting, "HEADLINE_LIMIT"),
                                  "rank_limit": page_constant(meeting, "RANK_LIMIT"),
                                  "pair_limit": page_constant(meeting, "PAIR_LIMIT")},
    }


SNAPSHOT_QUERIES = {"meeting/snapshot_info"}  # need a snapshot file (govdash.snapshot adds the table)


def warehouse_queries() -> list[str]:
    """Every read query of the warehouse: the set tests/test_queries.py calls WAREHOUSE_QUERIES."""
    names = []
    for path in sorted(config.QUERIES_DIR.rglob("*.sql")):
        rel = path.relative_to(config.QUERIES_DIR)
        name = rel.with_suffix("").as_posix()
        if "build" in rel.parts or name.startswith("ballots/"):
            continue
        names.append(name)
    return names


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
    if "year_from" in params or "all_years" in params:
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
        values["all_years"] = False
    missing = [p for p in sql_params if values.get(p) is None]
    if missing:
        raise KeyError(f"queries/{name}.sql 的参数 {', '.join(sorted(missing))} 没有基准取值（BENCH_PARAMS）")
    return {p: values[p] for p in sql_params}


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> pd.DataFrame:
    """queries/<name>.sql with those of `params` it takes bound, as a DataFrame (as db.execute)."""
    sql = db.load_sql(name)
    return con.execute(sql, {k: v for k, v in params.items() if k in query_param_names(sql)}).df()


def resolve_params(con: duckdb.DuckDBPyConnection, overrides: dict) -> dict:
    """BENCH_PARAMS with the warehouse's own values filled in, fetched the way the pages get them."""
    out = dict(BENCH_PARAMS)
    options = _run(con, "filters/options", {})
    out["year_from"], out["year_to"] = int(options["first_year"].min()), int(options["last_year"].max())
    out["regions"] = [r for r in BENCH_PARAMS["regions"] if r in set(options["region"])] or list(options["region"][:2])
    base = {"regions": [], "themes": [], "year_from": out["year_from"], "year_to": out["year_to"]}
    docs = con.execute("SELECT source_file FROM facts GROUP BY source_file ORDER BY count(*) DESC, source_file LIMIT 1").fetchone()
    out["source_file"] = docs[0]
    out["figure_id"] = con.execute("SELECT min(figure_id) FROM facts WHERE source_file = ?", [docs[0]]).fetchone()[0]
    evaluations = _run(con, "window_units/evaluations", base)
    first = evaluations.iloc[0] if len(evaluations) else None
    out["region"] = str(first["region"]) if first is not None else out["regions"][0]
    out["year"] = int(first["year"]) if first is not None else out["year_to"]
    if first is not None:  # 窗口单位评议 opens its first evaluation: that document, region and year
        overrides.setdefault("window_units/evaluation_figures", {})["source_file"] = str(first["source_file"])
    pairs = _run(con, "facts/before_after_pairs", {**base, "limit": overrides["facts/before_after_pairs"]["limit"],
                                                   "all_years": True})
    out["figure_orders"] = sorted(set(pairs["before_order"]) | set(pairs["after_order"])) if len(pairs) else [1]
    problems = _run(con, "rectification/problems_with_figures",
                    {"regions": [], "limit": overrides["rectification/problems_with_figures"]["limit"]})
    out["problem_ids"] = list(problems["problem_id"])
    return out


# --- statistics and formatting (pure) ---------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def half_range(values: list[float]) -> float:
    return (max(values) - min(values)) / 2 if values else 0.0


def fmt_ms(seconds: float | None) -> str:
    """Milliseconds: one decimal below 10 ms, whole above."""
    if seconds is None:
        return "—"
    ms = seconds * MS
    return f"{ms:.1f}" if ms < 10 else f"{ms:.0f}"


def fmt_stat(values: list[float]) -> str:
    """Median ± half the range, in ms ("123 ±4"); a single value alone."""
    if not values:
        return "—"
    if len(values) == 1:
        return fmt_ms(values[0])
    return f"{fmt_ms(statistics.median(values))} ±{fmt_ms(half_range(values))}"


def fmt_seconds(values: list[float]) -> str:
    if not values:
        return "—"
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return f"{statistics.median(values):.2f} s ±{half_range(values):.2f}"


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "—"
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f} B"


def fmt_query_cell(p50: float, p95: float, rows: int) -> str:
    flag = f" {OVER}" if p95 > QUERY_P95_TARGET else ""
    return f"{fmt_ms(p50)} / {fmt_ms(p95)}{flag} ({rows})"


def size_label(factor: int) -> str:
    return "真实 1×" if factor == 1 else f"{factor}×"


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


class Report:
    """Prints each section as it comes and keeps it as Markdown for <work>/benchmarks.md."""

    def __init__(self, out: Callable[[str], None] = print):
        self.md: list[str] = []
        self.out = out

    def heading(self, text: str) -> None:
        self.out(f"\n== {text} ==")
        self.md += ["", f"## {text}", ""]

    def line(self, text: str = "") -> None:
        self.out(text)
        self.md.append(text + "  " if text else "")

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
        self.out("  ".join(pad(h, w, i > 0) for i, (h, w) in enumerate(zip(headers, widths, strict=True))))
        for r in rows:
            self.out("  ".join(pad(c, w, i > 0) for i, (c, w) in enumerate(zip(r, widths, strict=True))))
        self.md += ["", "| " + " | ".join(headers) + " |", "|" + "|".join(["---"] + ["---:"] * (len(headers) - 1)) + "|"]
        self.md += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
        self.md.append("")

    def markdown(self, title: str) -> str:
        return "\n".join([f"# {title}", *self.md]).rstrip() + "\n"


# --- targets (pure) ---------------------------------------------------------------------------

@dataclass
class Results:
    sizes: list[int] = field(default_factory=list)
    query: dict[tuple[int, str, str], tuple[float, float, int]] = field(default_factory=dict)  # p50, p95, rows
    page_warm: dict[tuple[int, str], list[float]] = field(default_factory=dict)   # (size, page title)
    page_cold: dict[tuple[int, str], float] = field(default_factory=dict)
    page_switch: dict[tuple[int, str], list[float]] = field(default_factory=dict)  # in-app, from the sidebar
    filter_change: dict[int, list[float]] = field(default_factory=dict)
    server_peak: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    page_failed: set[tuple[int, str]] = field(default_factory=set)  # (size, page title) not measured
    retries: list[str] = field(default_factory=list)  # measurements started over once (see switch_to)


@dataclass
class Target:
    name: str
    status: str                  # 达标 / 未达标 / 未测
    offenders: list[str] = field(default_factory=list)


def _check(name: str, measured: dict[str, float], limit: float, fmt: Callable[[float], str],
           missing: list[str] | tuple = ()) -> Target:
    """达标 only if everything was measured and under the limit; what could not be measured is
    named (未全测), never counted as met."""
    if not measured and not missing:
        return Target(name, "未测")
    over = [f"{k} {fmt(v)}" for k, v in sorted(measured.items(), key=lambda kv: -kv[1]) if v >= limit]
    status = "未达标" if over else "未全测" if missing else "达标"
    return Target(name, status, over + [f"{m} 未测得" for m in missing])


def evaluate_targets(r: Results) -> list[Target]:
    """The issue's targets on the largest size measured and on the real warehouse."""
    largest = max(r.sizes) if r.sizes else 1
    lab = size_label(largest)
    sec = lambda v: f"{v:.2f} s"  # noqa: E731
    ms = lambda v: f"{fmt_ms(v)} ms"  # noqa: E731
    failed = lambda size: sorted(p for s, p in r.page_failed if s == size)  # noqa: E731
    return [
        _check(f"{lab}：每页热加载 < {LARGEST_PAGE_TARGET:g} s",
               {p: statistics.median(v) for (s, p), v in r.page_warm.items() if s == largest and v},
               LARGEST_PAGE_TARGET, sec, failed(largest)),
        _check(f"{lab}：每个查询 p95 < {QUERY_P95_TARGET * MS:g} ms",
               {f"{q}［{var}］": p95 for (s, q, var), (_, p95, _) in r.query.items() if s == largest},
               QUERY_P95_TARGET, ms),
        _check(f"{lab}：服务器内存峰值 < {fmt_bytes(MEMORY_TARGET)}",
               {"服务器": float(r.server_peak[largest])} if largest in r.server_peak else {},
               MEMORY_TARGET, fmt_bytes),
        _check(f"{lab}：每页站内切换 < {LARGEST_PAGE_TARGET:g} s",
               {p: statistics.median(v) for (s, p), v in r.page_switch.items() if s == largest and v},
               LARGEST_PAGE_TARGET, sec, failed(largest)),
        _check(f"真实 1×：每页热加载 < {REAL_PAGE_TARGET:g} s",
               {p: statistics.median(v) for (s, p), v in r.page_warm.items() if s == 1 and v},
               REAL_PAGE_TARGET, sec, failed(1)),
        _check(f"真实 1×：每页站内切换 < {REAL_PAGE_TARGET:g} s",
               {p: statistics.median(v) for (s, p), v in r.page_switch.items() if s == 1 and v},
               REAL_PAGE_TARGET, sec, failed(1)),
        _check(f"真实 1×：筛选变更 < {FILTER_CHANGE_TARGET:g} s",
               {"筛选变更": statistics.median(r.filter_change[1])} if r.filter_change.get(1) else {},
               FILTER_CHANGE_TARGET, sec),
    ]


# --- 1. build, 2. scaled warehouses -----------------------------------------------------------

def build_inputs_mtime() -> float:
    """Newest modification time of anything the warehouse (or a scaled one) is made from."""
    files = [p for d in (config.CURATED_DIR, config.SOURCES_DIR, config.BUILD_SQL_DIR) for p in d.rglob("*") if p.is_file()]
    files += [ROOT / "govdash" / n for n in ("build.py", "curated.py", "scale.py", "labels.py")]
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
    from govdash import scale

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
    """A meeting snapshot of `path` (govdash.snapshot adds snapshot_info), removed afterwards."""
    from govdash import snapshot

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
            sql_params = query_param_names(db.load_sql(name))
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


# --- 5. pages, 6. server memory ---------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    path: str      # URL path ("" = the default page)
    title: str
    file: str


def app_pages() -> list[Page]:
    """Every page app.py registers with st.navigation, the default one at "/"."""
    app = ROOT / "app.py"
    constants = module_constants(app)  # page("meeting.py", "会议大屏", MEETING, hidden=True)

    def value(arg: ast.expr) -> object:
        return arg.value if isinstance(arg, ast.Constant) else constants.get(arg.id) if isinstance(arg, ast.Name) else None

    pages = []
    for node in ast.walk(ast.parse(app.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "page"
                and len(node.args) >= 3 and all(isinstance(value(a), str) for a in node.args[:3])):
            file, title, url_path = (value(a) for a in node.args[:3])
            default = any(k.arg == "default" and isinstance(k.value, ast.Constant) and k.value.value for k in node.keywords)
            pages.append(Page("" if default else url_path, title, file))
    return pages


# Drawn: the script ran to the end, no element is stale from the previous run, no chart is still
# loading its code (a skeleton, not yet a .js-plotly-plot), and every chart has drawn its SVG.
_DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main || main.innerText.trim().length === 0) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    return [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'));
}"""

DRAWN_JS = "(ready) => (!ready || Boolean(document.querySelector(ready))) && (" + _DRAWN + ")()"

# Installed before a click (a filter option, a page's link in the sidebar): from the user's
# mousedown until a run started after it has finished, the page has arrived (the URL changed, or
# is the page's path) and it is drawn; timed inside the page, so neither Playwright's round trips
# nor the dropdown's animation count. The result goes to window[key] in milliseconds.
CLICK_TIMER_JS = """({key, path}) => {
    const drawn = """ + _DRAWN + """;
    window[key] = null;
    const app = document.querySelector('[data-testid="stApp"]');
    let sawRun = false;
    new MutationObserver((records) => {
        if (app.getAttribute('data-test-script-state') === 'running'
            || records.some(r => r.oldValue === 'running')) sawRun = true;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
    // A short page's whole run can reach the DOM in one update, so the script state is never seen
    // to change (caught once: 总览 → 测评表 drawn, no attribute change at all). For a page switch,
    // the new page's title replacing the old one shows its run has come too.
    const title = () => (document.querySelector('[data-testid="stMain"] h1') || {}).innerText;
    document.addEventListener('mousedown', () => {
        const start = performance.now();
        const before = location.href;
        const titleBefore = title();
        const arrived = () => path === null ? location.href !== before
                                            : location.pathname.replace(/[/]$/, '').endsWith(path);
        const ran = () => sawRun || (path !== null && title() !== titleBefore);
        const poll = () => {
            if (ran() && arrived() && drawn()) {
                window[key] = performance.now() - start;
                return;
            }
            requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
    }, {capture: true, once: true});
}"""


def timed_click(page, locator, path: str | None, timeout_ms: int = 90000) -> float:
    """Seconds from a click on `locator` to the next run finished and drawn (see CLICK_TIMER_JS)."""
    page.evaluate(CLICK_TIMER_JS, {"key": "__govdashClick", "path": path})
    locator.click()
    page.wait_for_function("() => window.__govdashClick !== null", timeout=timeout_ms, polling="raf")
    return page.evaluate("window.__govdashClick") / MS


NO_SWITCH = ("meeting",)  # pages not in the sidebar (opened by their URL)

# Pages with something of their own to wait for: the meeting screen's header and footer are drawn
# by the slide (browser.wait_for_meeting waits for the same).
READY_SELECTORS = {"meeting": ".mtg-header .mtg-page b, .mtg-footer"}


def load_page(page, url: str, ready: str | None = None, timeout_ms: int = 90000) -> float:
    """Seconds from page.goto to drawn."""
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_function(DRAWN_JS, arg=ready, timeout=timeout_ms, polling="raf")
    return time.perf_counter() - start


def page_error(page) -> str | None:
    from govdash import browser

    shown = page.locator(browser.ERROR_SELECTORS)
    if shown.count():
        return shown.first.inner_text()[:200].replace("\n", " ")
    return None


def filter_change(page, base_url: str, region: str) -> float:
    """Seconds from the click on a region in the sidebar filter to the page rerun and drawn."""
    load_page(page, f"{base_url}/good-bad-reviews")
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    page.keyboard.type(region)  # a long list (1000 regions) is virtual: type to find it, as a person would
    option = page.get_by_role("option", name=region).first
    option.wait_for(state="visible")
    page.wait_for_timeout(300)  # let the dropdown finish opening
    return timed_click(page, option, None)  # the filter goes into the URL: ends once it changed


def switch_to(page, base_url: str, start: Page, target: Page, retries: list[str] | None = None) -> float:
    """Seconds from a click on `target` in the sidebar, with `start` open, to the target drawn.

    How a leader moves between pages once the dashboard is open: the browser keeps the app, only
    the page's script runs and its elements are drawn. A switch not seen to finish in 30 s (it
    happened about once in 200, before CLICK_TIMER_JS also took a changed page title as the sign
    of a run) is measured again, once, and said so in `retries` (printed with the results)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in (1, 2):
        load_page(page, f"{base_url}/{start.path}")
        link = page.locator('[data-testid="stSidebarNav"]').get_by_text(target.title, exact=True).first
        link.wait_for(state="visible")
        try:
            return timed_click(page, link, target.path, timeout_ms=30000 if attempt == 1 else 90000)
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            if retries is not None:
                retries.append(f"{start.title} → {target.title}：30 s 内未见画完（停在 {page.url}），已重测")
    raise AssertionError("unreachable")


def process_tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


class MemorySampler:
    """Samples a process tree's RSS every 0.2 s in a thread; `peak` is the largest seen."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, process_tree_rss(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, process_tree_rss(self.pid))


@contextlib.contextmanager
def served(db_path: Path, work: Path, script: Path | None = None) -> Iterator[tuple[object, MemorySampler]]:
    from govdash import browser

    env = {"GOVDASH_BALLOTS": str(work / "ballots.duckdb"), "GOVDASH_SNAPSHOTS": str(work / "snapshots")}
    with browser.streamlit_server(db_path, work, env=env, script=script) as srv, MemorySampler(srv.process.pid) as mem:
        yield srv, mem


def bench_baseline_page(db_path: Path, work: Path, runs: int, report: Report) -> float | None:
    from govdash import browser

    script = work / "baseline_page.py"
    script.write_text(BASELINE_SCRIPT, encoding="utf-8")
    with served(db_path, work, script) as (srv, _), browser.browser_page(browser.RequestLog()) as page:
        cold = load_page(page, srv.url)
        warm = [load_page(page, srv.url) for _ in range(runs)]
    report.line(f"基准页（只有一个标题的 Streamlit 页面）：冷 {fmt_ms(cold)} ms，热 {fmt_stat(warm)} ms")
    return statistics.median(warm)


def bench_pages(db_path: Path, factor: int, work: Path, runs: int, fresh_server: bool, baseline: float | None,
                results: Results, report: Report) -> None:
    """Every page cold and warm, then a sweep over all pages on one server and the filter change."""
    from govdash import browser

    requests = browser.RequestLog()
    pages = app_pages()
    rows, peaks = [], []

    def measure(srv, page, p: Page) -> None:
        url, ready = f"{srv.url}/{p.path}", READY_SELECTORS.get(p.path)
        try:
            cold = load_page(page, url, ready)
            error = page_error(page)
            warm = [load_page(page, url, ready) for _ in range(runs)]
            # pages in the sidebar: also reached from another page by its link (not the hidden meeting screen)
            start = next((q for q in pages if q.path not in (p.path, *NO_SWITCH)), None)
            switch = ([switch_to(page, srv.url, start, p, results.retries) for _ in range(runs)]
                      if start and p.path not in NO_SWITCH else [])
        except Exception as exc:  # a timeout or a crashed page: reported, the run goes on
            results.errors.append(f"{size_label(factor)} 页面 /{p.path}（{p.title}）未能测量：{str(exc)[:200]}")
            results.page_failed.add((factor, p.title))
            rows.append([p.title, f"/{p.path}", "出错", "—", "—", "—"])
            return
        if error:
            results.errors.append(f"{size_label(factor)} 页面 /{p.path}（{p.title}）显示错误：{error}")
        results.page_cold[(factor, p.title)] = cold
        results.page_warm[(factor, p.title)] = warm
        if switch:
            results.page_switch[(factor, p.title)] = switch
        ratio = f"{statistics.median(warm) / baseline:.1f}" if baseline else "—"
        rows.append([p.title + ("（出错）" if error else ""), f"/{p.path}", fmt_ms(cold), fmt_stat(warm), ratio,
                     fmt_stat(switch) if switch else "—"])

    if fresh_server:
        for p in pages:
            with served(db_path, work) as (srv, mem), browser.browser_page(requests) as page:
                measure(srv, page, p)
            peaks.append(mem.peak)
    with served(db_path, work) as (srv, mem), browser.browser_page(requests) as page:
        if not fresh_server:
            for p in pages:
                measure(srv, page, p)
        else:  # one server that has shown every page, as after a day's use
            for p in pages:
                with contextlib.suppress(Exception):
                    load_page(page, f"{srv.url}/{p.path}", READY_SELECTORS.get(p.path))
        changes = []
        for region in (FILTER_REGIONS * runs)[: max(1, runs)]:
            try:
                changes.append(filter_change(page, srv.url, region))
            except Exception as exc:
                results.errors.append(f"{size_label(factor)} 筛选变更（{region}）未能测量：{str(exc)[:200]}")
        sweep_peak = mem.peak
    peaks.append(sweep_peak)
    results.filter_change[factor] = changes
    results.server_peak[factor] = max(peaks)
    cold_note = "每页各起一个新服务器，冷 = 服务器启动后的第一次访问" if fresh_server else \
        "所有页面同一个服务器，冷 = 该页第一次访问（之前的页面已载入共用查询）"
    report.line(f"{size_label(factor)}：{cold_note}；热 = 再访问 {runs} 次（新会话，查询已缓存），中位数 ± 半极差；"
                "终点 = 脚本状态 notRunning、每个图表画完、无过时元素")
    report.line("站内切换 = 从另一页点侧栏里的页面链接到画完（浏览器里的应用不重载，只跑该页脚本）；会议大屏不在侧栏")
    report.table(["页面", "路径", "冷 ms", "热 ms", "× 基准页", "站内切换 ms"], rows)
    report.line(f"筛选变更（好差评页，侧栏选一个地区，从点击到重跑画完）：{fmt_stat(changes)} ms（{len(changes)} 次）")
    report.line(f"服务器内存峰值（RSS，含子进程，每 0.2 s 采样）：{fmt_bytes(max(peaks))}"
                + (f"；其中访问过全部页面的服务器 {fmt_bytes(sweep_peak)}" if fresh_server else ""))
    external = requests.external()
    if external:
        results.errors.append(f"{size_label(factor)} 页面访问了外部地址：{external[:5]}")


# --- the run ----------------------------------------------------------------------------------

def machine() -> str:
    def version(pkg: str) -> str:
        try:
            return importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            return "?"

    memory = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = fmt_bytes(int(line.split()[1]) * 1024)
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError):
        models = [ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                  if ln.startswith("model name")]
        cpu = models[0] if models else cpu
    chromium = "?"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        from govdash import browser
        chromium = subprocess.run([browser.CHROMIUM, "--version"], capture_output=True, text=True,
                                  timeout=20).stdout.strip() or "?"
    return (f"机器：{os.cpu_count()} CPU（{cpu}），内存 {memory}，{platform.system()} {platform.release()}；"
            f"Python {platform.python_version()}，duckdb {version('duckdb')}，pandas {version('pandas')}，"
            f"streamlit {version('streamlit')}，playwright {version('playwright')}，{chromium}")


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(s) for s in text.split(",") if s.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"--sizes 须为不小于 1 的整数，收到「{text}」")
    return sizes


def parse_pages(text: str, sizes: list[int]) -> list[int]:
    """Which sizes get page timings: real (=1), largest, or factors; none = no pages."""
    if text.strip() == "none":
        return []
    out = set()
    for token in (t.strip() for t in text.split(",") if t.strip()):
        factor = 1 if token == "real" else max(sizes) if token == "largest" else int(token)
        if factor not in sizes:
            raise argparse.ArgumentTypeError(f"--pages 中的 {token} 不在 --sizes {sizes} 之中")
        out.add(factor)
    return sorted(out)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="性能基准：构建、查询、pandas 基线、页面、内存；只打印，不断言")
    parser.add_argument("--sizes", default="1,10,100,1000", help="数据倍数，1 = 真实数据仓库（默认 1,10,100,1000）")
    parser.add_argument("--runs", type=int, default=3, help="构建计时次数")
    parser.add_argument("--query-runs", type=int, default=30, help="每个查询的计时次数（p50、p95）")
    parser.add_argument("--pages", default="real,largest", help="测页面的规模：real、largest 或倍数，none = 不测")
    parser.add_argument("--page-runs", type=int, default=5, help="真实数据上每页热加载次数")
    parser.add_argument("--large-page-runs", type=int, default=3, help="最大规模上每页热加载次数")
    parser.add_argument("--smoke", action="store_true", help="CI 冒烟：只测真实数据、每项少量次数，不因耗时失败")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="工作目录：放大后的数据仓库、日志、benchmarks.md")
    parser.add_argument("--db", type=Path, default=None, help="真实数据仓库；默认用第 1 节从 data/ 构建的那个")
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.runs, args.query_runs, args.pages = "1", 1, 5, "real"
        args.page_runs = args.large_page_runs = 1
    try:
        args.sizes = parse_sizes(args.sizes)
        args.pages = parse_pages(args.pages, args.sizes)
    except (ValueError, argparse.ArgumentTypeError) as exc:
        parser.error(str(exc))
    return args


def main(argv: list[str] | None = None, out: Callable[[str], None] | None = None) -> int:
    args = arguments(argv)
    report = Report(out or (lambda s: print(s, flush=True)))
    results = Results(sizes=args.sizes)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    command = "python -m govdash.bench " + " ".join(sys.argv[1:] if argv is None else argv)
    report.line(f"命令：{command}")
    report.line(machine())
    report.line(f"规模：{', '.join(size_label(s) for s in args.sizes)}；工作目录 {work}")

    def save() -> None:
        (work / "benchmarks.md").write_text(report.markdown("政务服务效能看板：性能基准"), encoding="utf-8")

    report.heading(f"1. 从 data/ 构建数据仓库（{args.runs} 次）")
    times = []
    real = work / "real.duckdb"
    for i in range(args.runs):
        target = work / f"build-{i}.duckdb"
        target.unlink(missing_ok=True)
        start = time.perf_counter()
        build.build(config.DATA_DIR, target)
        times.append(time.perf_counter() - start)
        os.replace(target, real)
    figures, regions = warehouse_counts(real)
    report.line(f"构建用时 {fmt_seconds(times)}（中位数 ± 半极差）；{figures} 条数据，{regions} 个地区，"
                f"{fmt_bytes(real.stat().st_size)}")
    real_db = args.db.resolve() if args.db else real
    if args.db:
        figures, regions = warehouse_counts(real_db)
        report.line(f"以下用 --db {real_db}：{figures} 条数据，{regions} 个地区")

    warehouses = {1: real_db}
    if len(args.sizes) > 1:
        report.heading("2. 放大的数据仓库（govdash.scale：真实数据 + 标有【生成】的副本，从不写入真实仓库）")
        rows = [[size_label(1), "（构建）", f"{figures}", f"{regions}", fmt_bytes(real_db.stat().st_size), str(real_db)]]
        for factor in args.sizes[1:]:
            path, took = scaled_warehouse(factor, work)
            n, r = warehouse_counts(path)
            warehouses[factor] = path
            rows.append([size_label(factor), took, f"{n}", f"{r}", fmt_bytes(path.stat().st_size), str(path)])
        report.table(["规模", "生成用时", "数据条数", "地区", "文件", "路径"], rows)
    save()

    report.heading(f"3. 查询延迟（只读 DuckDB 连接直接执行 queries/*.sql，无 Streamlit 缓存；每项预热 1 次后计时 {args.query_runs} 次）")
    resolved_by_size = {}
    for factor in args.sizes:
        resolved_by_size[factor] = bench_queries(warehouses[factor], factor, args.query_runs, work, results)
    r1 = resolved_by_size[1]
    report.line(f"参数：地区 {r1['regions']}（「全部」= 不限地区），年份 {r1['year_from']}–{r1['year_to']}，"
                f"指标「{r1['indicator']}」，单主题「{ONE_THEME}」，「近两年」= 年份滑块收窄到最后两年；"
                "limit 等与页面所传相同；figure_orders、problem_ids、文件、评议取自各数据仓库")
    report.line(f"每格：p50 / p95 毫秒（返回行数）；p95 > {QUERY_P95_TARGET * MS:g} ms 标「{OVER}」")
    rows = []
    for name in warehouse_queries():
        labels = sorted({v for (_, q, v) in results.query if q == name}, key=[v.label for v in VARIANTS].index)
        for label in labels or ["—"]:
            cells = []
            for factor in args.sizes:
                got = results.query.get((factor, name, label))
                cells.append(fmt_query_cell(*got) if got else "出错")
            rows.append([name, label, *cells])
    report.table(["查询", "参数", *(size_label(s) for s in args.sizes)], rows)
    save()

    report.heading("4. 基线：整张 facts 读进一个 pandas DataFrame（st.cache_data 的写法），每次交互在 Python 里筛选")
    report.line("同一个问题：筛选后每条序列的最新值、每个主题取数据最多的几条（即 facts/latest_per_series）。"
                "载入 = 首次打开时 st.cache_data 付出的时间；每次交互 p50 / p95 ms（行数）；比值 = SQL p50 ÷ pandas p50")
    rows = []
    for factor in args.sizes:
        rows += bench_baseline(warehouses[factor], factor, args.query_runs, resolved_by_size[factor], results)
    report.table(["规模", "参数", "载入", "DataFrame 内存", "行数", "pandas 每次交互", "SQL 每次交互", "SQL ÷ pandas"], rows)
    save()

    if args.pages:
        from govdash import browser

        report.heading("5–6. 页面（headless chromium 1920x1080，从 page.goto 到画完）与服务器内存")
        if not browser.chromium_available():
            results.errors.append(f"没有 chromium（{browser.CHROMIUM}）：页面未测")
        else:
            baseline = bench_baseline_page(real_db, work, max(args.page_runs, args.large_page_runs), report)
            for factor in args.pages:
                runs = args.large_page_runs if factor == max(args.pages) and factor > 1 else args.page_runs
                bench_pages(warehouses[factor], factor, work, runs, fresh_server=not args.smoke,
                            baseline=baseline, results=results, report=report)
                save()

    report.heading("7. 目标")
    for t in evaluate_targets(results):
        report.line(f"{t.status}  {t.name}" + (f"：{'；'.join(t.offenders)}" if t.offenders else ""))
    if results.retries:
        report.heading("重测过的站内切换（计入的是重测的那次）")
        for e in results.retries:
            report.line(e)
    if results.errors:
        report.heading("未能运行的项目")
        for e in results.errors:
            report.line(e)
    report.line()
    report.line(f"全部用时 {time.perf_counter() - started:.0f} s；Markdown：{work / 'benchmarks.md'}")
    save()
    return 1 if results.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
