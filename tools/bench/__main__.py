"""Benchmark (`make bench`): prints a table of figures, asserts nothing.

    python -m tools.bench [--sizes 1,10,100,1000] [--runs 3] [--query-runs 30]
                            [--pages real,largest | none] [--page-runs 5] [--large-page-runs 3]
                            [--smoke] [--work DIR] [--db PATH]

1. building the warehouse from data/ (N runs);
2. scaled warehouses (tools/scale.py: the real figures plus generated copies marked 【生成】), one
   per size > 1, kept in --work and reused while newer than the build's inputs;
3. every read query in queries/ (all but build/ and ballots/), straight on a read-only DuckDB
   connection with the page's parameters (no Streamlit cache): p50 and p95 on every size;
4. the baseline most Streamlit dashboards are written as: every figure in one pandas DataFrame
   (st.cache_data), filtered in Python on each interaction;
5. every page in headless chromium at 1920x1080, navigation to drawn (script finished, every
   chart drawn, nothing stale), cold and warm, plus a sidebar filter change, against a trivial
   one-title Streamlit page measured in the same run;
6. the Streamlit server's peak memory (RSS, children included) during the page runs;
6a. each export (Excel workbook, Word briefing, meeting pack PPTX and PDF) as its command, time and peak
   memory, on the real and the largest warehouse;
7. the targets (1000x: page < 2 s, query p95 < 100 ms, server < 1 GiB; real: page < 1.5 s,
   filter change < 0.5 s), 达标/未达标 with the offenders;
8. intake: figure extraction from the source documents, leave-one-out (tools/bench/extraction.py):
   recall, precision and seconds per document against recall ≥ 90%, precision ≥ 60%, < 2 s.

The same tables are written as Markdown to <work>/benchmarks.md. Timing never changes the exit
status; a query or page that fails to run does (exit 1), so the CI smoke run (--smoke) catches
breakage but never a slow machine.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from govdash import config
from govdash.warehouse import build
from tools import browser
from tools.bench.exports import bench_exports
from tools.bench.extraction import report_extraction
from tools.bench.pages import bench_baseline_page, bench_pages
from tools.bench.queries import (
    ONE_THEME,
    VARIANTS,
    bench_baseline,
    bench_queries,
    scaled_warehouse,
    warehouse_counts,
    warehouse_queries,
)
from tools.bench.report import (
    MS,
    OVER,
    QUERY_P95_TARGET,
    Report,
    Results,
    evaluate_targets,
    fmt_bytes,
    fmt_query_cell,
    fmt_seconds,
    size_label,
)

DEFAULT_WORK = Path("/tmp/govdash-bench")


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
        chromium = subprocess.run([browser.CHROMIUM, "--version"], capture_output=True, text=True,
                                  timeout=20).stdout.strip() or "?"
    return (f"机器：{os.cpu_count()} CPU（{cpu}），内存 {memory}，{platform.system()} {platform.release()}；"
            f"Python {platform.python_version()}，duckdb {version('duckdb')}，pandas {version('pandas')}，"
            f"streamlit {version('streamlit')}，playwright {version('playwright')}，{chromium}")


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(s) for s in text.split(",") if s.strip()})
    except ValueError:
        sizes = []
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"--sizes 须为不小于 1 的整数，收到「{text}」")
    return sorted({1, *sizes})  # the real warehouse is always measured: it is every table's first column and the baseline


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


def section_build(args: argparse.Namespace, work: Path, report: Report) -> tuple[Path, int, int]:
    """1. The warehouse built from data/ (--runs times); returns the real warehouse measured and its size."""
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
    if not args.db:
        return real, figures, regions
    real_db = args.db.resolve()
    figures, regions = warehouse_counts(real_db)
    report.line(f"以下用 --db {real_db}：{figures} 条数据，{regions} 个地区")
    return real_db, figures, regions


def section_scaled(args: argparse.Namespace, work: Path, real: tuple[Path, int, int], report: Report) -> dict[int, Path]:
    """2. The scaled warehouses (reused while newer than the build's inputs); size -> file."""
    real_db, figures, regions = real
    warehouses = {1: real_db}
    if len(args.sizes) == 1:
        return warehouses
    report.heading("2. 放大的数据仓库（tools/scale.py：真实数据 + 标有【生成】的副本，从不写入真实仓库）")
    rows = [[size_label(1), "（构建）", f"{figures}", f"{regions}", fmt_bytes(real_db.stat().st_size), str(real_db)]]
    for factor in args.sizes[1:]:
        path, took = scaled_warehouse(factor, work)
        n, r = warehouse_counts(path)
        warehouses[factor] = path
        rows.append([size_label(factor), took, f"{n}", f"{r}", fmt_bytes(path.stat().st_size), str(path)])
    report.table(["规模", "生成用时", "数据条数", "地区", "文件", "路径"], rows)
    return warehouses


def section_queries(args, warehouses: dict[int, Path], work: Path, results: Results, report: Report) -> dict[int, dict]:
    """3. Every read query on every size; returns each size's resolved parameters."""
    report.heading(f"3. 查询延迟（只读 DuckDB 连接直接执行 queries/*.sql，无 Streamlit 缓存；每项预热 1 次后计时 {args.query_runs} 次）")
    resolved = {factor: bench_queries(warehouses[factor], factor, args.query_runs, work, results) for factor in args.sizes}
    r1 = resolved[1]
    report.line(f"参数：地区 {r1['regions']}（「全部」= 不限地区），年份 {r1['year_from']}–{r1['year_to']}，"
                f"指标「{r1['indicator']}」，单主题「{ONE_THEME}」，「近两年」= 年份滑块收窄到最后两年；"
                "limit 等与页面所传相同；figure_orders、problem_ids、文件、评议取自各数据仓库")
    report.line(f"每格：p50 / p95 毫秒（返回行数）；p95 > {QUERY_P95_TARGET * MS:g} ms 标「{OVER}」")
    rows = []
    for name in warehouse_queries():
        labels = sorted({v for (_, q, v) in results.query if q == name}, key=[v.label for v in VARIANTS].index)
        for label in labels or ["—"]:
            cells = [fmt_query_cell(*got) if (got := results.query.get((factor, name, label))) else "出错"
                     for factor in args.sizes]
            rows.append([name, label, *cells])
    report.table(["查询", "参数", *(size_label(s) for s in args.sizes)], rows)
    return resolved


def section_baseline(args, warehouses: dict[int, Path], resolved: dict[int, dict], results: Results,
                     report: Report) -> None:
    """4. The same question answered the pandas way, on every size."""
    report.heading("4. 基线：整张 facts 读进一个 pandas DataFrame（st.cache_data 的写法），每次交互在 Python 里筛选")
    report.line("同一个问题：筛选后每条序列的最新值、每个主题取数据最多的几条（即 facts/latest_per_series）。"
                "载入 = 首次打开时 st.cache_data 付出的时间；每次交互 p50 / p95 ms（行数）；比值 = SQL p50 ÷ pandas p50")
    rows = []
    for factor in args.sizes:
        rows += bench_baseline(warehouses[factor], factor, args.query_runs, resolved[factor], results)
    report.table(["规模", "参数", "载入", "DataFrame 内存", "行数", "pandas 每次交互", "SQL 每次交互", "SQL ÷ pandas"], rows)


def section_pages(args, warehouses: dict[int, Path], work: Path, results: Results, report: Report, save) -> None:
    """5–6. Every page in headless chromium, and the server's memory."""
    report.heading("5–6. 页面（headless chromium 1920x1080，从 page.goto 到画完）与服务器内存")
    if not browser.chromium_available():
        results.errors.append(f"没有 chromium（{browser.CHROMIUM}）：页面未测")
        return
    baseline = bench_baseline_page(warehouses[1], work, max(args.page_runs, args.large_page_runs), report)
    for factor in args.pages:
        runs = args.large_page_runs if factor == max(args.pages) and factor > 1 else args.page_runs
        bench_pages(warehouses[factor], factor, work, runs, fresh_server=not args.smoke,
                    baseline=baseline, results=results, report=report)
        save()


def section_exports(args, warehouses: dict[int, Path], work: Path, results: Results, report: Report) -> None:
    """6a. Each export as the command a person types (python -m govdash.exports …): time and peak memory."""
    runs = 1 if args.smoke else args.runs
    largest_runs = 1
    report.heading(f"6a. 导出（python -m govdash.exports，真实数据 {runs} 次、最大规模 {largest_runs} 次；"
                   "峰值内存为进程树 RSS，PDF 含 chromium）")
    measured = bench_exports(warehouses, work, runs, largest_runs)
    rows = []
    for (factor, name), run in measured.items():
        if run.error:
            results.errors.append(f"导出「{name}」（{size_label(factor)}）失败：{run.error}")
        rows.append([name, size_label(factor), fmt_seconds(run.seconds), fmt_bytes(run.peak_rss),
                     "出错：" + run.error if run.error else fmt_bytes(run.size)])
    report.table(["导出", "规模", "用时", "峰值内存", "文件"], rows)


def section_targets(results: Results, report: Report) -> None:
    """7. The targets, and whatever was measured again or could not run."""
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


def section_extraction(report: Report, results: Results | None = None) -> None:
    """8. Figure extraction from the source documents, leave-one-out; a failure to run is an error."""
    report.heading("8. 数据导入：抽取（留一法：每份文件的整理数据不作为示例，govdash/intake）")
    try:
        report_extraction(report)
    except Exception as exc:  # the benchmark reports what could not run instead of stopping
        if results is None:
            raise
        message = f"抽取基准未能运行：{type(exc).__name__}: {exc}"
        report.line(message)
        results.errors.append(message)


def main(argv: list[str] | None = None, out: Callable[[str], None] | None = None) -> int:
    args = arguments(argv)
    report = Report(out or (lambda s: print(s, flush=True)))
    results = Results(sizes=args.sizes)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report.line("命令：python -m tools.bench " + " ".join(sys.argv[1:] if argv is None else argv))
    report.line(machine())
    report.line(f"规模：{', '.join(size_label(s) for s in args.sizes)}；工作目录 {work}")

    def save() -> None:
        (work / "benchmarks.md").write_text(report.markdown("政务服务效能看板：性能基准"), encoding="utf-8")

    warehouses = section_scaled(args, work, section_build(args, work, report), report)
    save()
    resolved = section_queries(args, warehouses, work, results, report)
    save()
    section_baseline(args, warehouses, resolved, results, report)
    save()
    if args.pages:
        section_pages(args, warehouses, work, results, report, save)
    section_exports(args, warehouses, work, results, report)
    save()
    section_targets(results, report)
    section_extraction(report, results)
    report.line()
    report.line(f"全部用时 {time.perf_counter() - started:.0f} s；Markdown：{work / 'benchmarks.md'}")
    save()
    return 1 if results.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
