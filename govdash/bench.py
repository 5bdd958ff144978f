"""Page-speed benchmark (`make bench`): prints figures, asserts nothing.

For every page, in headless chromium at 1920x1080: the time from navigation to "script finished
and all its charts drawn", cold (first visit on a fresh server) and warm (repeat visits, median
and spread), and the time a filter change takes. A trivial one-title Streamlit page is measured
in the same run as the baseline, since this machine is noisy: the ratio says what the
dashboard adds over Streamlit itself.

    python -m govdash.bench [--runs 5] [--db PATH]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from govdash import browser, build, config

PAGES = [
    ("", "总览"), ("one-network", "一网通办"), ("good-bad-reviews", "好差评"), ("supervision", "互联网+监管"),
    ("complaints", "投诉与热线"), ("rankings", "排名"), ("compare", "地区对比"), ("rectification", "整改台账"),
    ("sources", "数据来源"), ("about", "数据概况"),
]
BASELINE_SCRIPT = 'import streamlit as st\nst.title("基准页")\nst.write("一行文字")\n'


def _load(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            if (!main || !main.querySelector('h1')) return false;
            if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
            if (document.querySelector('[data-stale="true"]')) return false;
            const plots = document.querySelectorAll('.js-plotly-plot');
            return [...plots].every(p => p.querySelector('.main-svg'));
        }""",
        timeout=60000,
    )
    return time.perf_counter() - start


def _filter_change(page, base_url: str, region: str) -> float:
    """Choose a region in the sidebar filter; the time from the user's click on the option to
    the page re-run and redrawn, measured inside the page (performance.now()), so neither
    Playwright's own round trips nor the dropdown's opening animation are counted."""
    _load(page, f"{base_url}/good-bad-reviews")
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    option = page.get_by_role("option", name=region).first
    option.wait_for(state="visible")
    page.wait_for_timeout(300)  # let the dropdown finish opening, as a person would
    page.evaluate(
        """() => {
            window.__govdashChange = null;
            document.addEventListener('mousedown', () => {
                const start = performance.now();
                let sawRun = false;
                const poll = () => {
                    const running = document.querySelector('[data-testid="stStatusWidget"]')
                        || document.querySelector('[data-stale="true"]');
                    sawRun = sawRun || Boolean(running) || location.search.includes('region=');
                    if (sawRun && !running && location.search.includes('region=')) {
                        const plots = document.querySelectorAll('.js-plotly-plot');
                        if ([...plots].every(p => p.querySelector('.main-svg'))) {
                            window.__govdashChange = performance.now() - start;
                            return;
                        }
                    }
                    requestAnimationFrame(poll);
                };
                requestAnimationFrame(poll);
            }, {capture: true, once: true});
        }"""
    )
    option.click()
    page.wait_for_function("() => window.__govdashChange !== null", timeout=30000)
    return page.evaluate("window.__govdashChange") / 1000


def _stats(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    if len(ms) == 1:
        return f"{ms[0]:8.0f}"
    return f"{statistics.median(ms):8.0f} (±{(max(ms) - min(ms)) / 2:4.0f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="页面速度基准：打印结果，不做断言")
    parser.add_argument("--runs", type=int, default=5, help="warm 测量次数")
    parser.add_argument("--db", type=Path, default=None, help="数据仓库，默认从 data/ 临时生成")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="govdash-bench-"))
    db = args.db
    if db is None:
        db = work / "bench.duckdb"
        build.build(config.DATA_DIR, db)
    baseline_script = work / "baseline.py"
    baseline_script.write_text(BASELINE_SCRIPT, encoding="utf-8")

    print(f"warehouse: {db}   runs: {args.runs}   viewport: 1920x1080, headless chromium")
    print(f"{'page':<14}{'cold ms':>10}{'warm ms (median ± half-range)':>32}{'× baseline':>12}")
    requests = browser.RequestLog()
    with browser.streamlit_server(db, work, script=baseline_script) as base, browser.browser_page(requests) as page:
        base_cold = _load(page, base.url)
        base_warm = [_load(page, base.url) for _ in range(args.runs)]
    base_median = statistics.median(base_warm)
    print(f"{'(baseline)':<14}{base_cold * 1000:>10.0f}{_stats(base_warm):>32}{1.0:>12.2f}")

    with browser.streamlit_server(db, work) as srv, browser.browser_page(requests) as page:
        for path, title in PAGES:
            cold = _load(page, f"{srv.url}/{path}")
            warm = [_load(page, f"{srv.url}/{path}") for _ in range(args.runs)]
            ratio = statistics.median(warm) / base_median
            print(f"{title:<14}{cold * 1000:>10.0f}{_stats(warm):>32}{ratio:>12.2f}")
        changes = [_filter_change(page, srv.url, region) for region in ["长沙市", "武汉经开区", "濮阳县"][: max(1, args.runs)]]
        print(f"{'筛选变更':<14}{'':>10}{_stats(changes):>32}")
    print(f"non-local requests: {len(requests.external())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
