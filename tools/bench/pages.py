"""The benchmark's browser side: every page of the registry in headless chromium, from navigation to
drawn (cold, warm, and switched to from the sidebar), a sidebar filter change, the server's peak
memory, and a one-title Streamlit page measured the same way as the baseline."""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from govdash.desk import registry
from tools import browser
from tools.bench.queries import FILTER_REGIONS
from tools.bench.report import MS, Report, Results, fmt_bytes, fmt_ms, fmt_stat, size_label

BASELINE_SCRIPT = 'import streamlit as st\nst.title("基准页")\nst.write("一行文字")\n'


# --- pages and server memory ---------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    path: str      # URL path ("" = the default page)
    title: str
    file: str


def app_pages() -> list[Page]:
    """Every page of the registry (what app.py gives st.navigation), the default one at "/"."""
    return [Page("" if p.is_default else p.url_path, p.title, p.file) for p in registry.PAGES]


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


# Opened by their URL only: the meeting screen, and 登录, which the navigation hides once signed in
NO_SWITCH = tuple(p.url_path for p in registry.PAGES if not p.is_listed or p == registry.SIGN_IN)

# Pages with something of their own to wait for: the meeting screen's header and footer are drawn
# by the slide (browser.wait_for_meeting waits for the same).
READY_SELECTORS = {registry.MEETING.url_path: ".mtg-header .mtg-page b, .mtg-footer"}


def load_page(page, url: str, ready: str | None = None, timeout_ms: int = 90000) -> float:
    """Seconds from page.goto to drawn."""
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_function(DRAWN_JS, arg=ready, timeout=timeout_ms, polling="raf")
    return time.perf_counter() - start


def page_error(page) -> str | None:
    shown = page.locator(browser.ERROR_SELECTORS)
    if shown.count():
        return shown.first.inner_text()[:200].replace("\n", " ")
    return None


def filter_change(page, base_url: str, region: str) -> float:
    """Seconds from the click on a region in the sidebar filter to the page rerun and drawn."""
    load_page(page, f"{base_url}/{registry.GOOD_BAD_REVIEWS.url_path}")
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


BENCH_ADMIN, BENCH_PASSWORD = "基准测试管理员", "bench-password-1"


@contextlib.contextmanager
def served(db_path: Path, work: Path, script: Path | None = None) -> Iterator[tuple[object, MemorySampler]]:
    """The app as deployed (sign-in required) with an admin account, who may open every page;
    its ballot box, accounts, audit log and key in `work`."""
    env = browser.private_files(work / f"files-{time.monotonic_ns()}", GOVDASH_SNAPSHOTS=str(work / "snapshots"))
    browser.add_account(env, BENCH_ADMIN, "admin", BENCH_PASSWORD)
    with browser.streamlit_server(db_path, work, env=env, script=script) as srv, MemorySampler(srv.process.pid) as mem:
        yield srv, mem


def signed_in(page, srv) -> None:
    """Sign the benchmark's browser in once; the cookie then rides on every page load it times."""
    browser.sign_in(page, srv.url, BENCH_ADMIN, BENCH_PASSWORD)


def bench_baseline_page(db_path: Path, work: Path, runs: int, report: Report) -> float | None:
    script = work / "baseline_page.py"
    script.write_text(BASELINE_SCRIPT, encoding="utf-8")
    with served(db_path, work, script) as (srv, _), browser.browser_page(browser.RequestLog()) as page:
        cold = load_page(page, srv.url)
        warm = [load_page(page, srv.url) for _ in range(runs)]
    report.line(f"基准页（只有一个标题的 Streamlit 页面）：冷 {fmt_ms(cold)} ms，热 {fmt_stat(warm)} ms")
    return statistics.median(warm)


def measure_page(srv, page, p: Page, factor: int, runs: int, baseline: float | None, results: Results) -> list[str]:
    """One page cold, warm (`runs` times) and switched to from the sidebar; its row of the table."""
    url, ready = f"{srv.url}/{p.path}", READY_SELECTORS.get(p.path)
    try:
        cold = load_page(page, url, ready)
        error = page_error(page)
        warm = [load_page(page, url, ready) for _ in range(runs)]
        # pages in the sidebar: also reached from another page by its link (not the hidden meeting screen)
        start = next((q for q in app_pages() if q.path not in (p.path, *NO_SWITCH)), None)
        switch = ([switch_to(page, srv.url, start, p, results.retries) for _ in range(runs)]
                  if start and p.path not in NO_SWITCH else [])
    except Exception as exc:  # a timeout or a crashed page: reported, the run goes on
        results.errors.append(f"{size_label(factor)} 页面 /{p.path}（{p.title}）未能测量：{str(exc)[:200]}")
        results.page_failed.add((factor, p.title))
        return [p.title, f"/{p.path}", "出错", "—", "—", "—"]
    if error:
        results.errors.append(f"{size_label(factor)} 页面 /{p.path}（{p.title}）显示错误：{error}")
    results.page_cold[(factor, p.title)] = cold
    results.page_warm[(factor, p.title)] = warm
    if switch:
        results.page_switch[(factor, p.title)] = switch
    ratio = f"{statistics.median(warm) / baseline:.1f}" if baseline else "—"
    return [p.title + ("（出错）" if error else ""), f"/{p.path}", fmt_ms(cold), fmt_stat(warm), ratio,
            fmt_stat(switch) if switch else "—"]


def filter_changes(page, srv, factor: int, runs: int, results: Results) -> list[float]:
    changes = []
    for region in (FILTER_REGIONS * runs)[: max(1, runs)]:
        try:
            changes.append(filter_change(page, srv.url, region))
        except Exception as exc:
            results.errors.append(f"{size_label(factor)} 筛选变更（{region}）未能测量：{str(exc)[:200]}")
    return changes


def bench_pages(db_path: Path, factor: int, work: Path, runs: int, fresh_server: bool, baseline: float | None,
                results: Results, report: Report) -> None:
    """Every page cold and warm, then a sweep over all pages on one server and the filter change."""
    requests = browser.RequestLog()
    rows, peaks = [], []
    if fresh_server:
        for p in app_pages():
            with served(db_path, work) as (srv, mem), browser.browser_page(requests) as page:
                signed_in(page, srv)
                rows.append(measure_page(srv, page, p, factor, runs, baseline, results))
            peaks.append(mem.peak)
    with served(db_path, work) as (srv, mem), browser.browser_page(requests) as page:
        signed_in(page, srv)
        for p in app_pages():
            if not fresh_server:
                rows.append(measure_page(srv, page, p, factor, runs, baseline, results))
            else:  # one server that has shown every page, as after a day's use
                with contextlib.suppress(Exception):
                    load_page(page, f"{srv.url}/{p.path}", READY_SELECTORS.get(p.path))
        changes = filter_changes(page, srv, factor, runs, results)
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
    if external := requests.external():
        results.errors.append(f"{size_label(factor)} 页面访问了外部地址：{external[:5]}")



