"""The benchmark's pure parts (statistics, formatting, parameters, targets) and, in chromium, its
smoke run end to end. Nothing here asserts on timing."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from govdash.desk import registry
from govdash.warehouse import db
from tests.data.test_queries import WAREHOUSE_QUERIES
from tests.support import ROOT, require_chromium
from tools.bench import __main__ as bench_main
from tools.bench import pages, queries, report


def test_percentile_matches_numpy():
    rng = random.Random(6)
    for n in (1, 2, 5, 30, 101):
        values = [rng.expovariate(50) for _ in range(n)]
        for q in (0, 50, 95, 100):
            assert report.percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    assert report.percentile([3.0, 1.0, 2.0], 50) == 2.0
    with pytest.raises(ValueError):
        report.percentile([], 50)


def test_stats_formatting():
    assert report.fmt_ms(0.01234) == "12"
    assert report.fmt_ms(0.001234) == "1.2"
    assert report.fmt_ms(None) == "—"
    assert report.fmt_stat([0.1, 0.2, 0.4]) == "200 ±150"
    assert report.fmt_stat([0.005]) == "5.0"
    assert report.fmt_stat([]) == "—"
    assert report.fmt_seconds([1.0, 2.0, 4.0]) == "2.00 s ±1.50"
    assert report.fmt_bytes(3 * 2**20) == "3.0 MiB"
    assert report.fmt_bytes(1.5 * 2**30) == "1.5 GiB"
    assert report.fmt_bytes(512) == "512 B"


def test_query_cell_marks_p95_over_target():
    assert report.OVER in report.fmt_query_cell(0.02, 0.101, 7)
    cell = report.fmt_query_cell(0.02, 0.099, 7)
    assert report.OVER not in cell and cell == "20 / 99 (7)"


def test_report_prints_and_keeps_markdown():
    printed = []
    printer = report.Report(printed.append)
    printer.heading("查询")
    printer.table(["查询", "真实 1×"], [["facts/a", "1.0 / 2.0 (3)"], ["长名字的查询", "10 / 20 (4)"]])
    rows = [line for line in printed if line and not line.startswith("\n")]
    # columns line up in display width (CJK characters take two cells)
    assert len({report.display_width(line) for line in rows}) == 1, rows
    md = printer.markdown("标题")
    assert md.startswith("# 标题\n") and "## 查询" in md
    assert "| 长名字的查询 | 10 / 20 (4) |" in md and "|---|---:|" in md


def test_bench_queries_are_the_warehouse_queries():
    assert queries.warehouse_queries() == WAREHOUSE_QUERIES


@pytest.mark.parametrize("name", WAREHOUSE_QUERIES)
def test_bench_params_cover_every_query(name):
    used = queries.query_param_names(db.load_sql(name))
    assert used <= set(queries.BENCH_PARAMS), f"queries/{name}.sql: {sorted(used - set(queries.BENCH_PARAMS))}"


def test_every_limit_is_what_the_page_passes():
    """A query taking a limit is timed with the limit its page passes (the overrides), never a guess."""
    overrides = queries.query_overrides()
    limits = {"limit", "series_limit", "indicator_limit", "rank_limit", "pair_limit"}
    for name in WAREHOUSE_QUERIES:
        for param in queries.query_param_names(db.load_sql(name)) & limits:
            value = overrides.get(name, {}).get(param)
            assert isinstance(value, int) and value > 0, (name, param)


def test_app_pages_lists_every_page_of_the_navigation():
    listed = pages.app_pages()
    assert len(listed) == len(registry.PAGES) and len({p.path for p in listed}) == len(listed)
    assert all((ROOT / "pages" / p.file).is_file() for p in listed)
    assert [p.path for p in listed].count("") == 1  # the default page is served at /
    assert registry.MEETING.url_path in {p.path for p in listed}   # hidden from the menu, still a page


def test_variants_follow_the_filters_a_query_takes():
    labels = lambda params: [v.key for v in queries.variants_for(params)]  # noqa: E731
    assert labels(set()) == ["all"]
    assert labels({"regions"}) == ["all", "regions"]
    assert labels({"regions", "themes", "year_from", "year_to"}) == ["all", "regions", "theme", "years"]
    resolved = {**queries.BENCH_PARAMS, "year_from": 2016, "year_to": 2025, "limit": 5}
    sql_params = {"regions", "themes", "year_from", "year_to", "use_precomputed", "limit"}
    everything = queries.params_for("x", sql_params, "all", resolved, {})
    assert everything["regions"] == [] and everything["themes"] == [] and everything["use_precomputed"] is True
    assert queries.params_for("x", sql_params, "regions", resolved, {})["regions"] == queries.BENCH_PARAMS["regions"]
    assert queries.params_for("x", sql_params, "theme", resolved, {})["themes"] == [queries.ONE_THEME]
    narrowed = queries.params_for("x", sql_params, "years", resolved, {})
    assert (narrowed["year_from"], narrowed["year_to"], narrowed["use_precomputed"]) == (2024, 2025, False)
    with pytest.raises(KeyError, match="BENCH_PARAMS"):
        queries.params_for("x", {"figure_orders"}, "all", queries.BENCH_PARAMS, {})


def test_every_query_runs_with_bench_params_on_the_fixture(fixture_db, tmp_path):
    results = report.Results(sizes=[1])
    resolved = queries.bench_queries(fixture_db, 1, runs=2, work=tmp_path, results=results)
    assert results.errors == []
    assert {q for (_, q, _) in results.query} == set(WAREHOUSE_QUERIES)
    for (_, _, _), (p50, p95, rows) in results.query.items():
        assert 0 < p50 <= p95 and rows >= 0
    assert resolved["figure_orders"] and resolved["problem_ids"] and resolved["source_file"]
    assert not list((tmp_path / "snapshots").glob("*.duckdb"))  # the snapshot is removed afterwards


def test_pandas_baseline_answers_the_same_question_as_the_query(real_db):
    """The baseline is only a fair comparison if it returns what facts/latest_per_series returns."""
    con = queries.connect(real_db)
    try:
        overrides = queries.query_overrides()
        resolved = queries.resolve_params(con, overrides)
        df = con.execute("SELECT * FROM facts").df()
        limit = overrides["facts/latest_per_series"]["limit"]
        sql_params = queries.query_param_names(db.load_sql("facts/latest_per_series"))
        for variant in queries.VARIANTS:
            params = queries.params_for("facts/latest_per_series", sql_params, variant.key, resolved, overrides)
            sql = queries._run(con, "facts/latest_per_series", params)
            frame = queries.pandas_latest_per_series(df, params["regions"], params["themes"], params["year_from"],
                                                   params["year_to"], limit)
            assert sorted(frame["figure_id"]) == sorted(sql["figure_id"]), variant
            assert len(sql) > 0, variant
    finally:
        con.close()


def test_targets_are_judged_on_the_largest_and_the_real_size():
    r = report.Results(sizes=[1, 1000])
    r.page_warm = {(1000, "总览"): [1.0, 1.2, 1.1], (1000, "排名"): [2.5, 2.6, 2.4],
                   (1, "总览"): [0.5, 0.6], (1, "排名"): [1.4]}
    r.query = {(1000, "facts/a", "全部"): (0.01, 0.05, 3), (1000, "facts/b", "2个地区"): (0.09, 0.2, 3),
               (1, "facts/b", "2个地区"): (0.5, 0.9, 3)}  # a slow real size does not count for the 1000x target
    r.server_peak = {1000: 900 * 2**20, 1: 2 * 2**30}
    r.filter_change = {1: [0.6, 0.7, 0.8]}
    r.page_switch = {(1000, "排名"): [1.2, 1.3, 1.1], (1, "排名"): [1.6, 1.7]}
    got = {t.name: t for t in report.evaluate_targets(r)}
    assert len(got) == 7
    page, query, memory, switch, real_page, real_switch, change = got.values()
    assert page.status == "未达标" and len(page.offenders) == 1 and page.offenders[0].startswith("排名")
    assert query.status == "未达标" and query.offenders == ["facts/b［2个地区］ 200 ms"]
    assert memory.status == "达标" and memory.offenders == []
    assert switch.status == "达标" and "站内切换" in switch.name
    assert real_page.status == "达标"
    assert real_switch.status == "未达标" and real_switch.offenders == ["排名 1.65 s"]
    assert change.status == "未达标" and "0.70 s" in change.offenders[0]


def test_targets_not_measured_are_said_so():
    r = report.Results(sizes=[1, 10])
    r.query = {(10, "facts/a", "全部"): (0.001, 0.002, 1)}
    statuses = [t.status for t in report.evaluate_targets(r)]
    assert statuses == ["未测", "达标", "未测", "未测", "未测", "未测", "未测"]


def test_export_queries_are_timed_as_exports_not_as_page_queries():
    """Fetching every figure for a workbook is part of writing a file (section 6a), not a click."""
    r = report.Results(sizes=[1, 1000])
    r.query = {(1000, "exports/workbook_figures", "全部"): (2.1, 2.3, 398000), (1000, "facts/a", "全部"): (0.01, 0.02, 3)}
    query = next(t for t in report.evaluate_targets(r) if "页面查询" in t.name)
    assert query.status == "达标" and query.offenders == []
    r.query[(1000, "overview/behind", "全部")] = (0.09, 0.104, 10)
    query = next(t for t in report.evaluate_targets(r) if "页面查询" in t.name)
    assert query.status == "未达标" and query.offenders == ["overview/behind［全部］ 104 ms"]


def test_a_page_that_could_not_be_measured_is_never_counted_as_met():
    r = report.Results(sizes=[1, 1000])
    r.page_warm = {(1, "排名"): [0.9, 1.0]}
    r.page_switch = {(1, "排名"): [0.4]}
    r.page_failed = {(1, "总览")}

    def real_page() -> report.Target:
        return next(t for t in report.evaluate_targets(r) if t.name == f"真实 1×：每页热加载 < {report.REAL_PAGE_TARGET:g} s")

    assert real_page().status == "未全测" and real_page().offenders == ["总览 未测得"]
    r.page_warm[(1, "排名")] = [1.6, 1.7]  # one over and one missing: 未达标, both named
    assert real_page().status == "未达标" and real_page().offenders == ["排名 1.65 s", "总览 未测得"]


def test_memory_sampler_sees_this_process():
    import os

    with pages.MemorySampler(os.getpid(), interval=0.05) as mem:
        _ = bytearray(20 * 2**20)
    assert mem.peak > 20 * 2**20


def test_options_for_smoke_and_pages():
    args = bench_main.arguments(["--smoke", "--work", "/tmp/x"])
    assert args.sizes == [1] and args.pages == [1] and args.page_runs == 1
    args = bench_main.arguments(["--sizes", "1,10,100", "--pages", "real,largest"])
    assert args.pages == [1, 100]
    assert bench_main.arguments(["--sizes", "1,10", "--pages", "none"]).pages == []
    with pytest.raises(SystemExit):
        bench_main.arguments(["--sizes", "1,10", "--pages", "1000"])
    assert bench_main.arguments(["--sizes", "1000", "--pages", "none"]).sizes == [1, 1000]  # the real one always
    with pytest.raises(SystemExit):
        bench_main.arguments(["--sizes", "zehn"])


@pytest.mark.browser
def test_smoke_bench_reports_every_page_and_query(tmp_path):
    """`make bench-smoke` end to end: a figure for every page and every query, a Markdown copy."""
    require_chromium()
    lines: list[str] = []
    status = bench_main.main(["--smoke", "--work", str(tmp_path)], out=lines.append)
    text = "\n".join(lines)
    assert status == 0, text
    for name in WAREHOUSE_QUERIES:
        rows = [ln for ln in lines if ln.startswith(name + " ")]
        assert rows and all(re.search(r"\d / \d[\d.]*( 超标)? \(\d+\)$", ln) for ln in rows), (name, rows)
    for page in pages.app_pages():
        rows = [ln for ln in lines if ln.startswith(page.title) and f"/{page.path} " in ln + " "]
        assert len(rows) == 1, (page, text)
        _, _, cold, warm, ratio, switch = rows[0].split()  # one run each: no ± spread
        assert float(cold) > 0 and float(warm) > 0 and float(ratio) > 0, rows[0]
        if page.path in pages.NO_SWITCH:  # not in the sidebar
            assert switch == "—", rows[0]
        else:
            assert float(switch) > 0, rows[0]
    assert re.search(r"筛选变更.*：\d[\d.]* ms（1 次）", text), text
    assert re.search(r"服务器内存峰值.*：\d[\d.]* MiB", text), text
    markdown = (tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    assert all(name in markdown for name in WAREHOUSE_QUERIES)
